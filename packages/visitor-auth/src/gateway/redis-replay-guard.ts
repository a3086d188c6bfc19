// The replay guard shared by every gateway instance: a used login transaction is a Redis key, set once (NX) until it expires.
import type { ReplayGuard } from '@cognito-connect/core';
import { createClient } from 'redis';

const PREFIX = 'cognito-connect:tx:';

/** A replay guard in Redis, with the connection it holds. */
export interface RedisReplayGuard extends ReplayGuard {
  /** Closes the Redis connection. */
  close(): Promise<void>;
}

/**
 * Connects to Redis (`redis://[user:password@]host:port[/db]` or `rediss://…`) and returns a replay guard that every
 * gateway instance sharing that Redis consults: a login transaction used on one instance is refused on all of them.
 * A Redis that cannot be reached refuses the login (the guard fails closed) rather than letting a replay through.
 *
 * @example
 * ```ts
 * import { redisReplayGuard, startGateway } from '@cognito-connect/visitor-auth';
 *
 * const replayGuard = await redisReplayGuard('redis://127.0.0.1:6379');
 * const gateway = await startGateway({ cognito, site, dir: './site', cookieSecret, replayGuard });
 * ```
 */
export async function redisReplayGuard(url: string): Promise<RedisReplayGuard> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) } });
  // Connection errors surface as refused logins below; the client reconnects by itself.
  client.on('error', () => {});
  await client.connect();
  return {
    async use(id, expiresAtSeconds) {
      const expiresAt = Math.max(Math.ceil(expiresAtSeconds), Math.floor(Date.now() / 1000) + 1);
      const answer = await client.set(`${PREFIX}${id}`, '1', { NX: true, EXAT: expiresAt });
      return answer === 'OK';
    },
    async close() {
      await client.quit();
    },
  };
}
