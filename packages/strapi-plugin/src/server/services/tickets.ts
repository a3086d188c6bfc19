// Single-use things shared by every Strapi instance through the database: used login transactions and one-time login codes.
import { createHash, randomBytes } from 'node:crypto';
import type { ReplayGuard } from '@cognito-connect/core';
import type { Row, Strapi } from '../../strapi.js';
import { TICKET_UID } from '../content-types/ticket.js';

/** SHA-256 of `value`, base64url: what is stored instead of a code or a browser binding. */
export const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface Tickets {
  /** Core's replay guard: a login transaction ID is accepted once, on any instance. */
  replayGuard: ReplayGuard;
  /** Issues a one-time code for `payload`, valid `ttlSeconds`. Only the code's hash is stored. */
  issue(payload: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  /** The payload, once; undefined for an unknown, expired or already used code. */
  redeem(code: string): Promise<Record<string, unknown> | undefined>;
}

export function createTickets(strapi: Strapi): Tickets {
  const table = () => strapi.db.query(TICKET_UID);
  let lastSweep = 0;
  const sweep = async () => {
    // Expired rows are useless (an expired transaction or code is refused anyway); drop them now and then.
    if (nowSeconds() - lastSweep < 60) return;
    lastSweep = nowSeconds();
    await table().deleteMany({ where: { expiresAt: { $lt: nowSeconds() } } });
  };
  const insertOnce = async (key: string, expiresAt: number, payload: Row | null): Promise<boolean> => {
    await sweep();
    try {
      await table().create({ data: { key, expiresAt, payload } });
      return true;
    } catch (error) {
      if (/unique|duplicate/i.test(String((error as Error)?.message))) return false;
      throw error;
    }
  };
  return {
    replayGuard: { use: (id, expiresAt) => insertOnce(`tx:${id}`, Math.ceil(expiresAt), null) },
    async issue(payload, ttlSeconds) {
      const code = randomBytes(32).toString('base64url');
      await insertOnce(`code:${hash(code)}`, nowSeconds() + ttlSeconds, payload);
      return code;
    },
    async redeem(code) {
      if (typeof code !== 'string' || code.length < 20 || code.length > 100) return undefined;
      const key = `code:${hash(code)}`;
      const row = await table().findOne({ where: { key, expiresAt: { $gte: nowSeconds() } } });
      if (!row) return undefined;
      // Whoever deletes the row owns the code: two concurrent redeemers cannot both win.
      const { count } = await table().deleteMany({ where: { key } });
      return count === 1 ? (row.payload as Record<string, unknown>) : undefined;
    },
  };
}
