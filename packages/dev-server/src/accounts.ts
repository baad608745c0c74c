import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

/** A user to seed the dev server with. */
export interface DevUser {
  /** Defaults to a random UUID, like Fief's user ids. */
  id?: string;
  email: string;
  password: string;
  /** Defaults to true. */
  emailVerified?: boolean;
  /** Defaults to true. */
  isActive?: boolean;
  /** Fief's custom user fields (`fields` claim). */
  fields?: Record<string, unknown>;
  /** Permissions put in the `permissions` claim of access tokens. */
  permissions?: string[];
}

/** A stored user as the server sees it (a copy: changing it changes nothing; the password never leaves the store). */
export interface DevUserRecord {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly isActive: boolean;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly permissions: readonly string[];
}

/** The user info document Fief answers at `/api/userinfo` and its other `/api/*` routes, and puts in ID tokens. */
export interface FiefUserinfo {
  sub: string;
  email: string;
  email_verified: boolean;
  is_active: boolean;
  tenant_id: string;
  fields: Record<string, unknown>;
}

/** The demo user seeded by default and printed on start. */
export const DEMO_USER: DevUser = Object.freeze({
  email: 'anne@example.com',
  password: 'herminetincture',
  fields: Object.freeze({ first_name: 'Anne', last_name: 'Bonny' }),
  permissions: Object.freeze(['castles:read', 'castles:create']) as string[],
}) as DevUser;

export class DuplicateEmailError extends Error {
  readonly code = 'duplicate_email';
  constructor(email: string) {
    super(`a user with the email ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

interface StoredUser {
  id: string;
  email: string;
  emailVerified: boolean;
  isActive: boolean;
  fields: Record<string, unknown>;
  permissions: string[];
  salt: Buffer;
  passwordHash: Buffer;
}

// Low scrypt cost: this is a dev server; hashing only keeps passwords out of memory dumps and logs.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32, SCRYPT);
}

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The in-memory user directory of one dev server. */
export class UserStore {
  readonly #byId = new Map<string, StoredUser>();

  constructor(readonly tenantId: string) {}

  /** Adds a user; throws `DuplicateEmailError` when the email is taken. */
  add(user: DevUser): DevUserRecord {
    if (this.#findStored(user.email)) throw new DuplicateEmailError(user.email);
    const salt = randomBytes(16);
    const stored: StoredUser = {
      id: user.id ?? randomUUID(),
      email: user.email.trim(),
      emailVerified: user.emailVerified ?? true,
      isActive: user.isActive ?? true,
      fields: structuredClone(user.fields ?? {}),
      permissions: [...(user.permissions ?? [])],
      salt,
      passwordHash: hashPassword(user.password, salt),
    };
    this.#byId.set(stored.id, stored);
    return toRecord(stored);
  }

  findById(id: string): DevUserRecord | undefined {
    const stored = this.#byId.get(id);
    return stored && toRecord(stored);
  }

  findByEmail(email: string): DevUserRecord | undefined {
    const stored = this.#findStored(email);
    return stored && toRecord(stored);
  }

  list(): DevUserRecord[] {
    return [...this.#byId.values()].map(toRecord);
  }

  /** The user whose email and password match, if any (inactive users never authenticate). */
  authenticate(email: string, password: string): DevUserRecord | undefined {
    const stored = this.#findStored(email);
    if (!stored?.isActive) return undefined;
    const candidate = hashPassword(password, stored.salt);
    return timingSafeEqual(candidate, stored.passwordHash) ? toRecord(stored) : undefined;
  }

  setPassword(id: string, password: string): void {
    const stored = this.#require(id);
    stored.salt = randomBytes(16);
    stored.passwordHash = hashPassword(password, stored.salt);
  }

  /** Shallow-merges `fields` into the user's fields, like Fief's profile update. */
  mergeFields(id: string, fields: Record<string, unknown>): DevUserRecord {
    const stored = this.#require(id);
    stored.fields = { ...stored.fields, ...structuredClone(fields) };
    return toRecord(stored);
  }

  /** Switches the email (after verification) and marks it verified. */
  setVerifiedEmail(id: string, email: string): DevUserRecord {
    const stored = this.#require(id);
    const owner = this.#findStored(email);
    if (owner && owner.id !== id) throw new DuplicateEmailError(email);
    stored.email = email.trim();
    stored.emailVerified = true;
    return toRecord(stored);
  }

  /** The Fief user info document of a user. */
  userinfo(id: string): FiefUserinfo | undefined {
    const stored = this.#byId.get(id);
    if (!stored) return undefined;
    return {
      sub: stored.id,
      email: stored.email,
      email_verified: stored.emailVerified,
      is_active: stored.isActive,
      tenant_id: this.tenantId,
      fields: structuredClone(stored.fields),
    };
  }

  #findStored(email: string): StoredUser | undefined {
    const wanted = normalizeEmail(email);
    for (const stored of this.#byId.values()) {
      if (normalizeEmail(stored.email) === wanted) return stored;
    }
    return undefined;
  }

  #require(id: string): StoredUser {
    const stored = this.#byId.get(id);
    if (!stored) throw new Error(`no user with id ${id}`);
    return stored;
  }
}

function toRecord(stored: StoredUser): DevUserRecord {
  return {
    id: stored.id,
    email: stored.email,
    emailVerified: stored.emailVerified,
    isActive: stored.isActive,
    fields: structuredClone(stored.fields),
    permissions: [...stored.permissions],
  };
}
