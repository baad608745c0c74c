import { Agent, createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Port of the server it went to. */
  port: number;
  /** Whether it went to a delayed port (an identity server). */
  delayed: boolean;
  /** Epoch milliseconds (sub-millisecond precision) when the browser's request reached the proxy. */
  start: number;
  /** Status of the answer, once it came. */
  status?: number;
  /** When the last byte of the answer left the proxy; `undefined` while it is in flight. */
  end?: number;
}

export interface LatencyProxy {
  /** `http://127.0.0.1:PORT`: give it to Chromium as its proxy server. */
  readonly url: string;
  /** Milliseconds added before forwarding each request to a delayed port; change it between phases. */
  delayMs: number;
  /** Every request forwarded, in arrival order. */
  readonly requests: ProxiedRequest[];
  clearRequests(): void;
  /**
   * While set, a request for which it returns true is answered `204 No Content` (a navigation then stays where it
   * was) and its URL is pushed to `held` instead of being forwarded.
   */
  hold: ((url: URL) => boolean) | undefined;
  readonly held: string[];
  close(): Promise<void>;
}

const now = (): number => performance.timeOrigin + performance.now();

/** Hop-by-hop headers a forward proxy must not pass on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * An HTTP forward proxy on 127.0.0.1 that waits `delayMs` before forwarding each request sent to one of
 * `delayedPorts` (the identity servers); anything else (the static pages) passes at once. It records every
 * request it forwards. Chromium sends every request through it (`--proxy-server`, loopback included), so origins, and thus
 * the issuer, stay the identity server's own.
 */
export async function startLatencyProxy(delayedPorts: ReadonlySet<number>): Promise<LatencyProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const requests: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URLs only: this is a forward proxy');
      return;
    }
    if (proxy.hold?.(target)) {
      proxy.held.push(target.href);
      res.writeHead(204).end();
      return;
    }
    const port = Number(target.port || 80);
    const delayed = delayedPorts.has(port);
    const record: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: target.pathname + target.search,
      port,
      delayed,
      start: now(),
    };
    requests.push(record);
    const forward = (): void => {
      const upstream = request(
        {
          agent,
          host: target.hostname,
          port,
          method: req.method,
          path: record.path,
          headers: forwardable(req.headers),
        },
        (answer) => {
          record.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
          answer.pipe(res);
          answer.on('end', () => {
            record.end = now();
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    };
    if (delayed && proxy.delayMs > 0) setTimeout(forward, proxy.delayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: LatencyProxy = {
    url: `http://127.0.0.1:${port}`,
    delayMs: 0,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    hold: undefined,
    held: [],
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return proxy;
}

/**
 * The number of requests in series: the longest chain of requests where each one started after the previous
 * one had been answered (a request in parallel with another does not lengthen the chain).
 */
export function requestsInSeries(requests: ReadonlyArray<Pick<ProxiedRequest, 'start' | 'end'>>): number {
  const done = requests
    .filter((r): r is { start: number; end: number } => r.end !== undefined)
    .sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  for (let i = 0; i < done.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) {
      if (done[j]!.end <= done[i]!.start + 1) best = Math.max(best, depth[j]!);
    }
    depth.push(best + 1);
  }
  return Math.max(0, ...depth);
}
