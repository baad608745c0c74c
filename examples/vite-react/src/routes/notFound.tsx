import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle';

export function NotFoundRoute() {
  return (
    <section className="card">
      <PageTitle title="Page not found" />
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/" className="button button-quiet">
        Back to home
      </Link>
    </section>
  );
}
