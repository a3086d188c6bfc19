// The `cognito-connect` command line: one commander program, each command in commands/<name>.ts.
import { CognitoConnectError } from '@cognito-connect/core';
import { Command, Option } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config-file.js';
import { runConfig } from './commands/config.js';
import { runDoctor } from './commands/doctor.js';
import { runEmulator } from './commands/emulator.js';
import { runGateway } from './commands/gateway.js';
import { runInit } from './commands/init.js';
import { runPlayground } from './commands/playground.js';
import { runVerify } from './commands/verify.js';
import { createOutput, reportUserError } from './output.js';
import packageJson from '../package.json' with { type: 'json' };

// tsup inlines the JSON import, so the built bin reports the version it was published with.
const VERSION: string = packageJson.version;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Runs a command body. A user's mistake (any `CognitoConnectError`: core's, a settings file's, a generator option's)
 * becomes one clear line (or JSON) and exit code 1; anything else is a bug and goes on to `bin.ts`, which prints its stack.
 */
function action<A extends unknown[]>(body: (...args: A) => Promise<number>) {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command;
    const json = Boolean(command.optsWithGlobals().json);
    try {
      process.exitCode = await body(...args);
    } catch (error) {
      if (!(error instanceof CognitoConnectError)) throw error;
      reportUserError(createOutput({ json }), error);
      process.exitCode = 1;
    }
  };
}

/**
 * The `cognito-connect` command line as a commander `Command`: every command the binary has, for scripts and tests that
 * run it in-process. Errors are printed and set `process.exitCode`; `--json` switches every command to JSON output.
 *
 * @example
 * ```ts
 * import { createProgram } from 'cognito-connect';
 * await createProgram().parseAsync(['node', 'cognito-connect', 'verify', '--config', 'cognito-connect.config.json', token]);
 * ```
 */
