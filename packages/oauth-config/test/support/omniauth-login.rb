# Drives OmniAuth's OAuth2 strategy (Debian's omniauth-oauth2) configured from a generated GitLab provider, in a Rack app
# under rack-test: prints the authorize redirect, reads the callback URL the browser reached on stdin, runs the callback
# phase (token exchange at the token endpoint, then userInfo as GitLab's OAuth2Generic does) and prints the result.
require 'json'
require 'logger'
require 'securerandom'
require 'omniauth-oauth2'
require 'rack/test'
require_relative 'rack-browser'

provider = JSON.parse(File.read(ARGV.fetch(0)))
args = provider.fetch('args')
structure = args.fetch('user_response_structure')

OmniAuth.config.full_host = ENV.fetch('GITLAB_URL')
OmniAuth.config.path_prefix = '/users/auth' # GitLab's prefix: the callback URL must match the registered one
OmniAuth.config.request_validation_phase = nil # GitLab checks its own CSRF token in front of OmniAuth
OmniAuth.config.logger = Logger.new($stderr)
OmniAuth.config.on_failure = proc do |env|
  error = env['omniauth.error']
  [401, { 'Content-Type' => 'application/json' }, [JSON.generate(failure: env['omniauth.error.type'].to_s, message: error&.message.to_s)]]
end

# GitLab's strategy (omniauth-oauth2-generic, which Debian does not package) differs from the OAuth2 base strategy in the
# one way that matters here: the redirect_uri of both phases is options.redirect_url, never the callback's query string.
class OAuth2GenericCallback < OmniAuth::Strategies::OAuth2
  option :redirect_url, nil

  def callback_url
    options.redirect_url || (full_host + script_name + callback_path)
  end
end

signed_in = lambda do |env|
  strategy = env.fetch('omniauth.strategy')
  token = strategy.access_token
  # What OAuth2Generic does after the exchange: GET user_info_url with the token, read uid and attributes by path.
  raw = token.get(args.fetch('client_options').fetch('user_info_url')).parsed
  root = structure.fetch('root_path').reduce(raw) { |node, key| node.fetch(key) }
  uid = structure.fetch('id_path').reduce(root) { |node, key| node.fetch(key) }
  info = structure.fetch('attributes').transform_values { |key| root[key] }
  [200, { 'Content-Type' => 'application/json' }, [JSON.generate(uid: uid, info: info, raw: raw, access_token: token.token)]]
end

app = Rack::Builder.new do
  use Rack::Session::Cookie, secret: SecureRandom.hex(64), same_site: :lax
  use OmniAuth::Builder do
    provider OAuth2GenericCallback, provider.fetch('app_id'), provider.fetch('app_secret'),
             name: provider.fetch('name'),
             redirect_url: args['redirect_url'],
             scope: args.fetch('scope'),
             client_options: args.fetch('client_options'),
             authorize_params: args.fetch('authorize_params', {})
  end
  run signed_in
end

sign_in_through(app, provider.fetch('name'))
