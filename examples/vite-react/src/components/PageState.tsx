import type { ReactNode } from 'react';
import { PageTitle } from './PageTitle';

/** A full-width placeholder while something the page needs is on its way: never a blank screen. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page-state" role="status" aria-live="polite">
      <PageTitle title={label} />
      <span className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}

/** A card that says what went wrong, why it matters, and what the user can do next. */
export function ErrorCard({
  title,
  children,
  detail,
}: {
  title: string;
  children: ReactNode;
  detail?: string;
}) {
  return (
    <section className="card card-error" role="alert">
      <PageTitle title={title} />
      <h1>{title}</h1>
      {children}
      {detail ? <p className="error-detail">{detail}</p> : null}
    </section>
  );
}
