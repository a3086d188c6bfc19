// The slice of Strapi 5 and Koa this plugin touches, typed here rather than pulling in Strapi's large type packages.

/** A database row; callers narrow it to the shape they queried. */
export type Row = Record<string, unknown>;

export interface QueryBuilder {
  findOne(params: { where: Row; populate?: unknown; select?: string[] }): Promise<Row | null>;
  findMany(params: { where?: Row; populate?: unknown; limit?: number }): Promise<Row[]>;
  create(params: { data: Row; populate?: unknown }): Promise<Row>;
  update(params: { where: Row; data: Row; populate?: unknown }): Promise<Row | null>;
  deleteMany(params: { where: Row }): Promise<{ count: number }>;
}

export interface PluginStore {
  get(params: { key: string }): Promise<unknown>;
  set(params: { key: string; value: unknown }): Promise<void>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface AuthResult {
  authenticated?: boolean;
  credentials?: unknown;
  ability?: unknown;
  error?: string;
}

export interface AuthStrategy {
  name: string;
  authenticate(ctx: KoaContext): Promise<AuthResult>;
  verify?(
    auth: { credentials?: unknown; ability?: unknown },
    config: { scope?: string | string[] },
  ): void | Promise<void>;
}

export interface ContentTypeSchema {
  attributes: Record<string, Record<string, unknown>>;
}

/** A provider as users-permissions' providers registry holds it. */
export interface RegistryProvider {
  enabled: boolean;
  icon: string;
  grantConfig: Record<string, unknown>;
  authCallback(input: {
    accessToken?: string;
    query?: unknown;
    providers?: Record<string, GrantProviderSettings>;
    grantResponse?: Record<string, unknown>;
  }): Promise<{ username: string; email: string }>;
}

/** What the admin's Providers page stores for one provider (the `grant` key of the users-permissions store). */
export interface GrantProviderSettings {
  enabled?: boolean;
  key?: string;
  secret?: string;
  subdomain?: string;
  callback?: string;
  scope?: string[] | string;
  [field: string]: unknown;
}

export interface UsersPermissionsServices {
  'providers-registry': {
    add(name: string, provider: RegistryProvider): void;
    get(name: string): RegistryProvider | undefined;
  };
  jwt: { issue(payload: { id: number }): string | Promise<string> };
  permission: {
    findRolePermissions(roleId: number): Promise<unknown[]>;
    toContentAPIPermission(permission: unknown): unknown;
  };
}

export interface UsersPermissionsPlugin {
  service<K extends keyof UsersPermissionsServices>(name: K): UsersPermissionsServices[K];
  routes: Record<string, { routes: RouteDefinition[] }>;
  config(path: string): unknown;
}

export interface Strapi {
  config: { get<T = unknown>(path: string, fallback?: T): T; set(path: string, value: unknown): void };
  plugin(name: string): UsersPermissionsPlugin | undefined;
  store(params: { type: 'plugin'; name: string; key?: string }): PluginStore;
  db: { query(uid: string): QueryBuilder };
  log: Logger;
  get(name: 'auth'): { register(type: 'content-api', strategy: AuthStrategy): unknown };
  get(name: 'content-types'): { extend(uid: string, fn: (contentType: ContentTypeSchema) => void): unknown };
  getModel(uid: string): ContentTypeSchema;
  contentAPI: {
    permissions: { engine: { generateAbility(permissions: unknown[]): Promise<{ can(action: string): boolean }> } };
    sanitize: { output(data: unknown, schema: ContentTypeSchema, options: { auth?: unknown }): Promise<unknown> };
  };
  sessionManager?: ((origin: string) => SessionManager) | undefined;
  /** Set by Strapi once load() (register and every bootstrap, the app's included) has finished. */
  isLoaded?: boolean;
}

export interface SessionManager {
  generateRefreshToken(
    userId: string,
    deviceId: string | undefined,
    options: { type: 'refresh' },
  ): Promise<{ token: string }>;
  generateAccessToken(refreshToken: string): Promise<{ token: string } | { error: string }>;
  invalidateRefreshToken(userId: string, deviceId?: string): Promise<void>;
  validateRefreshToken(token: string): Promise<{ isValid: boolean; userId?: string; sessionId?: string }>;
  revokeSessionById(userId: string, sessionId: string): Promise<boolean>;
}

export interface KoaCookies {
  get(name: string, options?: { signed?: boolean }): string | undefined;
  set(name: string, value: string | null, options?: Record<string, unknown>): void;
}

export interface KoaContext {
  method: string;
  path: string;
  href: string;
  /** The host Koa read (`X-Forwarded-Host` only when Strapi trusts its proxy). */
  host: string;
  app: { proxy?: boolean };
  req: { socket: { encrypted?: boolean } };
  response: { get(field: string): string | string[] | number | undefined };
  query: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  secure: boolean;
  cookies: KoaCookies;
  request: { header: Record<string, string | string[] | undefined>; body?: unknown; url: string };
  session?: Record<string, unknown> | null;
  state: Record<string, unknown> & { user?: unknown; auth?: unknown; route?: unknown };
  status: number;
  type: string;
  body: unknown;
  set(field: string, value: string | string[]): void;
  redirect(url: string): void;
}

export type Next = () => Promise<unknown>;
export type Middleware = (ctx: KoaContext, next: Next) => Promise<unknown>;

export interface RouteDefinition {
  method: string;
  path: string;
  handler: string;
  config?: { auth?: false | { scope?: string[] }; middlewares?: unknown[]; prefix?: string; policies?: unknown[] };
  [key: string]: unknown;
}

/** The users-permissions user record, as the database layer returns it. */
export interface StrapiUser {
  id: number;
  documentId?: string;
  username: string;
  email: string;
  provider?: string;
  blocked?: boolean | null;
  confirmed?: boolean | null;
  cognitoSub?: string | null;
  role?: { id: number; type: string; name: string } | null;
  [key: string]: unknown;
}
