/**
 * Sequences the model found with a provider that unmounts and mounts again much later (`Unmount`, `Mount`), shrunk
 * and kept by name, each replayed under many orders of answers and messages. Before, the tab that refreshed answered
 * the tabs for about 34 s: a tab that missed its news and mounted again later found nobody, waited on its spent mark
 * and was signed out (`ERR_FIEF_REFRESH_LOST`) though that tab held the session (helper 34, finding 2).
 */

import { describe, it } from 'vitest';
import { Drain, Fault, GetAccessToken, Mount, OpenTab, Unmount } from './modelCommands.js';
import { everyOrder, useModelClock } from './modelRun.js';

useModelClock();

describe('a provider that mounts again long after another tab refreshed', () => {
  it('gets the session of the tab that refreshed, itself unmounted for a minute (seed -803579163)', async () => {
    // Both tabs at generation 1; tab 1 unmounts, tab 0 refreshes to generation 2 and unmounts; a minute later tab 1
    // mounts, finds tab 0's mark on generation 1, asks, heard nothing, and ended the sign-in.
    await everyOrder(false, [
      new OpenTab(),
      new Mount(0, 55_000),
      new Unmount(1, 55_000),
      new Unmount(0, 55_000),
      new Mount(3, 55_000),
    ]);
  });

  it('gets the session another tab refreshed after a request that hung, while both are unmounted (seed 985314239)', async () => {
    await everyOrder(false, [
      new OpenTab(),
      new Drain(),
      new Fault('hang'),
      new Unmount(3, 55_000),
      new GetAccessToken(3),
      new Unmount(0, 55_000),
      new GetAccessToken(0),
      new Unmount(0, 55_000),
    ]);
  });
});
