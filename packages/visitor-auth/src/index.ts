// Public API of @cognito-connect/visitor-auth: the fetch handler, the standalone gateway, and the visitor-token helpers.
export { createVisitorAuth, type VisitorAuth, type VisitorAuthOptions, type SignedInVisitor } from './handler.js';
export { compileClaims, parseClaimList, DEFAULT_CLAIMS, type ClaimMap, type ClaimPicker } from './claims.js';
export { signVisitorToken, verifyVisitorToken, visitorExpiresAt, type VisitorClaims } from './visitor-token.js';
export { destinationOnSite, parseSite, type Site } from './destination.js';
export { createGateway, startGateway, GATEWAY_CALLBACK_PATH, type Gateway, type RunningGateway } from './gateway/gateway.js';
export type { GatewayOptions } from './gateway/options.js';
