// @vitest-environment node
import { readFileSync } from 'node:fs';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { FiefAuthProvider, RequireAuth } from '../index.js';
import { SessionStatus as Status } from './SessionStatus.js';

describe('server rendering', () => {
  test('imports and renders in Node with no window, document or storage: the state is loading', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(typeof sessionStorage).toBe('undefined');
    const html = renderToString(
      <FiefAuthProvider baseURL="https://fief.example" clientId="spa">
        <Status />
        <RequireAuth fallback={<p>checking session</p>}>secret</RequireAuth>
      </FiefAuthProvider>,
    );
    expect(html).toContain('status <!-- -->loading<!-- --> <!-- -->nobody');
    expect(html).toContain('checking session');
    expect(html).not.toContain('secret');
  });

  test("the React entries carry the 'use client' directive", () => {
    for (const entry of ['../index.ts', '../testing/index.ts']) {
      const source = readFileSync(new URL(entry, import.meta.url), 'utf8');
      expect(source.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').startsWith("'use client';")).toBe(true);
    }
  });
});
