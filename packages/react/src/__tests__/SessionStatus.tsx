import { useFiefSession, useFiefUserinfo } from '../index.js';

/** One line with the session's status and the user's email, for the server-rendering and hydration tests. */
export function SessionStatus() {
  const { status } = useFiefSession();
  const userinfo = useFiefUserinfo();
  return (
    <p>
      status {status} {userinfo?.email ?? 'nobody'}
    </p>
  );
}
