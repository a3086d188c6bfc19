// Which Strapi admin user a Cognito user is: the link lives in the plugin's own table, so admin::user keeps Strapi's schema.

/** The admin identity content type's UID. */
export const ADMIN_IDENTITY_UID = 'plugin::cognito-connect.admin-identity';

/**
 * One row per linked admin user: the Cognito `sub` (the one stable key of a pool user) and the admin user's id, each unique,
 * so a Cognito user is at most one admin and an admin at most one Cognito user. Hidden from the admin and the APIs.
 */
export const adminIdentityContentType = {
  schema: {
    kind: 'collectionType',
    collectionName: 'cognito_connect_admin_identities',
    info: {
      singularName: 'admin-identity',
      pluralName: 'admin-identities',
      displayName: 'Cognito Connect admin identity',
    },
    options: { draftAndPublish: false, timestamps: true },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      sub: { type: 'string', required: true, private: true, configurable: false, column: { unique: true } },
      adminUserId: { type: 'integer', required: true, private: true, configurable: false, column: { unique: true } },
    },
  },
};