export function createProgram(): Command {
  const program = new Command('cognito-connect')
    .description(
      'A secure AWS Cognito sign-in for the platforms you already run: config generators, a local emulator, a gateway, verify and doctor.',
    )
    .version(VERSION)
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false });

  const out = () => createOutput({ json: Boolean(program.opts().json) });
  const configOption = () => new Option('-c, --config <file>', 'settings file').default(DEFAULT_CONFIG_FILE);

  program
    .command('init')
    .description('write a validated settings file (cognito-connect.config.json); asks for what the flags do not give')
    .option('--pool <id>', 'user pool ID, e.g. eu-west-1_AbC123xyZ')
    .option('--region <region>', 'AWS region (default: from the pool ID)')
    .option('--domain <domain>', 'Cognito domain: prefix, full host or custom domain')
    .option('--client-id <id>', 'app client ID')
    .option(
      '--client-secret-env <NAME>',
      'environment variable holding the client secret (default COGNITO_CLIENT_SECRET)',
    )
    .option('--secret', 'the app client has a secret (read from --client-secret-env)')
    .option('--no-secret', 'the app client is public (no secret)')
    .option('--client-secret <secret>', 'store the secret inline (not recommended)')
    .option('--redirect-uri <url>', 'your app callback URL')
    .option('--logout-uri <url>', 'where Cognito /logout returns to')
    .option('--scopes <scopes>', 'scopes, space separated (default "openid email profile")')
    .option(
      '--issuer <url>',
      "the tokens' issuer, for the local emulator (default: Cognito's for the pool; <domain>/<pool> on loopback)",
    )
    .option('--out <file>', 'file to write', DEFAULT_CONFIG_FILE)
    .option('--force', 'overwrite an existing file')
    .option('--interactive', 'prompt for what the flags do not give (the default on a terminal)')
    .option('--no-interactive', 'never prompt; fail if a flag is missing')
    .addHelpText(
      'after',
      '\nExample:\n  cognito-connect init --pool eu-west-1_AbC123xyZ --domain myapp --client-id 4tg7fhidb5adr5jc1bna4me2i6 --client-secret-env COGNITO_CLIENT_SECRET',
    )
    .action(action(async (flags) => runInit(flags, out())));

  program
    .command('config [target]')
    .description('print a ready-to-paste configuration for a platform (no target: list them)')
    .addOption(configOption())
    .option(
      '--set <key=value>',
      'a target option, e.g. --set gitlabUrl=https://gitlab.example.com (repeatable)',
      collect,
    )
    .addOption(
      new Option('--secrets <mode>', 'how to write the client secret')
        .choices(['env', 'placeholder', 'inline'])
        .default('env'),
    )
    .option('--no-secrets', 'write placeholders instead of secrets (same as --secrets placeholder)')
    .option('--out <dir>', 'write the files into this folder instead of printing them')
    .addHelpText(
      'after',
      '\nExamples:\n  cognito-connect config gitlab --set gitlabUrl=https://gitlab.example.com\n  cognito-connect config terraform --out ./infra --json',
    )
    .action(
      action(
        async (
          target: string | undefined,
          flags: { config: string; set?: string[]; secrets: 'env' | 'placeholder' | 'inline' | false; out?: string },
        ) =>
          runConfig(
            target,
            {
              config: flags.config,
              set: flags.set,
              secrets: flags.secrets === false ? 'placeholder' : flags.secrets,
              out: flags.out,
            },
            out(),
          ),
      ),
    );

  program
    .command('emulator')
    .description('run a local Cognito user pool (hosted UI, OAuth2 endpoints, JWKS) from a seed file')
    .requiredOption('--seed <file>', 'seed JSON (user pool, clients, users, groups, identity providers)')
    .option('--port <n>', 'port (0 picks a free one)', '9400')
    .option('--host <address>', 'interface to bind', '127.0.0.1')
    .option('--keys <file>', 'keep signing keys in this file across restarts')
    .action(action(async (flags) => runEmulator(flags, out())));

  program
    .command('gateway')
    .description('put a static folder or an upstream server behind a Cognito login')
    .addOption(configOption())
    .option('--dir <folder>', 'serve this folder')
    .option('--upstream <url>', 'or proxy to this server, e.g. http://127.0.0.1:4000')
    .option('--forward-auth', 'or serve only sign-in and /_auth/check for nginx auth_request, Caddy or Traefik')
    .option('--port <n>', 'port', '8080')
    .option('--host <address>', 'interface to bind', '127.0.0.1')
    .option('--site <url>', 'public URL of the site (default http://<host>:<port>)')
    .option(
      '--cookie-secret-env <NAME>',
      'environment variable with the session cookie secret',
      'COGNITO_CONNECT_COOKIE_SECRET',
    )
    .option('--required-group <group>', 'admit only members of this Cognito group (repeatable)', collect)
    .option('--session-ttl <seconds>', 'seconds a session trusts its claims before checking with Cognito (a refresh)')
    .option(
      '--max-session-age <seconds>',
      'longest session from sign-in, however often it refreshes (300 to 315360000; default 28800 = 8 hours)',
    )
    .option('--replay-store <url>', 'share used login transactions between instances, e.g. redis://127.0.0.1:6379')
    .option('--workers <n>', 'worker processes sharing the port (node:cluster); e.g. the number of cores', '1')
    .action(action(async (flags) => runGateway({ ...flags, requiredGroups: flags.requiredGroup }, out())));

  program
    .command('verify <token>')
    .description('verify a Cognito JWT and print its verified claims, or exactly why it fails')
    .addOption(configOption())
    .option('--pool <id>', 'user pool ID (instead of the settings file)')
    .option('--client-id <id>', 'accepted app client ID (repeatable; default from the settings file)', collect)
    .addOption(new Option('--token-use <use>', 'expected token').choices(['id', 'access', 'any']).default('any'))
    .option('--issuer <url>', 'issuer override (emulator)')
    .option('--jwks-file <file>', 'verify against a saved JWKS instead of fetching it')
    .option('--group <group>', 'require membership of this group (repeatable)', collect)
    .option('--scope <scope>', 'require this scope (repeatable)', collect)
    .option('--at <time>', 'check expiry as of this ISO time or epoch seconds (debugging old tokens)')
    .action(
      action(async (token: string, flags) =>
        runVerify(token, { ...flags, groups: flags.group, scopes: flags.scope }, out()),
      ),
    );

  program
    .command('doctor')
    .description('check a configuration end to end without logging in; prints a checklist with a fix per failure')
    .addOption(configOption())
    .action(action(async (flags) => runDoctor(flags, out())));

  program
    .command('playground')
    .description(
      'start the emulator, a gateway-protected demo docs site and, for --strapi-dir or a Strapi app in this folder, Strapi',
    )
    .option('--port <n>', 'emulator port', '9400')
    .option('--gateway-port <n>', 'docs-site gateway port', '8080')
    .option('--strapi-port <n>', 'Strapi port', '1337')
    .option('--no-strapi', 'never start Strapi, even in a Strapi app')
    .option('--seed <file>', 'emulator seed (default: the demo logins shipped in this package)')
    .option('--strapi-dir <dir>', 'the Strapi app to start (default: this folder, if it is a Strapi app)')
    .option('--docs-dir <dir>', 'the static site to protect (default: the demo site shipped in this package)')
    .addOption(new Option('--exit-when-ready', 'stop as soon as everything is up (smoke tests)').hideHelp())
    .action(action(async (flags) => runPlayground(flags, out())));

  return program;
}
