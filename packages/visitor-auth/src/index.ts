// Public API of @cognito-connect/visitor-auth: the fetch handler, the standalone gateway, and the visitor-token helpers.
export { createVisitorAuth, type VisitorAuth, type VisitorAuthOptions, type SignedInVisitor } from './handler.js';
export { compileClaims, parseClaimList, DEFAULT_CLAIMS, type ClaimMap, type ClaimPicker } from './claims.js';
export { signVisitorToken, verifyVisitorToken, visitorExpiresAt, type VisitorClaims } from './visitor-token.js';
export { destinationOnSite, parseSite, type Site } from './destination.js';
