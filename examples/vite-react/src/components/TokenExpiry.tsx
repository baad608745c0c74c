import { useEffect, useState } from 'react';

/** The current time, updated every `intervalMs` while the component is mounted. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A live countdown to the access token's expiry. The session engine refreshes it before it reaches zero. */
export function TokenExpiry({ expiresAt }: { expiresAt: number }) {
  const now = useNow(1000);
  const remaining = expiresAt - now;
  return (
    <div className="expiry" data-testid="token-expiry" data-expires-at={expiresAt}>
      <span className={remaining > 0 ? 'expiry-time' : 'expiry-time expired'} aria-live="off">
        {remaining > 0 ? formatDuration(remaining) : 'expired'}
      </span>
      <span className="muted">until {new Date(expiresAt).toLocaleTimeString()}, then refreshed silently</span>
    </div>
  );
}
