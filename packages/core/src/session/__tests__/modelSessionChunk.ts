/**
 * The session's chunk as each model page gets it, for `vi.mock('../loadSessionFlows.js')`: a page that loaded it has
 * it for good; one that did not fails to load it while the network is down (`offline`), or for good once a deploy
 * removed it (`ModelPage.sessionChunkGone`), as a browser does.
 */

import type fc from 'fast-check';
import { vi } from 'vitest';
import type * as SessionFlowsDoor from '../loadSessionFlows.js';
import { currentPage } from './modelRealm.js';
import type { ModelWorld } from './modelWorld.js';

/** The loads of the chunk that fail next, whatever the page (the network down a moment). */
export const offline = { failures: 0 };

/** Loads of the chunk from code that runs for no tab: the model must run every engine call in its tab's page. */
export const outsideAnyPage: string[] = [];

/** The door to the session's chunk, per page. */
export function pageSessionFlows(actual: typeof SessionFlowsDoor): typeof SessionFlowsDoor {
  return {
    ...actual,
    loadSessionFlows: vi.fn(() => {
      const page = currentPage();
      if (page === undefined) outsideAnyPage.push(new Error('load outside any page').stack ?? '');
      if (page?.sessionChunk !== true && (page?.sessionChunkGone === true || offline.failures > 0)) {
        if (page?.sessionChunkGone !== true) offline.failures -= 1;
        return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      }
      return actual.loadSessionFlows().then((flows) => {
        if (page !== undefined) page.sessionChunk = true;
        return flows;
      });
    }),
    loadedSessionFlows: vi.fn(() => {
      const page = currentPage();
      if (page === undefined) outsideAnyPage.push(new Error('read outside any page').stack ?? '');
      return page?.sessionChunk === true ? actual.loadedSessionFlows() : null;
    }),
  };
}

/** The network is back: every load of the chunk succeeds (a `heal` of `runModel`). */
export function backOnline(): void {
  offline.failures = 0;
}

/** The next `count` loads of the session chunk fail, whatever the page. */
export class ChunkOffline implements fc.AsyncCommand<object, ModelWorld, false> {
  constructor(readonly count: number) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    world.faults += 1;
    offline.failures = this.count;
  }
  toString(): string {
    return `ChunkOffline(${this.count})`;
  }
}
