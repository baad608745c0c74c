/**
 * The channel of a page in the back-forward cache is closed (Chromium evicts a cached page whose channel receives a
 * message, and every page of the app posts one as it starts), and open again once the page is shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closedWhileCached } from '../cachedPageChannel.js';
import { TabSync } from '../tabSync.js';
import type { BroadcastChannelLike } from '../tabTypes.js';
import { InTestTabs, sleep } from './authTestKit.js';
import { pageTransition } from './pageTransition.js';

const opened: BroadcastChannelLike[] = [];
afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
});

/** A page's wrapped channel, the messages it heard, and another tab's plain channel on the same bus. */
function twoTabs() {
  const tabs = new InTestTabs();
  const page = closedWhileCached(() => tabs.channel('app'));
  const other = tabs.channel('app');
  if (page === null) throw new Error('expected a channel');
  opened.push(page, other);
  const heard: unknown[] = [];
  page.addEventListener('message', (event) => heard.push(event.data));
  const otherHeard: unknown[] = [];
  other.addEventListener('message', (event) => otherHeard.push(event.data));
  return { tabs, page, other, heard, otherHeard };
}

describe('closedWhileCached', () => {
  it('hears nothing, and keeps no channel open, from pagehide into the cache until pageshow back', async () => {
    const { tabs, other, heard } = twoTabs();
    expect(tabs.openChannels).toBe(2);

    pageTransition('pagehide');
    expect(tabs.openChannels).toBe(1);
    other.postMessage('while cached');
    await sleep(5);
    expect(heard).toEqual([]);

    pageTransition('pageshow');
    expect(tabs.openChannels).toBe(2);
    other.postMessage('back');
    await sleep(5);
    expect(heard).toEqual(['back']);
  });

  it('stays open when the page unloads (pagehide not persisted) or is shown on a fresh load', async () => {
    const { tabs, other, heard } = twoTabs();

    pageTransition('pagehide', false);
    pageTransition('pageshow', false);
    other.postMessage('still here');
    await sleep(5);
    expect(heard).toEqual(['still here']);
    expect(tabs.openChannels).toBe(2);
  });

  it('sends what is posted while cached through a channel opened for that message alone', async () => {
    const { tabs, page, otherHeard } = twoTabs();

    pageTransition('pagehide');
    page.postMessage('leaving');
    await sleep(5);
    expect(otherHeard).toEqual(['leaving']);
    expect(tabs.openChannels).toBe(1);
  });

  it('a listener removed while cached is not added back on pageshow', async () => {
    const { page, other, heard } = twoTabs();
    const late: unknown[] = [];
    const listener = (event: { readonly data: unknown }) => late.push(event.data);
    page.addEventListener('message', listener);

    pageTransition('pagehide');
    page.removeEventListener('message', listener);
    pageTransition('pageshow');
    other.postMessage('back');
    await sleep(5);
    expect(heard).toEqual(['back']);
    expect(late).toEqual([]);
  });

  it('closed, it stops listening to the page: a later pageshow opens nothing', () => {
    const { tabs, page } = twoTabs();

    page.close();
    pageTransition('pagehide');
    pageTransition('pageshow');
    expect(tabs.openChannels).toBe(1);
  });

  it('passes on whether it keeps a Node process alive, also to the channel opened again on pageshow', () => {
    // A stopped engine answering for the page must not keep Node alive (`TabSync.keepAlive`): Node's
    // `BroadcastChannel` is the one a jsdom page (an app's tests) opens. The wrapper dropped `ref`/`unref`.
    const tabs = new InTestTabs();
    const refs: string[] = [];
    let opened = 0;
    const channel = (name: string) => {
      const index = ++opened;
      return Object.assign(tabs.channel(name), {
        ref: () => refs.push(`ref ${index}`),
        unref: () => refs.push(`unref ${index}`),
      });
    };
    const sync = new TabSync('app', { channel }, null);
    sync.start(() => {});
    sync.keepAlive(false);
    pageTransition('pagehide');
    pageTransition('pageshow');
    expect(refs).toEqual(['unref 1', 'unref 2']);
    sync.keepAlive(true);
    expect(refs).toEqual(['unref 1', 'unref 2', 'ref 2']);
    sync.stop();
  });

  it('gives none when there is no channel to open', () => {
    expect(closedWhileCached(() => null)).toBeNull();
  });
});
