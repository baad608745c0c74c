import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../returnTo.js';

const ORIGIN = 'http://127.0.0.1:5173';

/** What the browser does with the value: it must stay on the app's origin. */
function staysOnOrigin(path: string): boolean {
  return new URL(path, `${ORIGIN}/some/page`).origin === ORIGIN;
}

// Property tests: generous time, the CI machine may be busy.
describe('returnTo', { timeout: 20_000 }, () => {
  it('keeps same-origin paths, with their query and hash', () => {
    expect(safeReturnTo('/account?tab=security#email', ORIGIN)).toBe('/account?tab=security#email');
    expect(safeReturnTo('/', ORIGIN)).toBe('/');
    expect(safeReturnTo('/a/../b', ORIGIN)).toBe('/b');
  });

  it('rejects every open-redirect form', () => {
    const attacks = [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' //evil.example',
      'https://evil.example',
      'HTTPS://evil.example/',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/.\\/evil.example',
      '/./\\evil.example',
      '\u0000/evil',
      'evil.example',
      '',
      'http://127.0.0.1:5173@evil.example/',
    ];
    for (const value of attacks) expect(safeReturnTo(value, ORIGIN), JSON.stringify(value)).toBe('/');
    expect(safeReturnTo(undefined, ORIGIN)).toBe('/');
    expect(safeReturnTo(42, ORIGIN)).toBe('/');
  });

  it('never returns anything that leaves the origin (property)', () => {
    const prefixes = fc.constantFrom(
      '',
      '/',
      '//',
      '/\\',
      '\\',
      'https:',
      'javascript:',
      '/.',
      '/..',
      ' ',
      '\t',
    );
    const tails = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl(), fc.webPath());
    fc.assert(
      fc.property(prefixes, tails, (prefix, tail) => {
        const result = safeReturnTo(prefix + tail, ORIGIN);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result.includes('\\')).toBe(false);
        expect(staysOnOrigin(result)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects absolute URLs of any other origin (property)', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        expect(safeReturnTo(url, ORIGIN)).toBe('/');
      }),
    );
  });

  it('keeps plain paths, normalised, unless normalising makes them network paths (property)', () => {
    fc.assert(
      fc.property(fc.webPath(), (path) => {
        const value = `/${path.replace(/^\/+/, '')}`;
        const normalised = new URL(value, ORIGIN).pathname; // `/.//x` becomes `//x`: that one must be refused
        expect(safeReturnTo(value, ORIGIN)).toBe(normalised.startsWith('//') ? '/' : normalised);
      }),
      { numRuns: 500 },
    );
    expect(safeReturnTo('/.//evil.example', ORIGIN)).toBe('/');
  });
});
