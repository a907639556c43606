import { useEffect, useState } from 'react';

/** "3 h 12 min", "2 days 4 h": how long someone has been waiting for a call back. */
export function waitingText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ${hours % 24} h`;
}

/** Seconds elapsed since the list was loaded, ticking every 30 s, so the waiting times stay current. */
export function useElapsedSeconds(loadedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - loadedAt) / 1000));
}
