/**
 * The engine's side of the refresh driver, in the entry chunk: the driver itself (`RefreshDriver`, its timer and
 * the refresh across tabs) is part of the session's chunk loaded on demand. A signed-in reload renders from storage
 * without it; the first session check loads it, beside that render, and the refresh timer is set then.
 */

import { chunkLoadError } from '../protocol/errors.js';
import { loadedSessionFlows, loadSessionFlows, type SessionFlows } from './loadSessionFlows.js';
import type { RefreshDriver, RefreshDriverContext } from './refreshDriver.js';
import { isRefreshDue } from './refreshDue.js';
import { isSessionValid, type Session } from './sessionStore.js';

/** A check whose chunk failed to load (offline) is tried again after this long, or at the next check asked for. */
const CHUNK_RETRY_MS = 5_000;

/** Decides when to refresh, and runs one refresh at a time in this tab, its code loaded on demand. */
export class LazyRefreshDriver {
  readonly #context: RefreshDriverContext;
  #driver: RefreshDriver | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(context: RefreshDriverContext) {
    this.#context = context;
  }

  /** Refreshes when due, ends an expired session without a refresh token, else plans the next check. */
  check(): void {
    const flows = loadedSessionFlows();
    if (flows !== null) {
      this.#driverWith(flows).check();
      return;
    }
    if (this.#context.keeper.session === null || !this.#context.started()) return;
    loadSessionFlows().then(
      (loaded) => this.#driverWith(loaded).check(),
      (cause: unknown) => {
        this.#chunkFailed(cause);
        if (this.#retry === null && this.#context.started()) {
          this.#retry = setTimeout(() => {
            this.#retry = null;
            this.check();
          }, CHUNK_RETRY_MS);
        }
      },
    );
  }

  /** Whether the session is due for a refresh now. */
  isDue(session: Session): boolean {
    return isRefreshDue(session, this.#context.now(), this.#context.marginMs);
  }

  /**
   * Refreshes the session, once at a time in this tab: see `RefreshDriver.refresh`. Without its chunk (offline), the
   * session stays as it is, and the failure is in the snapshot.
   */
  async refresh(force = false): Promise<Session | null> {
    // Whether the engine runs is read now: disposed while the chunk loads, it must not spend the refresh token.
    const started = this.#context.started();
    let flows: SessionFlows;
    try {
      flows = await loadSessionFlows();
    } catch (cause) {
      this.#chunkFailed(cause);
      return this.#context.keeper.session;
    }
    return this.#driverWith(flows).refresh(force, started);
  }

  /** Records that the refresh code could not load: a tab waiting on an expired session settles on `error`. */
  #chunkFailed(cause: unknown): void {
    const { keeper } = this.#context;
    const session = keeper.session;
    if (session === null || !this.isDue(session)) return;
    keeper.fail(
      chunkLoadError(cause),
      isSessionValid(session, this.#context.now()) ? keeper.status : 'error',
    );
  }

  /** Cancels the planned check. */
  cancel(): void {
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    this.#driver?.cancel();
  }

  #driverWith(flows: SessionFlows): RefreshDriver {
    this.#driver ??= new flows.RefreshDriver(this.#context);
    return this.#driver;
  }
}
