/**
 * Holds the answers of `FakeFief`'s JWKS endpoint so that a test chooses when, how and in which order each one
 * comes: the interleavings of the key set's refetches (`jwkSelection.ts`) are otherwise left to the network.
 */
import type { Answer, FakeFief } from './fakeFief.js';

/** An answer Fief gave: `keys` is the set it published, when the answer was a key set the client takes. */
export interface JWKSAnswerGiven {
  readonly keys: readonly string[] | undefined;
  /** `Date.now()` (the tests move it) when it was given. */
  readonly at: number;
}

/** The `kid`s of an answer's body when it is a JSON key set (a `keys` array), else undefined. */
function keySetKids(answer: Answer): string[] | undefined {
  if ((answer.status ?? 200) !== 200 || answer.stallAfter !== undefined) return undefined;
  try {
    const document = JSON.parse(answer.body) as { keys?: unknown };
    if (!Array.isArray(document.keys)) return undefined;
    return document.keys.map((key: { kid?: string }) => String(key.kid));
  } catch {
    return undefined;
  }
}

/** A JWKS request Fief has not answered yet, with the key set Fief published when it arrived. */
export interface PendingJWKSRequest {
  readonly published: string;
  readonly answer: (answer?: Answer) => void;
}

export class JWKSGate {
  /** While true, JWKS requests wait for `release`; else they are answered at once with the published set. */
  holding = false;
  /** The answer given instead of the published set while Fief misbehaves (a 503, garbage). */
  failure: Answer | undefined;
  readonly pending: PendingJWKSRequest[] = [];
  /** Every answer given, in order. */
  readonly answers: JWKSAnswerGiven[] = [];
  /** Requests and answers in the order Fief saw them, each at its `Date.now()` (the tests move it). */
  readonly log: (
    | { readonly request: true; readonly at: number }
    | (JWKSAnswerGiven & { readonly request: false })
  )[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(server: FakeFief) {
    server.onJWKS = () => {
      const published = JSON.stringify(server.jwks);
      this.log.push({ request: true, at: Date.now() });
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const settle = (answer: Answer) => {
        this.inFlight -= 1;
        const given = { keys: keySetKids(answer), at: Date.now() };
        this.answers.push(given);
        this.log.push({ ...given, request: false });
        return answer;
      };
      const failure = this.failure;
      if (!this.holding) return settle(failure ?? { body: published });
      return new Promise<Answer>((resolve) => {
        this.pending.push({
          published,
          answer: (answer) => resolve(settle(answer ?? { body: published })),
        });
      });
    };
  }

  /** Answers the pending request at `index` (its published set unless `answer` is given). */
  release(index: number, answer?: Answer): PendingJWKSRequest {
    const [request] = this.pending.splice(index, 1);
    if (request === undefined) throw new Error(`no pending JWKS request at ${index}`);
    request.answer(answer);
    return request;
  }

  /**
   * Waits until `count` requests are pending, or `ms` passed (then returns how many are). Measured on
   * `performance.now()`: the tests move `Date.now()`.
   */
  async arrived(count: number, ms = 1_000): Promise<number> {
    const deadline = performance.now() + ms;
    while (this.pending.length < count && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.pending.length;
  }

  /** Answers every pending request with a 503 (the end of a test: nothing stays open). */
  drain(): void {
    while (this.pending.length > 0) this.release(0, { status: 503, body: 'down' });
  }
}
