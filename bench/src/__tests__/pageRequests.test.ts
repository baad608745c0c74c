import { describe, expect, it } from 'vitest';
import { appRequestsInSeries, type PageRequest } from '../pageRequests.ts';

// Page-clock timings of a fief-spa callback (ms since the navigation started), from a bench run.
const callback: PageRequest[] = [
  { name: '/fief-spa/main/callback', start: 0, end: 21.1 },
  { name: '/assets/fief-spa/main.js', start: 67.3, end: 123.2 },
  { name: '/assets/fief-spa/sessionFlows.js', start: 232.5, end: 257.2 },
  { name: '/assets/fief-spa/protocolFlows.js', start: 241.5, end: 265.5 },
];

describe('appRequestsInSeries', () => {
  it('counts two chunks the page asked for before either arrived as one step, however fast the server was', () => {
    expect(appRequestsInSeries(callback, 380)).toBe(3);
  });

  it('counts a chunk asked for only once another had arrived as one more step', () => {
    const chained = [...callback.slice(0, 3), { ...callback[3]!, start: 258, end: 270 }];
    expect(appRequestsInSeries(chained, 380)).toBe(4);
  });

  it('leaves out a request answered after the render: the render did not wait for it', () => {
    expect(appRequestsInSeries(callback, 262)).toBe(3);
    expect(appRequestsInSeries(callback, 250)).toBe(2);
  });
});
