import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../server.js';
import { DEMO_CLIENT, DEMO_USER, loginAndExchange, startQuietServer } from './helpers.js';

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

describe('server lifecycle', () => {
  it('close() frees the port, even with a keep-alive connection open', async () => {
    const server = await startQuietServer();
    const port = Number(new URL(server.url).port);
    await fetch(`${server.url}/.well-known/openid-configuration`, { headers: { connection: 'keep-alive' } });
    expect(await portIsFree(port)).toBe(false);
    await server.close();
    expect(await portIsFree(port)).toBe(true);
  });

  it('records every request in order, with its origin, and clears the log on demand', async () => {
    const server = await startQuietServer();
    try {
      await fetch(`${server.url}/.well-known/jwks.json?x=1`, {
        headers: { origin: 'http://127.0.0.1:5173' },
      });
      await loginAndExchange(server);
      expect(server.requests[0]).toEqual({
        method: 'GET',
        path: '/.well-known/jwks.json',
        origin: 'http://127.0.0.1:5173',
      });
      expect(server.requests.filter((r) => r.path === '/api/token')).toHaveLength(1);
      server.clearRequests();
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('prints the demo user and client (its redirect URIs too) on start, and no other password', async () => {
    const lines: string[] = [];
    const server = await startDevServer({
      logger: (line) => lines.push(line),
      users: [DEMO_USER, { email: 'secret@example.com', password: 'do-not-print-me' }],
    });
    await server.close();
    const output = lines.join('\n');
    expect(output).toContain(server.url);
    expect(output).toContain(DEMO_CLIENT.clientId);
    expect(output).toContain(`redirect URIs: ${DEMO_CLIENT.redirectURIs.join(', ')}`);
    expect(output).toContain(DEMO_USER.email);
    expect(output).toContain(DEMO_USER.password);
    expect(output).toContain('secret@example.com');
    expect(output).not.toContain('do-not-print-me');
  });
});
