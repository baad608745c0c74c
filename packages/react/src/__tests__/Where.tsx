import { useLocation } from 'react-router';
import { useFiefUserinfo } from '../index.js';

/** Where the router is (path, search, hash) and who is signed in: what the callback and guard tests assert on. */
export function Where() {
  const { pathname, search, hash } = useLocation();
  const email = useFiefUserinfo()?.email;
  return (
    <p>
      at {pathname + search + hash} as {email}
    </p>
  );
}
