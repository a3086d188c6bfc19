// The Web-standard half of the package (no Node built-ins anywhere below it), for workers and edge runtimes:
// `import { createVisitorAuth } from '@cognito-connect/visitor-auth/web'`. The root entry re-exports all of it.
export {
  createVisitorAuth,
  type VisitorAuth,
  type VisitorAuthOptions,
  type SignedInVisitor,
  type RefreshedVisitor,
} from './handler.js';
export { compileClaims, parseClaimList, DEFAULT_CLAIMS, type ClaimMap, type ClaimPicker } from './claims.js';
export { signVisitorToken, verifyVisitorToken, visitorExpiresAt, type VisitorClaims } from './visitor-token.js';
export { destinationOnSite, parseSite, type Site } from './destination.js';
