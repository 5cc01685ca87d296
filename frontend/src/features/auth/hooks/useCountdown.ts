import { useCallback, useEffect, useState } from "react";

interface Countdown {
  until: number;
  now: number;
}

/**
 * A countdown in whole seconds, ticking every second: `start(seconds)` (from an event
 * handler) begins it, `stop()` clears it. `secondsLeft` is 0 when none runs or it is over.
 */
export function useCountdown() {
  const [countdown, setCountdown] = useState<Countdown | null>(null);
  const until = countdown?.until ?? null;

  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setCountdown((current) => (current ? { ...current, now } : current));
      if (now >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);

  const start = useCallback((seconds: number) => {
    const now = Date.now();
    setCountdown({ until: now + seconds * 1000, now });
  }, []);
  const stop = useCallback(() => setCountdown(null), []);
  const secondsLeft = countdown ? Math.max(0, Math.ceil((countdown.until - countdown.now) / 1000)) : 0;
  return { secondsLeft, running: countdown !== null, start, stop };
}
