import { Link, useRouteError } from 'react-router';
import { ErrorCard } from '../components/PageState';
import { useLogError } from '../components/useLogError';

/** Shown instead of a white screen when a page throws while rendering. */
export function RouteError() {
  const error = useRouteError();
  useLogError('This page crashed', error);
  return (
    <div className="app">
      <main className="main">
        <ErrorCard title="This page crashed">
          <p>Something unexpected happened while showing this page. Reloading usually helps.</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>
            <Link to="/" className="button button-quiet" reloadDocument>
              Back to home
            </Link>
          </div>
        </ErrorCard>
      </main>
    </div>
  );
}
