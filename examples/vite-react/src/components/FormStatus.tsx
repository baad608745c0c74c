/** Where a form submission stands. */
export type SaveState = { status: 'idle' | 'saving' | 'saved' } | { status: 'error'; message: string };

/** The line beside a submit button: a quiet confirmation, or the reason it failed. */
export function FormStatus({ state, done }: { state: SaveState; done: string }) {
  if (state.status === 'saved') {
    return (
      <span className="status status-ok" role="status">
        {done}
      </span>
    );
  }
  if (state.status === 'error') {
    return (
      <span className="status status-error" role="alert">
        {state.message}
      </span>
    );
  }
  return null;
}
