// The shapes every generator returns, so the CLI and docs can treat all targets alike.

/** How a client secret is written: the value itself, a reference to an environment variable, or a placeholder to fill in. */
export type SecretsMode = 'inline' | 'env' | 'placeholder';

/** The syntax of a generated file; each has an emitter in `formats/` and a real parser in the tests. */
export type FileFormat =
  | 'ruby'
  | 'yaml'
  | 'json'
  | 'ini'
  | 'env'
  | 'shell'
  | 'hcl'
  | 'python'
  | 'javascript'
  | 'apache'
  | 'nginx'
  | 'caddyfile';

/** One file to paste or save, named by where it goes. */
export interface GeneratedFile {
  /** A suggested file name, relative (e.g. `gitlab.rb`, `helm/cognito-provider.yaml`). */
  path: string;
  /** The file's text, ready to save. */
  contents: string;
  /** Its syntax. */
  format: FileFormat;
  /** One line: where this file goes. */
  description: string;
}

/** What the Cognito app client must allow for a target to work; the `aws-cli`, `cloudformation` and `terraform` targets turn it into a client. */
export interface AppClientSpec {
  /** A name for the app client, e.g. `gitlab`. */
  clientName: string;
  /** The platform's callback URLs (CallbackURLs). */
  callbackUrls: string[];
  /** The URLs Cognito's /logout may return to (LogoutURLs). */
  logoutUrls: string[];
  /** OAuth scopes, as in the settings. */
  scopes: string[];
  /** Whether the platform authenticates with a client secret (a confidential client). */
  generateSecret: boolean;
  /** `COGNITO` and/or the federated identity providers' names in the pool. */
  identityProviders: string[];
}

/** Everything a generator produces for one target. Contains the client secret only when `secrets` is `inline` and the target needs it. */
export interface GeneratedConfig {
  /** The target's name. */
  target: string;
  /** The files to paste or save. */
  files: GeneratedFile[];
  /** Register these as the app client's callback URLs. */
  callbackUrls: string[];
  /** Register these as the app client's sign-out URLs (empty when the target does not sign out through Cognito). */
  logoutUrls: string[];
  /** What to do next, in order: where to paste, what to register, how to verify. */
  notes: string[];
  /** The configuration as plain data (the same values as the files). */
  json: unknown;
  /** The app client this target needs. */
  appClient: AppClientSpec;
}
