/**
 * The addresses the global setup publishes to the test workers, which inherit its environment.
 * `short*` is a second identity server whose access tokens live a few seconds, with its own build of the app.
 */
export interface E2EEnvironment {
  appURL: string;
  fiefURL: string;
  shortAppURL: string;
  shortFiefURL: string;
  /** Seconds an access token lives on the short server. */
  shortAccessTokenTTL: number;
  /** The global setup's control endpoint (add users, read email codes): see `createControlServer`. */
  controlURL: string;
}

const names = {
  appURL: 'E2E_APP_URL',
  fiefURL: 'E2E_FIEF_URL',
  shortAppURL: 'E2E_SHORT_APP_URL',
  shortFiefURL: 'E2E_SHORT_FIEF_URL',
  shortAccessTokenTTL: 'E2E_SHORT_ACCESS_TOKEN_TTL',
  controlURL: 'E2E_CONTROL_URL',
} as const satisfies Record<keyof E2EEnvironment, string>;

export function publishEnvironment(environment: E2EEnvironment): void {
  for (const [key, name] of Object.entries(names)) {
    process.env[name] = String(environment[key as keyof E2EEnvironment]);
  }
}

export function readEnvironment(): E2EEnvironment {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value)
      throw new Error(`${name} is not set: run the tests with \`pnpm playwright test\` (global setup)`);
    return value;
  };
  return {
    appURL: read(names.appURL),
    fiefURL: read(names.fiefURL),
    shortAppURL: read(names.shortAppURL),
    shortFiefURL: read(names.shortFiefURL),
    shortAccessTokenTTL: Number(read(names.shortAccessTokenTTL)),
    controlURL: read(names.controlURL),
  };
}
