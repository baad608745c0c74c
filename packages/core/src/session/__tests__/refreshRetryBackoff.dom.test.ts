/**
 * A refresh that failed is tried again with a backoff (2 s, 4 s, ... 60 s), as `refreshFailed` plans it. The look
 * again 1 s after a refresh (for an answer already due) replaced that plan whenever the session was still due, which
 * after a failure it always is: a page whose validation code a deploy removed tried every second for as long as it
 * stayed open, as did any tab during an outage of Fief (helper 23, finding 1).
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FiefLogEvent } from '../logEvents.js';
import { sleep, useAuthHarness, waitFor } from './authTestKit.js';
import { deployedPage, resetDeployedPage } from './deployGate.js';

vi.mock('../../protocol/loadProtocolFlows.js', async (importOriginal) =>
  (await import('./deployGate.js')).gatedProtocolDoor(importOriginal),
);

const harness = useAuthHarness({ accessTokenTTL: 3, refreshMarginSeconds: 1 });

afterEach(resetDeployedPage);

describe('retries of a page whose validation code is gone', () => {
  it('back off as refreshFailed plans them (2 s, 4 s, ...), not every second', async () => {
    const { auth, storage } = await harness.signedInTab();
    auth.dispose();
    deployedPage.deployed = true;
    deployedPage.chunk = 'unloaded';
    const events: FiefLogEvent[] = [];
    const stale = harness.engine({ storage, logger: (event) => events.push(event) });
    stale.start();
    const failures = () => events.filter((event) => event.type === 'refresh.failed');

    await waitFor(() => failures().length > 0, 4_000, 'the first failure');
    await sleep(6_500);
    // Planned: the first retry within 2 s (capped at the expiry), then 4 s, then 8 s: at most 3 more in 6.5 s.
    expect(failures().length).toBeLessThanOrEqual(4);
  }, 20_000);
});
