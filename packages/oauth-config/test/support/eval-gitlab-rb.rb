# Evaluates a generated gitlab.rb snippet the way omnibus does (assignments into gitlab_rails) and prints the hash as JSON.
require 'json'

gitlab_rails = {}
eval(File.read(ARGV.fetch(0)), binding, ARGV.fetch(0)) # rubocop:disable Security/Eval -- evaluating config is the test
puts JSON.generate(gitlab_rails)
