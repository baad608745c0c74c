/**
 * The spent mark lives in `localStorage`, which other scripts, other releases and corruption write too: whatever is
 * stored under its key, reading it never throws, a mark that is not one reads as no mark, and the marks of other
 * sign-ins (`others`) never outrank the last mark written nor make up marks of their own.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  markRefreshAnswered,
  markRefreshSpent,
  readRefreshSpent,
  type SpentRefreshMark,
  unmarkRefreshSpent,
} from '../spentRefreshMark.js';
import { MemoryStorage, STORAGE_VERSION, storageKey } from '../storage.js';
import { useModelClock } from './modelRun.js';
import { NS, twoTabs } from './stubFiefKit.js';

useModelClock();

const CLIENT = 'spa';
const KEY = storageKey('spent', CLIENT);
const last: SpentRefreshMark = { sid: 'sid-live', generation: 4, by: 'tab-a', answered: true };
const before: SpentRefreshMark = { sid: 'sid-old', generation: 2, by: 'tab-b', answered: true };

/** A storage holding `record` as the spent mark (serialised as is). */
function storing(record: unknown): MemoryStorage {
  const shared = new MemoryStorage();
  shared.setItem(KEY, typeof record === 'string' ? record : JSON.stringify(record));
  return shared;
}

describe('the marks of other sign-ins, as stored by anyone', () => {
  it.each<[string, unknown]>([
    ['a string', 'sid-old'],
    ['an object', { ...before }],
    ['numbers', [1, 2, 3]],
    ['nulls and arrays', [null, [before], []]],
    ['a string generation', [{ ...before, generation: '2' }]],
    ['a negative generation', [{ ...before, generation: -1 }]],
    ['a fractional generation', [{ ...before, generation: 1.5 }]],
    ['a generation past any integer', [{ ...before, generation: 1e308 }]],
    ['a sid that is no string', [{ ...before, sid: 7 }]],
    ['no tab', [{ ...before, by: null }]],
    ['a mark nested in a prototype key', JSON.parse(`[{"__proto__": ${JSON.stringify(before)}}]`)],
  ])('ignores %s in others, and still reads the last mark', (_, others) => {
    const shared = storing({ v: STORAGE_VERSION, ...last, others });
    expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toEqual(last);
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toBeNull();
    expect(readRefreshSpent(shared, CLIENT, '__proto__')).toBeNull();
    expect(({} as Record<string, unknown>).sid).toBeUndefined();
  });

  it('reads answered only from a boolean, and an attempt only from a string, in others too', () => {
    const others = [{ ...before, answered: 'false', attempt: 3 }];
    const shared = storing({ v: STORAGE_VERSION, ...last, others });
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toEqual({
      sid: 'sid-old',
      generation: 2,
      by: 'tab-b',
    });
  });

  it('never lets a mark in others outrank the last mark of the same sign-in', () => {
    // The last mark says the live generation 4 had its answer: a stale or forged entry for that sign-in, later and
    // unanswered, would make the tab holding generation 4 wait, then end the sign-in.
    const others = [{ ...last, generation: 9, answered: false, by: 'tab-x' }, before];
    const shared = storing({ v: STORAGE_VERSION, ...last, others });
    expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toEqual(last);
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toEqual(before);
  });

  it('reads the first of duplicated sign-ins in others, and no more than three others', () => {
    const others = [
      before,
      { ...before, generation: 9, answered: false },
      { sid: 'sid-2', generation: 0, by: 'tab-c' },
      { sid: 'sid-3', generation: 0, by: 'tab-c' },
      { sid: 'sid-4', generation: 0, by: 'tab-c' },
    ];
    const shared = storing({ v: STORAGE_VERSION, ...last, others });
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toEqual(before);
    expect(readRefreshSpent(shared, CLIENT, 'sid-2')).not.toBeNull();
    expect(readRefreshSpent(shared, CLIENT, 'sid-4')).toBeNull();
  });

  it('reads a record too long to be one, or nested too deep, as no mark at all, at once', () => {
    const huge = Array.from({ length: 10_000 }, (_, n) => ({ ...before, sid: `sid-${n}` }));
    const deep = JSON.stringify({ v: STORAGE_VERSION, ...last, others: [] }).replace(
      '"others":[]',
      `"others":${'['.repeat(900)}${']'.repeat(900)}`,
    );
    for (const shared of [storing({ v: STORAGE_VERSION, ...last, others: huge }), storing(deep)]) {
      const started = performance.now();
      expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toBeNull();
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('writes only marks a tab can read back: an outsized sid neither hides nor erases the marks of other sign-ins', () => {
    // Was: a session copy with a sid of thousands of characters (parsed like any other) made a record too long to
    // be read: written, it read as no mark, for that sign-in and for the others kept with it. A tab holding a spent
    // generation of one of those sent its refresh token again.
    const shared = new MemoryStorage();
    markRefreshSpent(shared, CLIENT, before);
    const long = (n: number) => ({ sid: `${n}`.repeat(1_300), generation: 0, by: 'tab-c', answered: true });
    for (const n of [1, 2, 3]) expect(markRefreshSpent(shared, CLIENT, long(n))).toBe(true);
    for (const n of [1, 2, 3]) expect(readRefreshSpent(shared, CLIENT, long(n).sid)).toEqual(long(n));
    // No room for all four: the oldest goes, as a fifth sign-in's does.
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toBeNull();
    markRefreshSpent(shared, CLIENT, before);
    const outsized = { sid: 'x'.repeat(5_000), generation: 0, by: 'tab-c', answered: false };
    // Unwritable, as in a full storage: the tab asks the tabs before it spends, and the record stays.
    expect(markRefreshSpent(shared, CLIENT, outsized)).toBe(false);
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toEqual(before);
    expect(readRefreshSpent(shared, CLIENT, long(3).sid)).toEqual(long(3));
  });

  it('replaces garbage with readable marks when a tab marks, answers or withdraws', () => {
    const shared = storing({
      v: STORAGE_VERSION,
      ...last,
      others: [{ sid: {}, generation: NaN }, 'x', before],
    });
    const mark: SpentRefreshMark = {
      sid: 'sid-live',
      generation: 5,
      by: 'tab-c',
      answered: false,
      attempt: 'a',
    };
    expect(markRefreshSpent(shared, CLIENT, mark)).toBe(true);
    expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toEqual(mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-old')).toEqual(before);
    markRefreshAnswered(shared, CLIENT, mark);
    expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toEqual({ ...mark, answered: true });
    unmarkRefreshSpent(shared, CLIENT, { ...mark, answered: true });
    expect(readRefreshSpent(shared, CLIENT, 'sid-live')).toEqual({ ...mark, generation: 4, answered: true });
    expect(JSON.parse(shared.getItem(KEY) ?? '').others).toEqual([before]);
  });
});

describe('any JSON under the key of the spent mark', () => {
  const markArb = fc.record(
    {
      sid: fc.oneof(fc.constantFrom('sid-live', 'sid-old', '__proto__', 'constructor'), fc.string()),
      generation: fc.oneof(fc.nat(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.string()),
      by: fc.oneof(fc.string(), fc.constant(null)),
      answered: fc.oneof(fc.boolean(), fc.string(), fc.constant(null)),
      attempt: fc.oneof(fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  );
  const recordArb = fc.oneof(
    fc.json(),
    fc
      .record({ top: markArb, others: fc.oneof(fc.array(fc.oneof(markArb, fc.jsonValue())), fc.jsonValue()) })
      .map(({ top, others }) => JSON.stringify({ v: STORAGE_VERSION, ...top, others })),
  );

  it('reads as no mark or as well-typed marks, and a tab marking over it is read back', () => {
    fc.assert(
      fc.property(recordArb, fc.constantFrom('sid-live', 'sid-old', '__proto__'), (raw, sid) => {
        const shared = storing(raw);
        const read = readRefreshSpent(shared, CLIENT, sid);
        if (read !== null) {
          expect(read.sid).toBe(sid);
          expect(Number.isSafeInteger(read.generation) && read.generation >= 0).toBe(true);
          expect(typeof read.by).toBe('string');
          expect(read.answered === undefined || typeof read.answered === 'boolean').toBe(true);
        }
        const mark: SpentRefreshMark = { sid, generation: 1, by: 'tab-z', answered: false, attempt: 'q' };
        expect(markRefreshSpent(shared, CLIENT, mark)).toBe(true);
        expect(readRefreshSpent(shared, CLIENT, sid)).toEqual(mark);
        markRefreshAnswered(shared, CLIENT, mark);
        expect(readRefreshSpent(shared, CLIENT, sid)).toEqual({ ...mark, answered: true });
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('tabs refreshing over a garbage mark', () => {
  it.each<[string, string]>([
    ['text', 'not json {'],
    ['another version', JSON.stringify({ v: 99, sid: 'sid-1', generation: 0, by: 'x', answered: false })],
    [
      'the sign-in in others, mistyped',
      JSON.stringify({
        v: STORAGE_VERSION,
        ...before,
        others: [{ sid: 'sid-1', generation: '0', by: 'x', answered: false }],
      }),
    ],
    [
      'the sign-in under a prototype key',
      `{"v":${STORAGE_VERSION},"__proto__":{"sid":"sid-1","generation":0,"by":"x","answered":false},"sid":"o","generation":0,"by":"y"}`,
    ],
  ])('refresh as with no mark, each refresh token sent once (%s)', async (_, garbage) => {
    const shared = new MemoryStorage();
    const { fief, a, b } = await twoTabs(shared, { mounted: true });
    shared.setItem(storageKey('spent', NS), garbage);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fief.sent).toEqual(['rt-1', 'rt-2']);
    for (const t of [a, b]) expect(t.auth.getSnapshot().status).toBe('authenticated');
    expect(readRefreshSpent(shared, NS, 'sid-1')).toMatchObject({ generation: 1, answered: true });
    for (const t of [a, b]) t.auth.dispose();
  });
});
