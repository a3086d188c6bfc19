# Runs the OAUTH_PROVIDERS of a generated superset_config.py through Debian's Authlib Flask client the way
# Flask-AppBuilder does (oauth.register(name, **remote_app), authorize_redirect, authorize_access_token), then calls the
# generated CognitoSecurityManager.get_oauth_user_info with the real token response. Prints the authorize redirect,
# reads the callback URL the browser reached on stdin, prints the user.
import json
import sys
import types

from authlib.integrations.flask_client import OAuth
from flask import Flask, jsonify

# Stand-ins for the two Superset imports of superset_config.py; everything OAuth is Authlib's own code.
manager = types.ModuleType("flask_appbuilder.security.manager")
manager.AUTH_OAUTH = 4
security = types.ModuleType("superset.security")


class SupersetSecurityManager:
    def get_oauth_user_info(self, provider, resp):
        raise AssertionError(f"the generated manager fell back for {provider}")


security.SupersetSecurityManager = SupersetSecurityManager
for name in ("flask_appbuilder", "flask_appbuilder.security", "superset"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["flask_appbuilder.security.manager"] = manager
sys.modules["superset.security"] = security

config = {}
exec(open(sys.argv[1]).read(), config)
superset_url = sys.argv[2]

app = Flask(__name__)
app.secret_key = "test-only-flask-session-key"
oauth = OAuth(app)
remotes = {p["name"]: oauth.register(p["name"], **p["remote_app"]) for p in config["OAUTH_PROVIDERS"]}
sm = config["CUSTOM_SECURITY_MANAGER"]()
sm.appbuilder = types.SimpleNamespace(sm=types.SimpleNamespace(oauth_remotes=remotes))


@app.route("/login/<provider>")
def login(provider):
    # Flask-AppBuilder: redirect_uri = url_for(".oauth_authorized", provider=provider, _external=True)
    return remotes[provider].authorize_redirect(f"{superset_url}/oauth-authorized/{provider}")


@app.route("/oauth-authorized/<provider>")
def authorized(provider):
    resp = remotes[provider].authorize_access_token()
    user = sm.get_oauth_user_info(provider, resp)
    return jsonify(user=user, token_keys=sorted(resp.keys()), id_token_claims=resp.get("userinfo"))


provider = config["OAUTH_PROVIDERS"][0]["name"]
browser = app.test_client()
response = browser.get(f"/login/{provider}", base_url=superset_url)
assert response.status_code == 302, response.get_data(as_text=True)
print(json.dumps({"authorize": response.headers["Location"]}), flush=True)

callback = sys.stdin.readline().strip()
response = browser.get(callback, base_url=superset_url)
print(json.dumps({"status": response.status_code, "body": response.get_json(silent=True) or response.get_data(as_text=True)}), flush=True)
