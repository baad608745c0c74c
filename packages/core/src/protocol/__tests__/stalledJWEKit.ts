/**
 * What the two tests of a stalled JWE module share (`jweChunkStalled.test.ts`, `jweChunkStalledRefresh.test.ts`):
 * each mocks `../jwe.js` with a download that never ends and shortens the bound in `../http.js` itself (`vi.mock` is
 * per file), then loads the protocol chunk and reads how a call settled in real time.
 */
import { loadProtocolFlows } from '../loadProtocolFlows.js';

/**
 * The protocol client's chunk, there before the tests: only the JWE module stalls. Loaded through its door, whose
 * shortened bound a busy machine may miss: tried again, the door takes the import under way.
 */
export async function protocolChunkLoaded(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await loadProtocolFlows();
      return;
    } catch (error) {
      if (attempt === 20) throw error;
    }
  }
}

/** How `promise` settled within `ms` (real time): its error, `resolved`, or `pending`. */
export async function outcomeWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, 'pending');
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
