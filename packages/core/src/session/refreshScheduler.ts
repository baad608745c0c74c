/**
 * The one timer that runs the session check (when is `refreshDue.ts`), so that `dispose()` has one thing to cancel.
 * Part of the session's chunk loaded on demand, with the driver that owns it.
 */

/** `setTimeout` cannot wait longer than this (about 24.8 days); longer waits are done in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * One timer that calls `onDue` at a given time, with how late it fired (ms: a machine that slept fires late);
 * scheduling again replaces the previous time.
 */
export class RefreshScheduler {
  readonly #onDue: (lateMs: number) => void;
  readonly #clock: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(onDue: (lateMs: number) => void, clock: () => number) {
    this.#onDue = onDue;
    this.#clock = clock;
  }

  /** Whether a call is scheduled. */
  get scheduled(): boolean {
    return this.#timer !== null;
  }

  /** Calls `onDue` at `at` (ms since the epoch), or as soon as possible when `at` is past. */
  schedule(at: number): void {
    this.cancel();
    const delay = Math.max(0, at - this.#clock());
    const wait = Math.min(delay, MAX_TIMEOUT_MS);
    const firesAt = this.#clock() + wait;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (delay > MAX_TIMEOUT_MS) this.schedule(at);
      else this.#onDue(Math.max(0, this.#clock() - firesAt));
    }, wait);
  }

  /** Cancels the scheduled call, if any. */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
