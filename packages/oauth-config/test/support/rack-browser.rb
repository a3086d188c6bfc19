# The browser side of the OmniAuth scripts: starts the request phase of a Rack app under rack-test, prints the authorize
# redirect, reads the callback URL the real sign-in reached on stdin, runs the callback phase and prints its result.
require 'json'
require 'rack/test'

def sign_in_through(app, provider_name)
  browser = Rack::Test::Session.new(Rack::MockSession.new(app, URI(ENV.fetch('GITLAB_URL')).host))
  browser.post("/users/auth/#{provider_name}")
  response = browser.last_response
  abort "request phase answered #{response.status}: #{response.body}" unless response.status == 302
  $stdout.puts JSON.generate(authorize: response.headers.fetch('Location'))
  $stdout.flush

  callback = URI($stdin.gets.to_s.strip)
  browser.get("#{callback.path}?#{callback.query}")
  response = browser.last_response
  $stdout.puts JSON.generate(status: response.status, body: JSON.parse(response.body))
  $stdout.flush
  browser
end
