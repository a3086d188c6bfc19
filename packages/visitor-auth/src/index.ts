// Public API of @cognito-connect/visitor-auth: the Web-standard handler and visitor-token helpers (also at ./web), and the Node gateway.
export * from './web.js';
export {
  createGateway,
  startGateway,
  GATEWAY_CALLBACK_PATH,
  GATEWAY_SECURITY_HEADERS,
  type Gateway,
  type RunningGateway,
} from './gateway/gateway.js';
export type { GatewayOptions } from './gateway/options.js';
export { runGatewayWorkers } from './gateway/workers.js';
export { redisReplayGuard, type RedisReplayGuard } from './gateway/redis-replay-guard.js';
