// The public API of @cognito-connect/emulator; nothing else is exported.
export { startEmulator, type ClientSettings, type Emulator, type EmulatorOptions } from './emulator.js';
export {
  AdminError,
  type AdminErrorCode,
  type EmulatorAdmin,
  type NewClient,
  type UserPatch,
  type UserView,
} from './admin.js';
export type { EmulatorFaults, FaultMode, FaultSettings, FaultTarget } from './faults.js';
export {
  loadSeed,
  SeedError,
  type Seed,
  type SeedClient,
  type SeedClientInput,
  type SeedGroup,
  type SeedIdentityProvider,
  type SeedIdentityProviderInput,
  type SeedInput,
  type SeedIssue,
  type SeedTriggers,
  type SeedUser,
  type SeedUserInput,
} from './seed.js';
export type { Identity } from './user-pool.js';
export type { CodePurpose, IssuedCode } from './api/state.js';
export type { TriggerEvent } from './triggers.js';
export { startStandInIdp, type StandInIdp, type StandInIdpOptions, type StandInUser } from './standin-idp.js';
