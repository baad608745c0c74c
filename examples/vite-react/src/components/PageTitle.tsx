/**
 * The document title of the page being shown (React 19 moves a rendered `<title>` into `<head>`). Render one per
 * page, from the route that shows it, so a screen reader and the browser's history name each page.
 */
export function PageTitle({ title }: { title: string }) {
  return <title>{`${title} · Fief SPA example`}</title>;
}
