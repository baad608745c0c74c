import type { AuthFetch } from '@fief-spa/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { PageTitle } from '../components/PageTitle';
import { useAuthFetch } from '../components/useAuthFetch';
import { userMessage } from '../components/userMessage';
import { apiOrigin } from '../config';
import { parseWhoami, WHOAMI_PATH, type Whoami } from '../whoami';

/** The API answered, but not with who the user is: its message is written for the user. */
class WhoamiError extends Error {}

type WhoamiState =
  | { status: 'loading' }
  | { status: 'ok'; whoami: Whoami }
  | { status: 'error'; message: string };

/**
 * `/profile/api`: the app calling its own API with the access token (`createAuthFetch`), and a form to see that
 * the token goes to that API's origin only.
 */
export function ProfileApiRoute() {
  const authFetch = useAuthFetch();
  return (
    <div className="grid">
      <PageTitle title="API" />
      <WhoamiCard authFetch={authFetch} />
      <TryAddressCard authFetch={authFetch} />
    </div>
  );
}

/** `GET /api/whoami` through `authFetch`: a 200 with the claims the API validated, or the reason it failed. */
async function fetchWhoami(authFetch: AuthFetch, signal: AbortSignal): Promise<Whoami> {
  const response = await authFetch(new URL(WHOAMI_PATH, apiOrigin), { signal });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const description = (body as { error_description?: unknown } | null)?.error_description;
    throw new WhoamiError(
      `The API refused the call (${response.status}${typeof description === 'string' ? `: ${description}` : ''}).`,
    );
  }
  const whoami = parseWhoami(body);
  if (!whoami) throw new WhoamiError('The API answered something other than who you are.');
  return whoami;
}

function WhoamiCard({ authFetch }: { authFetch: AuthFetch }) {
  const [state, setState] = useState<WhoamiState>({ status: 'loading' });
  const [calls, setCalls] = useState(0);
  const callAgain = useCallback(() => setCalls((count) => count + 1), []);

  useEffect(() => {
    // `calls` starts a new request; an unmount (or StrictMode's rehearsal) aborts the one in flight.
    void calls;
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchWhoami(authFetch, controller.signal).then(
      (whoami) => setState({ status: 'ok', whoami }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (!(error instanceof WhoamiError)) console.error('Calling the API failed:', error);
        setState({
          status: 'error',
          message: error instanceof WhoamiError ? error.message : userMessage(error),
        });
      },
    );
    return () => controller.abort();
  }, [authFetch, calls]);

  return (
    <section className="card" aria-labelledby="whoami-title">
      <h2 id="whoami-title">Your API</h2>
      <p className="muted">
        <code>GET {WHOAMI_PATH}</code> with the access token. The API checks its signature against Fief’s
        keys, its audience and its expiry, and answers from its claims.
      </p>
      {state.status === 'loading' ? (
        <p role="status">Calling the API…</p>
      ) : state.status === 'error' ? (
        <p className="status status-error" role="alert">
          {state.message}
        </p>
      ) : (
        <dl className="facts" data-testid="whoami">
          <dt>User ID</dt>
          <dd data-testid="whoami-sub">
            <code>{state.whoami.sub}</code>
          </dd>
          <dt>ACR</dt>
          <dd data-testid="whoami-acr">
            <code>{state.whoami.acr}</code>
          </dd>
          <dt>Scopes</dt>
          <dd data-testid="whoami-scope">{state.whoami.scope.join(' ') || 'none'}</dd>
          <dt>Permissions</dt>
          <dd data-testid="whoami-permissions">{state.whoami.permissions.join(' ') || 'none granted'}</dd>
        </dl>
      )}
      <div className="actions">
        <button type="button" className="button button-quiet" onClick={callAgain}>
          Call again
        </button>
      </div>
    </section>
  );
}

type TryState =
  | { status: 'idle' | 'sending' }
  | { status: 'answered'; code: number; body: string }
  | { status: 'error'; message: string };

/** Sends a GET through the same `authFetch` to any address and shows the answer. */
function TryAddressCard({ authFetch }: { authFetch: AuthFetch }) {
  const [address, setAddress] = useState(() => new URL(WHOAMI_PATH, apiOrigin).href);
  const [state, setState] = useState<TryState>({ status: 'idle' });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ status: 'sending' });
    try {
      const response = await authFetch(address);
      const body = await response.text();
      setState({ status: 'answered', code: response.status, body: body.slice(0, 500) });
    } catch (error) {
      // A cross-origin server that does not allow this origin (CORS), or nothing listening there.
      console.error(`GET ${address} failed:`, error);
      setState({
        status: 'error',
        message: 'No answer: the address is unreachable, or does not allow this app (CORS).',
      });
    }
  }

  return (
    <section className="card" aria-labelledby="try-title">
      <h2 id="try-title">Where the token goes</h2>
      <p className="muted">
        The access token is sent to <code>{apiOrigin}</code> only. A request to any other address goes without
        it.
      </p>
      <form className="form" onSubmit={onSubmit}>
        <label className="field">
          <span>Address</span>
          <input
            name="address"
            type="url"
            maxLength={2048}
            required
            value={address}
            onChange={(event) => setAddress(event.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={state.status === 'sending'}>
            {state.status === 'sending' ? 'Sending…' : 'Send GET'}
          </button>
        </div>
      </form>
      {state.status === 'answered' ? (
        <div data-testid="try-answer">
          <p>
            Answered <strong>{state.code}</strong>
          </p>
          <pre className="error-detail">{state.body}</pre>
        </div>
      ) : state.status === 'error' ? (
        <p className="status status-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
