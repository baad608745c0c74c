/** Text a server or a forged token may carry, for the tests of error messages: markup, a control character, a direction override, and 10 kB. */
import { expect } from 'vitest';

export const hostile = `<script>alert(1)</script>\u0007\u202e${'A'.repeat(10_000)}`;

/** A message safe to show or log: short, printable ASCII, no markup. */
export function expectSafe(message: string): void {
  expect(message.length).toBeLessThan(500);
  expect(message).toMatch(/^[\x20-\x7e]*$/);
  expect(message).not.toMatch(/[<>&]/);
}
