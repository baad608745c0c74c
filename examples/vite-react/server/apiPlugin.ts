import { Fief } from '@fief-spa/core';
import type { Plugin } from 'vite';
import { defaultFiefBaseURL, defaultFiefClientId } from '../src/fiefDefaults.ts';
import { type WhoamiMiddleware, whoamiApi } from './whoamiApi.ts';

/**
 * Serves the example app's API (`/api/whoami`) beside the app, under `vite` and `vite preview` alike, so the
 * app has a real resource server on its own origin. It trusts the same Fief tenant as the app
 * (`VITE_FIEF_BASE_URL`, `VITE_FIEF_CLIENT_ID`), read when the config resolves.
 */
export function exampleApiPlugin(): Plugin {
  let api: WhoamiMiddleware | undefined;
  const middleware: WhoamiMiddleware = async (request, response, next) => {
    if (!api) return next(new Error('the example API was called before the Vite config resolved'));
    return api(request, response, next);
  };
  return {
    name: 'fief-spa-example-api',
    configResolved(config) {
      // `config.env` holds the VITE_* variables of the environment and the .env files, as the app sees them.
      const env = config.env as Record<string, string | undefined>;
      api = whoamiApi(
        new Fief({
          baseURL: env.VITE_FIEF_BASE_URL || defaultFiefBaseURL,
          clientId: env.VITE_FIEF_CLIENT_ID || defaultFiefClientId,
        }),
      );
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
