// Real parsers for each generated format: sh sources env files and runs commands against stubs, Python and Node load their files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from './tools.js';

/** Writes files into a fresh temporary directory, runs `fn` there, and removes it. */
export async function withFiles<T>(files: Record<string, string>, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-config-'));
  try {
    for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MINIMAL_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The variables an env file sets, as `sh` reads it (`set -a; . file`), with `env` as the surrounding environment. */
export function sourceEnvFile(contents: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  return withFiles({ 'vars.env': contents }, (dir) => {
    const out = run('sh', ['-c', 'set -a; . ./vars.env; env -0'], {
      cwd: dir,
      env: { ...emptyEnv(), ...MINIMAL_ENV, ...env },
    });
    const vars: Record<string, string> = {};
    for (const entry of out.split('\0').filter(Boolean)) {
      const eq = entry.indexOf('=');
      vars[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return vars;
  });
}

/** The argv each stubbed program received when `sh` runs the script (one array per call). */
export function commandCalls(
  script: string,
  programs: string[],
  env: Record<string, string> = {},
  extra: Record<string, string> = {},
): Promise<string[][]> {
  // Each stub prints its name and arguments NUL-separated, ending the call with an empty field; `sudo -u x` is dropped.
  const stubs = [
    'sudo() { shift 2; "$@"; }',
    ...programs.map((p) => `${p}() { printf '%s\\0' ${p} "$@"; printf '\\0'; }`),
  ].join('\n');
  return withFiles({ 'script.sh': script, ...extra }, (dir) => {
    const out = run('sh', ['-c', `${stubs}\n. ./script.sh`], {
      cwd: dir,
      env: { ...emptyEnv(), ...MINIMAL_ENV, ...env },
    });
    return out
      .split('\0\0')
      .filter(Boolean)
      .map((call) => call.split('\0'));
  });
}

/** Blanks every inherited variable, so a test proves which values came from the file. */
function emptyEnv(): Record<string, undefined> {
  return Object.fromEntries(Object.keys(process.env).map((k) => [k, undefined]));
}

/** Imports a generated ES module (e.g. grant.config.mjs) the way an app would, with `env` set while it loads. */
export async function importModule(
  contents: string,
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await withFiles(
      { 'module.mjs': contents },
      async (dir) => (await import(pathToFileURL(join(dir, 'module.mjs')).href)) as Record<string, unknown>,
    );
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Executes superset_config.py under Python with stand-ins for flask_appbuilder and superset, then prints its settings
 * as JSON and what CognitoSecurityManager.get_oauth_user_info returns for a fake userInfo and ID token.
 */
export function runSupersetConfig(
  contents: string,
  input: { userInfo: unknown; idTokenClaims: unknown; provider: string },
  env: Record<string, string> = {},
): Promise<{ settings: Record<string, unknown>; user: unknown; userInfoUrl: string }> {
  const harness = `
import json, sys, types
manager = types.ModuleType("flask_appbuilder.security.manager"); manager.AUTH_OAUTH = 4
security = types.ModuleType("superset.security")
class SupersetSecurityManager:
    def get_oauth_user_info(self, provider, resp):
        return {"fallback": provider}
security.SupersetSecurityManager = SupersetSecurityManager
for name in ("flask_appbuilder", "flask_appbuilder.security", "superset"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["flask_appbuilder.security.manager"] = manager
sys.modules["superset.security"] = security
config = {}
exec(open("superset_config.py").read(), config)
inp = json.loads(sys.argv[1])
calls = []
class Remote:
    def get(self, url):
        calls.append(url)
        return types.SimpleNamespace(json=lambda: inp["userInfo"])
sm = config["CUSTOM_SECURITY_MANAGER"]()
sm.appbuilder = types.SimpleNamespace(sm=types.SimpleNamespace(oauth_remotes={inp["provider"]: Remote()}))
user = sm.get_oauth_user_info(inp["provider"], {"access_token": "t", "userinfo": inp["idTokenClaims"]})
names = [k for k in config if k.isupper() and k not in ("CUSTOM_SECURITY_MANAGER", "AUTH_OAUTH")]
assert config["CUSTOM_SECURITY_MANAGER"].__name__ == "CognitoSecurityManager"
print(json.dumps({"settings": {k: config[k] for k in names}, "user": user, "userInfoUrl": calls[0]}))
`;
  return withFiles({ 'superset_config.py': contents, 'harness.py': harness }, (dir) =>
    JSON.parse(run('python3', ['harness.py', JSON.stringify(input)], { cwd: dir, env: { ...MINIMAL_ENV, ...env } })),
  );
}
