// The callback test of the README's "Testing your app", kept line for line (imports point at the sources).

import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, expect, it } from 'vitest';
import { FiefAuthCallback } from '../index.js';
import { createTestFiefAuth, FiefAuthTestProvider } from '../testing/index.js';

afterEach(cleanup);

it('finishes the login on the callback route, then shows the page the user came from', async () => {
  // The test engine's callback succeeds when it holds a session, and returns to '/'.
  const auth = createTestFiefAuth({
    userinfo: { sub: 'u1', email: 'anne@example.com', tenant_id: 't1', fields: {} },
  });
  render(
    <FiefAuthTestProvider auth={auth}>
      <MemoryRouter initialEntries={['/callback?code=c&state=s']}>
        <Routes>
          <Route path="/callback" element={<FiefAuthCallback loadingElement={<p>Signing you in…</p>} />} />
          <Route path="/" element={<p>Welcome back</p>} />
        </Routes>
      </MemoryRouter>
    </FiefAuthTestProvider>,
  );
  expect(await screen.findByText('Welcome back')).toBeTruthy();
  expect(auth.calls.map((call) => call.method)).toEqual(['authCallback']);
});
