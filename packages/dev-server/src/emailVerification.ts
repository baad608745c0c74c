import { randomInt } from 'node:crypto';

interface PendingChange {
  email: string;
  code: string;
  expiresAt: number;
}

const CODE_TTL_MS = 15 * 60 * 1000;

/** Email changes waiting for their verification code, one per user (a new request replaces the old one). */
export class EmailVerifications {
  readonly #pending = new Map<string, PendingChange>();

  /** Starts a change of `userId`'s email to `email`; returns the 6-digit code the user must send back. */
  start(userId: string, email: string): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.#pending.set(userId, { email, code, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** The new email if `code` is the user's pending code (which is then spent), else undefined. */
  consume(userId: string, code: string): string | undefined {
    const pending = this.#pending.get(userId);
    if (!pending || pending.expiresAt < Date.now() || pending.code !== code) return undefined;
    this.#pending.delete(userId);
    return pending.email;
  }

  /** The pending code for a change to `email`, or of the user `currentEmailOwner` (dev/test only). */
  codeFor(email: string, currentEmailOwner: string | undefined): string | undefined {
    const wanted = email.trim().toLowerCase();
    for (const pending of this.#pending.values()) {
      if (pending.email.toLowerCase() === wanted && pending.expiresAt >= Date.now()) return pending.code;
    }
    const own = currentEmailOwner ? this.#pending.get(currentEmailOwner) : undefined;
    return own && own.expiresAt >= Date.now() ? own.code : undefined;
  }
}
