import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { loadProtocolFlows } from '../../protocol/loadProtocolFlows.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs, sessionChunkArrived, sleep } from './authTestKit.js';
import { sampleSession } from './sessionFixtures.js';

// Nothing listens there: these tests must make no request.
const fief = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'spa' });

let tabs: InTestTabs;
beforeEach(() => {
  tabs = new InTestTabs();
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function engineWith(session = sampleSession()): { auth: FiefAuth; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  saveSession(storage, sessionNamespace(fief), session);
  return { auth: new FiefAuth(fief, { ...tabs.tabOptions(), storage }), storage };
}

describe('snapshot', () => {
  it('is authenticated at construction from a valid stored session, with no refresh token exposed', () => {
    const { auth } = engineWith();
    const snapshot = auth.getSnapshot();
    expect(snapshot.status).toBe('authenticated');
    expect(snapshot.userinfo?.email).toBe('anne@example.com');
    expect(snapshot.tokenInfo?.permissions).toEqual(['castles:read']);
    expect(JSON.stringify(snapshot)).not.toContain('refresh-token-value');
    expect(Object.isFrozen(snapshot)).toBe(true);
  });

  it("shows a stored session's user and tokens only while its access token is valid", () => {
    const valid = engineWith().auth;
    expect(valid.isAuthenticated()).toBe(true);
    expect(valid.getUserinfo()?.email).toBe('anne@example.com');
    expect(valid.getTokenInfo()?.access_token).toBe('access.token.value');

    // Expired, with a refresh token: kept for the engine to refresh (not started here), never shown meanwhile.
    const expired = engineWith(sampleSession(Date.now() - 3_601_000)).auth;
    expect(expired.getSnapshot().status).toBe('loading');
    expect(expired.isAuthenticated()).toBe(false);
    expect(expired.getUserinfo()).toBeNull();
    expect(expired.getTokenInfo()).toBeNull();
  });

  it('keeps its identity until a value changes', async () => {
    const { auth } = engineWith();
    const listener = vi.fn();
    auth.subscribe(listener);
    await sessionChunkArrived(); // the channel opens with the session's chunk
    const first = auth.getSnapshot();
    expect(auth.getSnapshot()).toBe(first);

    // Another tab sends an equal session under a newer revision: same values, same snapshot, no notification.
    const peer = tabs.channel(`fief-spa/1:${sessionNamespace(fief)}`);
    const newer = sampleSession(first.tokenInfo ? first.tokenInfo.expires_at - 3_600_000 : 0, {
      revision: 1,
    });
    peer.postMessage(JSON.stringify({ p: 'fief-spa/1', from: 'peer', kind: 'session', session: newer }));
    await sleep(20);
    expect(auth.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();

    // A changed user info: a new snapshot that keeps the unchanged tokenInfo object.
    const renamed = {
      ...newer,
      revision: 2,
      userinfo: { ...newer.userinfo, fields: { first_name: 'Anna' } },
    };
    peer.postMessage(JSON.stringify({ p: 'fief-spa/1', from: 'peer', kind: 'session', session: renamed }));
    await sleep(20);
    const second = auth.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.userinfo?.fields).toEqual({ first_name: 'Anna' });
    expect(second.tokenInfo).toBe(first.tokenInfo);
    expect(listener).toHaveBeenCalledTimes(1);
    peer.close();
    auth.dispose();
  });

  it('becomes anonymous when an access token without refresh token expires; until then a forced refresh returns it', async () => {
    vi.useFakeTimers();
    const now = Date.now();
    const { auth } = engineWith(
      sampleSession(now, {
        refreshToken: null,
        tokenInfo: { ...sampleSession(now).tokenInfo, expires_at: now + 1_000 },
      }),
    );
    auth.start();
    expect(auth.getSnapshot().status).toBe('authenticated');
    // Nothing can renew it (no offline access): the token the app has is the only one until it expires.
    await expect(auth.getAccessToken({ forceRefresh: true })).resolves.toBe('access.token.value');
    await vi.advanceTimersByTimeAsync(1_001);
    expect(auth.getSnapshot().status).toBe('anonymous');
    expect(auth.isAuthenticated()).toBe(false);
    await expect(auth.getAccessToken({ forceRefresh: true })).resolves.toBeNull();
    auth.dispose();
  });
});

describe('lifecycle', () => {
  it('dispose removes every timer and listener, and start works again after it', async () => {
    vi.useFakeTimers();
    const addListener = vi.spyOn(document, 'addEventListener');
    const removeListener = vi.spyOn(document, 'removeEventListener');
    const { auth } = engineWith();
    expect(vi.getTimerCount()).toBe(0); // the constructor starts nothing

    auth.start();
    await sessionChunkArrived(); // the channel opens with the session's chunk
    await loadProtocolFlows(); // the engine loads the validation code ahead, as it holds a refresh token
    // The refresh timer (the bounds of the chunks' loads went with the loads).
    expect(vi.getTimerCount()).toBe(1);
    expect(tabs.openChannels).toBe(1);
    expect(addListener).toHaveBeenCalledWith('visibilitychange', expect.any(Function));

    auth.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(tabs.openChannels).toBe(0);
    expect(removeListener).toHaveBeenCalledWith('visibilitychange', addListener.mock.calls[0]?.[1]);

    // StrictMode: start, dispose, start.
    auth.start();
    await sessionChunkArrived();
    await loadProtocolFlows();
    expect(vi.getTimerCount()).toBe(1);
    expect(tabs.openChannels).toBe(1);
    auth.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a new tab with nothing stored clears its query timer on dispose', async () => {
    vi.useFakeTimers();
    const auth = new FiefAuth(fief, tabs.tabOptions());
    auth.start();
    await sessionChunkArrived();
    expect(auth.getSnapshot().status).toBe('loading');
    expect(vi.getTimerCount()).toBe(1);
    auth.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('subscribe starts the engine and returns its own unsubscribe', async () => {
    const auth = new FiefAuth(fief, tabs.tabOptions());
    const listener = vi.fn();
    const unsubscribe = auth.subscribe(listener);
    await sessionChunkArrived();
    expect(tabs.openChannels).toBe(1);
    await vi.waitFor(() => expect(auth.getSnapshot().status).toBe('anonymous'));
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    auth.dispose();
  });
});

describe('one origin, several clients', () => {
  it('two engines of different client IDs never share a session (storage key, channel and lock are per client)', async () => {
    const storage = new MemoryStorage();
    saveSession(storage, sessionNamespace(fief), sampleSession());
    const other = new Fief({ baseURL: 'http://127.0.0.1:9', clientId: 'another-spa' });
    const navigate = () => {};
    const mine = new FiefAuth(fief, { ...tabs.tabOptions(), storage, navigate });
    const theirs = new FiefAuth(other, { ...tabs.tabOptions(), storage, navigate });
    mine.start();
    theirs.start();

    // The other client finds nothing under its own key, and asks its own channel, where no tab answers.
    expect(mine.getSnapshot().status).toBe('authenticated');
    await vi.waitFor(() => expect(theirs.getSnapshot().status).toBe('anonymous'));
    expect(theirs.getUserinfo()).toBeNull();

    // Signing out of one client leaves the other signed in. (No Fief runs at its address: the logout ends the
    // session, then rejects instead of leaving for a page that cannot be reached.)
    await expect(theirs.logout('http://127.0.0.1:5173/')).rejects.toMatchObject({
      code: 'ERR_FIEF_UNREACHABLE',
    });
    expect(theirs.getSnapshot().status).toBe('anonymous');
    await sleep(20);
    expect(mine.getSnapshot().status).toBe('authenticated');
    mine.dispose();
    theirs.dispose();
  });
});
