export {
  DEMO_USER,
  type DevUser,
  type DevUserRecord,
  DuplicateEmailError,
  type FiefUserinfo,
  UserStore,
} from './accounts.js';
export { DEMO_CLIENT, type DevClient, type ResolvedClient } from './clients.js';
export { LoginAgent, LoginAgentError } from './loginAgent.js';
export { type DevServer, type DevServerOptions, type RecordedRequest, startDevServer } from './server.js';
