/**
 * oidc-provider's storage for sessions, interactions, grants, codes and refresh tokens, in one Map per server.
 * The built-in memory adapter would do, but it is an LRU capped at 1000 entries (a long `pnpm dev` session would
 * silently lose sessions and refresh tokens) and it prints a production warning at every start.
 * No timers: expired entries are dropped when read, and swept every few hundred writes.
 */

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; consumed?: number };

interface Entry {
  payload: Payload;
  /** Epoch milliseconds; undefined = no expiry. */
  expiresAt: number | undefined;
}

/** Models whose entries die with their grant (`revokeByGrantId`), as in oidc-provider's own adapter. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode']);
const SWEEP_EVERY = 500;
/** Models Fief deletes once used, where oidc-provider would keep them marked `consumed`. */
const FORGOTTEN_WHEN_USED = new Set(['AuthorizationCode', 'RefreshToken']);

class MemoryStore {
  readonly entries = new Map<string, Entry>();
  readonly sessionsByUid = new Map<string, string>();
  readonly keysByGrant = new Map<string, Set<string>>();
  #writes = 0;

  get(key: string): Payload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, model: string, payload: Payload, expiresIn: number | undefined): void {
    this.delete(key);
    this.entries.set(key, {
      payload,
      expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined,
    });
    if (model === 'Session' && typeof payload.uid === 'string') this.sessionsByUid.set(payload.uid, key);
    if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
      const keys = this.keysByGrant.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.keysByGrant.set(payload.grantId, keys);
    }
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep();
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const { uid, grantId } = entry.payload;
    if (typeof uid === 'string' && this.sessionsByUid.get(uid) === key) this.sessionsByUid.delete(uid);
    if (typeof grantId === 'string') this.keysByGrant.get(grantId)?.delete(key);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.delete(key);
    }
    for (const [grantId, keys] of this.keysByGrant) if (keys.size === 0) this.keysByGrant.delete(grantId);
  }
}

class MemoryAdapter {
  constructor(
    readonly model: string,
    readonly store: MemoryStore,
  ) {}

  #key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    this.store.set(this.#key(id), this.model, payload, expiresIn);
  }

  async find(id: string): Promise<Payload | undefined> {
    return this.store.get(this.#key(id));
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const key = this.store.sessionsByUid.get(uid);
    return key === undefined ? undefined : this.store.get(key);
  }

  async findByUserCode(): Promise<undefined> {
    return undefined; // the device flow is off
  }

  async consume(id: string): Promise<void> {
    // Fief deletes a refresh token or an authorization code when it is used (`fief/dependencies/token.py`): sent
    // again, it is unknown (`invalid_grant`) and the grant lives on. Marked consumed, oidc-provider would revoke the
    // whole grant on reuse, which Fief does not do: two tabs sending one refresh token, or a callback URL opened
    // again, would end a sign-in here that goes on against Fief.
    if (FORGOTTEN_WHEN_USED.has(this.model)) return this.destroy(id);
    const payload = this.store.get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of [...(this.store.keysByGrant.get(grantId) ?? [])]) this.store.delete(key);
    this.store.keysByGrant.delete(grantId);
  }
}

/** The `adapter` option of one provider: a factory (not a constructor) over a store of its own. */
export function createMemoryAdapter(): (model: string) => MemoryAdapter {
  const store = new MemoryStore();
  return (model) => new MemoryAdapter(model, store);
}
