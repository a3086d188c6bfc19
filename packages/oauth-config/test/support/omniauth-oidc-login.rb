# Drives GitLab's OpenID Connect strategy (Debian's ruby-omniauth-openid-connect, GitLab's fork of the gem) configured
# from a generated GitLab provider, in a Rack app under rack-test: prints the authorize redirect, reads the callback URL
# the browser reached on stdin, runs the callback phase (discovery, code exchange, ID token verified by the gem,
# userInfo) and prints the OmniAuth auth hash. Then prints where the strategy's logout path redirects.
require 'base64'
require 'digest'
require 'json'
require 'logger'
require 'securerandom'
require 'omniauth_openid_connect'
require 'rack/test'
require_relative 'rack-browser'

provider = JSON.parse(File.read(ARGV.fetch(0)))
args = provider.fetch('args').transform_keys(&:to_sym)
args[:client_options] = args.fetch(:client_options).transform_keys(&:to_sym)

# The emulator is plain http on loopback; the gem's discovery builds https:// URLs unless told otherwise.
SWD.url_builder = URI::HTTP if args.fetch(:issuer).start_with?('http://')

OmniAuth.config.full_host = ENV.fetch('GITLAB_URL')
OmniAuth.config.path_prefix = '/users/auth'
OmniAuth.config.request_validation_phase = nil # GitLab checks its own CSRF token in front of OmniAuth
OmniAuth.config.logger = Logger.new($stderr)
OmniAuth.config.on_failure = proc do |env|
  error = env['omniauth.error']
  [401, { 'Content-Type' => 'application/json' },
   [JSON.generate(failure: env['omniauth.error.type'].to_s, message: error&.message.to_s)]]
end

# Debian's gem (0.10.0) predates the `pkce` option GitLab's bundled omniauth_openid_connect reads (>= 0.5). This adds
# it the way that gem does: an S256 challenge on the authorize request, the verifier from the session on the code
# exchange. Everything else (discovery, token request, ID token verification, userInfo) is the Debian gem's own code.
class OpenIDConnectPkce < OmniAuth::Strategies::OpenIDConnect
  option :name, 'openid_connect'
  option :pkce, false

  def authorize_uri
    uri = super
    return uri unless options.pkce

    verifier = SecureRandom.urlsafe_base64(64)
    session['omniauth.pkce.verifier'] = verifier
    challenge = Base64.urlsafe_encode64(Digest::SHA256.digest(verifier), padding: false)
    "#{uri}&#{URI.encode_www_form(code_challenge: challenge, code_challenge_method: 'S256')}"
  end

  def access_token
    return super unless options.pkce
    return @access_token if @access_token

    @access_token = client.access_token!(
      scope: (options.scope if options.send_scope_to_token_endpoint),
      client_auth_method: options.client_auth_method,
      code_verifier: session.delete('omniauth.pkce.verifier')
    )
    verify_id_token!(@access_token.id_token) if configured_response_type == 'code'
    @access_token
  end
end

unless args.fetch(:strategy_class) == 'OmniAuth::Strategies::OpenIDConnect'
  abort "expected the OpenIDConnect strategy, got #{args[:strategy_class]}"
end
strategy_args = args.except(:strategy_class)

signed_in = lambda do |env|
  auth = env.fetch('omniauth.auth')
  userinfo = auth.extra.raw_info
  # What a strict client makes of userInfo alone: the gem's UserInfo model wants a boolean email_verified.
  strict = OpenIDConnect::ResponseObject::UserInfo.new(
    env.fetch('omniauth.strategy').access_token.userinfo!.raw_attributes
  )
  [200, { 'Content-Type' => 'application/json' }, [JSON.generate(
    uid: auth.uid,
    info: auth.info.to_hash,
    raw_info: userinfo.to_hash,
    id_token: auth.credentials.id_token,
    access_token: auth.credentials.token,
    userinfo_email_verified: strict.raw_attributes['email_verified'],
    userinfo_strictly_valid: strict.valid?,
  )]]
end

app = Rack::Builder.new do
  use Rack::Session::Cookie, secret: SecureRandom.hex(64), same_site: :lax
  use OmniAuth::Builder do
    provider OpenIDConnectPkce, strategy_args
  end
  run signed_in
end

browser = sign_in_through(app, provider.fetch('name'))
browser.get("/users/auth/#{provider.fetch('name')}/logout")
response = browser.last_response
$stdout.puts JSON.generate(logout: { status: response.status, location: response.headers['Location'] })
