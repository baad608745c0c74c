import { describe, expect, it } from 'vitest';
import { type FiefError, FiefRequestError } from '../../protocol/errors.js';
import { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import { MemoryStorage } from '../storage.js';
import { accessTokenOf, tokenRequests, useAuthHarness } from './authTestKit.js';

const harness = useAuthHarness();

describe('ready()', () => {
  it('starts an engine nobody started and resolves with the first settled state (anonymous)', async () => {
    const auth = harness.engine({ storage: new MemoryStorage() });
    expect(auth.getSnapshot().status).toBe('loading');
    const state = await auth.ready();
    expect(state.status).toBe('anonymous');
    expect(state).toBe(auth.getSnapshot());
  });

  it('resolves at once with the current snapshot when the state is already settled', async () => {
    const { auth } = await harness.signedInTab();
    const snapshot = auth.getSnapshot();
    await expect(auth.ready()).resolves.toBe(snapshot);
    expect(snapshot.status).toBe('authenticated');
  });

  it('waits for a stored expired session to be refreshed and resolves signed in', async () => {
    const { storage } = await harness.signedInTab();
    // The same stored session, read by an engine whose clock says its access token expired an hour ago.
    const later = harness.engine({ storage, clock: () => Date.now() + 3_700_000 });
    expect(later.getSnapshot().status).toBe('loading');
    const before = tokenRequests(harness.server);
    const state = await later.ready();
    expect(state.status).toBe('authenticated');
    expect(tokenRequests(harness.server) - before).toBe(1);
  });
});

describe('getAccessToken({ forceRefresh: true })', () => {
  it('refreshes a token that is not due yet, and returns the new one', async () => {
    const { auth } = await harness.signedInTab();
    const first = accessTokenOf(auth);
    await expect(auth.getAccessToken()).resolves.toBe(first);
    const fresh = await auth.getAccessToken({ forceRefresh: true });
    expect(fresh).not.toBe(first);
    expect(fresh).toBe(accessTokenOf(auth));
  });
});

describe('a login that cannot start', () => {
  it('rejects with a typed FiefError and puts it in the snapshot (still anonymous: no session was lost)', async () => {
    // Nothing listens on port 9: discovery cannot be fetched.
    const auth = harness.track(
      new FiefAuth(new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' }), {
        storage: new MemoryStorage(),
        tabSync: { channel: () => null, locks: null, shared: null },
      }),
    );
    await auth.ready();
    const failure = await auth
      .redirectToLogin('http://127.0.0.1:5173/callback')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FiefRequestError);
    expect((failure as FiefError).code).toBe('ERR_FIEF_NETWORK');
    expect(auth.getSnapshot()).toMatchObject({ status: 'anonymous', error: failure });
  });
});
