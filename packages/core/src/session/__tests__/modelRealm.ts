/**
 * Each tab of the model is a page of its own, as in a browser: its own module map, where the session's chunk is
 * loaded once for good. The tabs share one Node realm, so the page a piece of engine code runs for is carried in an
 * `AsyncLocalStorage`: everything a tab's call starts (promises, timers, the listeners it registers) stays that tab's.
 * Fake timers do not keep it: {@link keepTabOfTimers} binds their callbacks.
 */

import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';

/**
 * The token validation code as a page gets it: loaded, failed for good (a deploy removed it, or the page was offline
 * when it preloaded), or stalled (an `import()` that never settles).
 */
export type ValidationCode = 'ok' | 'failed' | 'stalled';

/** One tab's page: what its module map holds. */
export interface ModelPage {
  readonly id: number;
  /** Whether this page loaded the session's chunk (a loaded module never fails to import again). */
  sessionChunk: boolean;
  /**
   * Whether the session's chunk is gone for this page, had it not loaded it yet: a deploy removed the file from the
   * server, and a browser remembers a failed `import()` for the life of the page.
   */
  sessionChunkGone: boolean;
  /** Set to `ok` when a stalled load arrives (`ModelFief.validationArrives`). */
  validation: ValidationCode;
  /** Set while the page is in the back-forward cache or frozen (`modelAway.ts`): none of its code runs. */
  away: PageAway | null;
  /** Its login's code exchange met a network fault: the callback failed, and the page says why. */
  exchangeFailed: boolean;
}

/** A page that is away: its tasks wait for {@link PageAway.back}. */
export interface PageAway {
  /**
   * In the back-forward cache: news posted meanwhile never reaches it (HTML: a `BroadcastChannel` of a document that
   * is not fully active is not eligible for messaging). Frozen (Page Lifecycle): it lands once the page is back.
   */
  readonly dropsNews: boolean;
  /** Gone for good (its tab loaded another page): nothing it does from now on reaches the other tabs. */
  readonly forGood?: boolean;
  readonly back: Promise<void>;
  comeBack(): void;
}

/** `page` goes away: from now on its timers, messages and answers wait until it comes back (`modelAway.ts`). */
export function sendAway(page: ModelPage, dropsNews: boolean): void {
  let comeBack = (): void => {};
  const back = new Promise<void>((resolve) => {
    comeBack = resolve;
  });
  page.away = { dropsNews, back, comeBack };
}

/**
 * `page` is gone for good: its tab navigated (to Fief's login page) and loads another page over its
 * `sessionStorage`. Unlike a closed tab's (run on by the model as if it closed a little later), its code cannot still
 * be running when that next page runs: none of it runs again, and what it already started posts and writes nothing.
 */
export function goForGood(page: ModelPage): void {
  page.away = { dropsNews: true, forGood: true, back: new Promise<void>(() => {}), comeBack: () => {} };
}

/** Runs `task` (a task of `page`: a timer, a message, an answer) now, or once the page is back if it is away. */
export function whenBack(page: ModelPage | undefined, task: () => void): void {
  const away = page?.away;
  if (away) void away.back.then(task);
  else task();
}

const pages = new AsyncLocalStorage<ModelPage>();

/** The page the running code belongs to; `undefined` outside any tab (the model's own code). */
export function currentPage(): ModelPage | undefined {
  return pages.getStore();
}

/** Runs `work` as the browser's own code, in no page (a timer it sets fires whichever page is away). */
export function outsidePages<T>(work: () => T): T {
  return pages.exit(work);
}

/** `auth` whose every method runs as code of `page`. */
export function inPage<T extends object>(page: ModelPage, auth: T): T {
  return new Proxy(auth, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => pages.run(page, () => Reflect.apply(value, target, args));
    },
  });
}

/** Runs `work` as code of `page` (the engine's constructor, for one). */
export function runInPage<T>(page: ModelPage, work: () => T): T {
  return pages.run(page, work);
}

/** `listener` bound to the page that registers it (a channel's message lands in the receiving page). */
export function boundToPage<A extends unknown[]>(listener: (...args: A) => void): (...args: A) => void {
  return AsyncResource.bind(listener);
}

/**
 * Makes the fake `setTimeout` run each callback in the page that set it, as real timers do, and not before that page
 * is back if it is away (a timer of a page in the back-forward cache fires once it is restored). Call after faking.
 */
export function keepTabOfTimers(): void {
  const fakeSetTimeout = globalThis.setTimeout;
  const fakeClearTimeout = globalThis.clearTimeout;
  /** Timers due while their page was away, not run yet: the page may clear them once back. */
  const waiting = new Set<unknown>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const page = currentPage();
    const run = AsyncResource.bind(callback);
    const timer = fakeSetTimeout(() => {
      if (!page?.away) return run(...args);
      waiting.add(timer);
      whenBack(page, () => {
        if (waiting.delete(timer)) run(...args);
      });
    }, ms);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    waiting.delete(timer);
    fakeClearTimeout(timer);
  }) as typeof clearTimeout;
}
