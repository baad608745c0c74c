/**
 * `@fief-spa/core/engine`: the classes a UI layer builds on (the protocol client, the session engine, the base error
 * class), and nothing else. `@fief-spa/react` imports its values from here rather than from the package entry: a
 * bundler that splits by file (esbuild) would otherwise count every file the entry re-exports, such as the token
 * error classes that only the lazily loaded validation throws, as reached by the app's first chunk. Apps import from
 * `@fief-spa/core`; the classes are the same modules either way.
 */
export { FiefError } from './protocol/errors.js';
export { Fief } from './protocol/fief.js';
export { FiefAuth } from './session/fiefAuth.js';
