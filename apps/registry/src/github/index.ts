export {
  DEFAULT_GITHUB_SCOPES,
  type DeviceFlowStart,
  type DevicePollResult,
  GitHubClient,
  type GitHubClientOptions,
  type GitHubIdentity,
} from './github.client';
export { createGitHubStrategy, GitHubSignInStrategy, type GitHubStrategyOptions } from './github.strategy';
export { type PassportStrategy, runStrategy, type StrategyOutcome, type StrategyRequest } from './passport.adapter';
export { SignedStateStore, type SignedStateStoreOptions, type StateCheck, type StateMeta } from './signed-state.store';
