// The `admin` block of the plugin's options: "Sign in with Cognito" on the Strapi admin panel, its group gate and role mapping.
import { z } from 'zod';

const unset = (value: unknown) => (value === '' || value === null ? undefined : value);
const roleList = z
  .union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** The admin panel sign-in's options (`admin: { ... }` in the plugin's config); off unless `enabled` is true. */
export const adminOptionsSchema = z.preprocess(
  unset,
  z
    .strictObject({
      /** Show "Sign in with Cognito" on the admin login page and serve its routes. */
      enabled: z.boolean().default(false),
      /**
       * Cognito group → admin role(s), by role name ("Super Admin", "Editor", "Author", a custom role's name) or code
       * (`strapi-super-admin`, ...). Applied at every sign-in: the user gets the roles of every mapped group they are in.
       */
      groupRoles: z.record(z.string().min(1), roleList).default({}),
      /** Refuse everyone who is in none of these Cognito groups (on top of needing a mapped group). */
      requiredGroups: z.array(z.string().min(1)).default([]),
      /** Create an admin user at the first sign-in of a Cognito user with a mapped group (else only linked users get in). */
      createUsers: z.boolean().default(true),
      /** The label of the button on the admin login page. */
      buttonLabel: z.string().trim().min(1).max(60).default('Sign in with Cognito'),
      /** Where Cognito's /logout returns to; one of the app client's sign-out URLs. Defaults to `<admin URL>/auth/login`. */
      logoutUri: z.preprocess(unset, z.string().trim().min(1).optional()),
      /** Skip the hosted UI and go to this federated IdP (its name in the pool). */
      identityProvider: z.preprocess(unset, z.string().trim().min(1).optional()),
    })
    .refine((admin) => !admin.enabled || Object.keys(admin.groupRoles).length > 0, {
      path: ['groupRoles'],
      message:
        'must map at least one Cognito group to an admin role when admin sign-in is enabled, e.g. { "cms-admins": "Super Admin", "editors": "Editor" }',
    })
    .default({
      enabled: false,
      groupRoles: {},
      requiredGroups: [],
      createUsers: true,
      buttonLabel: 'Sign in with Cognito',
    }),
);

/** The parsed `admin` options. */
export type AdminOptions = z.output<typeof adminOptionsSchema>;
