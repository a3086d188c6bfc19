// The slice of Strapi 5's admin (its users, roles and sessions services) the admin sign-in touches, typed like strapi.ts.
import type { Strapi } from './strapi.js';

/** An admin role as `admin::role` stores it: Super Admin, Editor, Author are `strapi-super-admin`, `strapi-editor`, ... */
export interface AdminRole {
  id: number;
  name: string;
  code: string;
}

/** An admin user as `admin::user` stores it (the fields this plugin reads). */
export interface AdminUser {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  password?: string | null;
  registrationToken?: string | null;
  isActive?: boolean | null;
  blocked?: boolean | null;
  roles?: AdminRole[];
}

/** `strapi.service('admin::user')`: the admin's own user service (it keeps the last-Super-Admin rule and emits its events). */
export interface AdminUserService {
  create(attributes: Record<string, unknown>): Promise<AdminUser>;
  updateById(id: number, attributes: Record<string, unknown>): Promise<AdminUser>;
  findOne(id: number, populate?: string[]): Promise<AdminUser | null>;
  findOneByEmail(email: string, populate?: string[]): Promise<AdminUser | null>;
  sanitizeUser(user: AdminUser): unknown;
}

/** One origin's view of Strapi 5's session manager (`strapi.sessionManager('admin')`). */
export interface AdminSessionManager {
  generateRefreshToken(
    userId: string,
    deviceId: string | undefined,
    options: { type: 'refresh' | 'session'; metadata?: Record<string, unknown> },
  ): Promise<{ token: string; absoluteExpiresAt?: string }>;
  generateAccessToken(refreshToken: string): Promise<{ token: string } | { error: string }>;
  invalidateRefreshToken(userId: string, deviceId?: string): Promise<void>;
}

/** Strapi with the admin services this plugin calls. */
export interface StrapiWithAdmin extends Omit<Strapi, 'sessionManager'> {
  service(uid: 'admin::user'): AdminUserService;
  sessionManager?: ((origin: 'admin') => AdminSessionManager) | undefined;
  eventHub?: { emit(event: string, payload: unknown): unknown };
}

/**
 * The same Strapi, typed with its admin services (every Strapi 5 has them: the admin is part of `@strapi/strapi`).
 *
 * @example
 * ```ts
 * const user = await withAdmin(strapi).service('admin::user').findOne(1);
 * ```
 */
export function withAdmin(strapi: Strapi): StrapiWithAdmin {
  return strapi as unknown as StrapiWithAdmin;
}
