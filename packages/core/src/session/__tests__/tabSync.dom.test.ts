import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage, storageKey } from '../storage.js';
import { withTabLock } from '../tabLock.js';
import { parseTabMessage, type TabMessage, TabSync } from '../tabSync.js';
import { sleep } from './authTestKit.js';

const started: TabSync[] = [];
afterEach(() => {
  for (const tab of started.splice(0)) tab.stop();
});

/** A tab with no BroadcastChannel and no Web Locks: the fallbacks over shared storage. */
function fallbackTab(shared: MemoryStorage, onMessage: (message: TabMessage) => void = () => {}): TabSync {
  const tab = new TabSync('spa', { channel: () => null, locks: null }, shared);
  tab.start(onMessage);
  started.push(tab);
  return tab;
}

describe('tab messages', () => {
  it('accepts only well-formed messages of this protocol', () => {
    expect(parseTabMessage('{"p":"fief-spa/1","from":"a","kind":"query"}')).toEqual({
      from: 'a',
      message: { kind: 'query', holds: null },
    });
    // A question names the sign-in its tab holds: a tab that knows it ended answers with its end.
    expect(
      parseTabMessage(
        '{"p":"fief-spa/1","from":"a","kind":"query","holds":{"sid":"s1","generation":2,"createdAt":1767225600000}}',
      )?.message,
    ).toEqual({ kind: 'query', holds: { sid: 's1', generation: 2, createdAt: 1_767_225_600_000 } });
    expect(parseTabMessage('{"p":"fief-spa/1","from":"a","kind":"logout","sid":null}')?.message).toEqual({
      kind: 'logout',
      sid: null,
      generation: null,
      ended: null,
    });
    expect(
      parseTabMessage('{"p":"fief-spa/1","from":"a","kind":"logout","sid":"s1","generation":3}')?.message,
    ).toEqual({ kind: 'logout', sid: 's1', generation: 3, ended: null });
    expect(
      parseTabMessage(
        '{"p":"fief-spa/1","from":"a","kind":"logout","sid":null,"ended":{"sid":"s1","createdAt":1767225600000}}',
      )?.message,
    ).toEqual({
      kind: 'logout',
      sid: null,
      generation: null,
      ended: { sid: 's1', createdAt: 1_767_225_600_000 },
    });
    // A tab whose refresh request spends that generation's refresh token says so (`spentBeside.ts`).
    expect(
      parseTabMessage(
        '{"p":"fief-spa/1","from":"a","kind":"spending","spends":{"sid":"s1","generation":2,"createdAt":1767225600000}}',
      )?.message,
    ).toEqual({ kind: 'spending', spends: { sid: 's1', generation: 2, createdAt: 1_767_225_600_000 } });
    for (const data of [
      undefined,
      {},
      '[]',
      '{"p":"fief-spa/1","kind":"query"}',
      '{"p":"fief-spa/1","from":"","kind":"query"}',
      '{"p":"fief-spa/1","from":"a","kind":"session"}',
      '{"p":"fief-spa/1","from":"a","kind":"logout","sid":{}}',
      '{"p":"fief-spa/1","from":"a","kind":"logout","sid":"s1","generation":"3"}',
      '{"p":"fief-spa/1","from":"a","kind":"logout","sid":null,"ended":{"sid":"s1","createdAt":"yesterday"}}',
      '{"p":"fief-spa/1","from":"a","kind":"logout","sid":null,"ended":"s1"}',
      '{"p":"fief-spa/1","from":"a","kind":"query","holds":"s1"}',
      '{"p":"fief-spa/1","from":"a","kind":"query","holds":{"sid":"s1","createdAt":1767225600000}}',
      '{"p":"fief-spa/1","from":"a","kind":"query","holds":{"sid":"s1","generation":0.5,"createdAt":1767225600000}}',
      '{"p":"fief-spa/1","from":"a","kind":"spending"}',
      '{"p":"fief-spa/1","from":"a","kind":"spending","spends":{"sid":"s1","generation":0.5,"createdAt":1767225600000}}',
      `{"p":"fief-spa/1","from":"a","kind":"query","pad":"${'x'.repeat(200_000)}"}`,
    ]) {
      expect(parseTabMessage(data)).toBeNull();
    }
  });
});

describe('fallbacks without BroadcastChannel and Web Locks', () => {
  it('messages travel as storage events', () => {
    const shared = new MemoryStorage();
    const received: TabMessage[] = [];
    fallbackTab(shared, (message) => received.push(message));
    const sender = new TabSync('spa', { channel: () => null, locks: null }, shared);
    // The browser fires `storage` in the other tabs when a key changes: play that part.
    const key = storageKey('message', 'spa');
    const data = JSON.stringify({ p: 'fief-spa/1', from: sender.tabId, kind: 'logout', sid: null });
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: data }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'other', newValue: data }));
    expect(received).toEqual([{ kind: 'logout', sid: null, generation: null, ended: null }]);
  });

  it('a lease in shared storage lets one tab at a time run', async () => {
    const shared = new MemoryStorage();
    const a = fallbackTab(shared);
    const b = fallbackTab(shared);
    let running = 0;
    let maxRunning = 0;
    const task = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      expect(shared.getItem(storageKey('lease', 'spa'))).not.toBeNull(); // held while the task runs
      await sleep(40);
      running -= 1;
    };
    await Promise.all([withTabLock(a, task), withTabLock(b, task), withTabLock(a, task)]);
    expect(maxRunning).toBe(1);
    expect(shared.getItem(storageKey('lease', 'spa'))).toBeNull(); // released
  });
});

describe('whether a tab heard the others', () => {
  it('only once a question it asked while listening is 500 ms old; not after a stop, nor for a message alone', async () => {
    const tab = new TabSync('spa', { channel: () => null, locks: null }, new MemoryStorage());
    tab.post({ kind: 'query' }); // not listening: a message alone, whose answers it will not hear
    tab.start(() => {});
    started.push(tab);
    await sleep(520);
    expect(tab.caughtUp).toBe(false);
    tab.post({ kind: 'query' });
    await sleep(100);
    expect(tab.caughtUp).toBe(false);
    await sleep(420);
    expect(tab.caughtUp).toBe(true);
    tab.stop();
    tab.start(() => {});
    expect(tab.caughtUp).toBe(false);
  });
});
