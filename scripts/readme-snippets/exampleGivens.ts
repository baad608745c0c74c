import type { Givens } from './examplePreamble.js';

/**
 * The free names the TSDoc examples may use without declaring them, and their types (see examplePreamble.ts).
 * A name is declared only for an example that uses it and does not declare or import it itself. Prefer an example
 * that declares what it uses; add a given when declaring it would bury the one call the example is about.
 */

/** What every example may use: the values an app already holds, and the app's own functions and components. */
const everywhere: Givens = {
  fief: 'Fief',
  auth: 'FiefAuth',
  accessToken: 'string',
  refreshToken: 'string',
  idToken: 'string',
  code: 'string',
  verifier: 'string',
  nonce: 'string',
  redirectURI: 'string',
  tokens: 'FiefTokenResponse',
  /** The error caught by the `catch` around the example. */
  err: 'unknown',
  session: 'Session',
  keeper: 'SessionKeeper',
  // The app's own: what it shows, and where it goes on.
  refresh: '() => Promise<void>',
  retryLater: '() => void',
  showOfflineBanner: '() => void',
  reportForgery: '() => void',
  Spinner: '() => null',
  App: '() => null',
  Account: '() => null',
  AccountPage: '() => null',
  Greeting: '() => null',
  LoginButton: '() => null',
  LogoutButton: '() => null',
  LoginFailed: '(props: { error?: Error }) => null',
};

/** What the examples of one file may use besides, by file relative to the repository root. */
const byFile: Record<string, Givens> = {
  'packages/core/src/protocol/clientAuth.ts': { config: 'FiefOpenIDConfiguration' },
  'packages/core/src/protocol/clientTokens.ts': {
    client: 'ClientContext',
    config: 'FiefOpenIDConfiguration',
    grant: 'Record<string, string>',
    jwks: 'JSONWebKeySet',
  },
  'packages/core/src/protocol/userAPI.ts': { client: 'ClientContext' },
  'packages/core/src/protocol/decryptor.ts': { encryptionKey: 'string', jwe: 'string' },
  'packages/core/src/protocol/errors.ts': { cause: 'unknown' },
  'packages/core/src/protocol/tokenRequest.ts': { error: 'unknown', config: 'FiefOpenIDConfiguration' },
  'packages/core/src/session/callbackFailure.ts': {
    context: 'LoginContext',
    state: 'SessionState',
    error: 'FiefAuthCallbackError',
  },
  'packages/core/src/session/callbackCompletion.ts': {
    context: 'LoginContext',
    state: 'SessionState',
    door: "Pick<EngineDoor, 'load'>",
    outcome: 'Promise<LoginOutcome>',
    pending: 'StoredPendingLogin',
    answer: '[FiefTokenResponse, FiefUserInfo]',
    obtainedAt: 'number',
  },
  'packages/core/src/session/endedSignIns.ts': {
    tabs: 'TabSync',
    candidate: 'Session',
    post: '(message: TabMessage) => void',
  },
  'packages/core/src/session/fiefAuth.ts': {
    render: '(state: FiefAuthState) => void',
    showSignedOutButFiefNotTold: '(error: unknown) => void',
  },
  'packages/core/src/session/leaseLock.ts': { holder: 'LeaseHolder' },
  'packages/core/src/session/loginAuthentication.ts': { pending: 'PendingLogin', claims: 'FiefUserInfo' },
  'packages/core/src/session/loginCallback.ts': {
    context: 'LoginContext',
    state: 'SessionState',
    door: "Pick<EngineDoor, 'load'>",
  },
  'packages/core/src/session/loginRedirect.ts': { context: 'LoginRedirectContext' },
  'packages/core/src/session/loginStart.ts': { settings: 'EngineRunSettings', departure: 'PageDeparture' },
  'packages/core/src/session/logoutRedirect.ts': { settings: 'EngineSettings', departure: 'PageDeparture' },
  'packages/core/src/session/logoutStart.ts': { settings: 'EngineSettings', departure: 'PageDeparture' },
  'packages/core/src/session/pendingLogin.ts': { state: 'string' },
  'packages/core/src/session/pendingLoginRest.ts': { stored: 'StoredPendingLogin' },
  'packages/core/src/session/sameGeneration.ts': { intended: 'Session', tabs: 'TabSync' },
  'packages/core/src/session/sessionOrder.ts': {
    started: 'Session',
    refreshed: 'Session',
    engine: '{ session: Session | null }',
  },
  'packages/core/src/session/sessionRefresher.ts': { host: 'RefreshHost', intended: 'Session' },
  'packages/core/src/session/sessionResume.ts': { context: 'ResumeContext' },
  'packages/core/src/session/sessionTokens.ts': { settings: 'LoginSessionContext', obtainedAt: 'number' },
  'packages/core/src/session/signOutTimes.ts': {
    state: 'SessionState',
    context: 'SessionStateContext',
    message: '{ ended: SignInId }',
  },
  'packages/core/src/session/spentBeside.ts': {
    host: 'SpentWaitHost',
    current: 'Session',
    tabs: 'TabLock',
    refresh: '(session: Session) => Promise<Session>',
  },
  'packages/core/src/session/spentRefreshWait.ts': { host: 'SpentWaitHost', current: 'Session' },
  'packages/core/src/session/tabLock.ts': {
    tabs: 'TabLock',
    refreshOnce: '(held: () => boolean) => Promise<Session | null>',
  },
  'packages/core/src/session/tabMessages.ts': { tabs: 'TabSync', context: 'TabMessageContext' },
  'packages/core/src/session/tokenValidationWait.ts': { intended: 'Session' },
  'packages/dev-server/src/loginAgent.ts': { authorizationURL: 'string' },
  'packages/react/src/FiefAuthCallback.tsx': { analytics: '{ identify(userId: string): void }' },
};

export function givensOf(file: string): Givens {
  return { ...everywhere, ...byFile[file] };
}
