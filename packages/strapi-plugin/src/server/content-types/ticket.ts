// The plugin's one table: single-use keys (spent login transactions, one-time login codes) shared by every instance.

/** The ticket content type's UID. */
export const TICKET_UID = 'plugin::cognito-connect.ticket';

/**
 * A table of keys that can each be written once: the unique index makes "first writer wins" atomic on every database.
 * Hidden from the admin and the APIs: only this plugin reads and writes it.
 */
export const ticketContentType = {
  schema: {
    kind: 'collectionType',
    collectionName: 'cognito_connect_tickets',
    info: { singularName: 'ticket', pluralName: 'tickets', displayName: 'Cognito Connect ticket' },
    options: { draftAndPublish: false, timestamps: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      key: { type: 'string', required: true, private: true, configurable: false, column: { unique: true } },
      payload: { type: 'json', private: true, configurable: false },
      expiresAt: { type: 'biginteger', required: true, private: true, configurable: false },
    },
  },
};
