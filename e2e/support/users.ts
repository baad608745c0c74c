import { randomUUID } from 'node:crypto';

/** A user the tests sign in as; `createUser` (fixtures.ts) adds it to the identity server first. */
export interface TestUser {
  email: string;
  password: string;
  fields: { first_name: string; last_name: string };
  permissions: string[];
}

/**
 * A user for one test: `ada.lovelace@example.com`, or with a random suffix (`ada.lovelace.1a2b3c4d@…`) when
 * `unique`. Every test makes its own, so tests that change a user (fields, password, email) never see each
 * other's changes, whatever the worker, order, retry or `--repeat-each`.
 */
export function testUser(firstName: string, lastName: string, options: { unique?: boolean } = {}): TestUser {
  const slug = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]+/g, '-');
  const suffix = randomUUID().slice(0, 8);
  return {
    email: options.unique ? `${slug}.${suffix}@example.com` : `${slug}@example.com`,
    password: `${suffix}-correct-horse-battery`,
    fields: { first_name: firstName, last_name: lastName },
    permissions: ['castles:read', 'castles:create'],
  };
}
