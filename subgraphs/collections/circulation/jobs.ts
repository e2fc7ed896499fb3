import type { Logger } from '../../../shared/logger';
import { expireHolds, type CirculationDeps } from './service';

const HOUR = 60 * 60_000;

/**
 * The hold expiry job of the running service: once an hour (and a minute after start), holds
 * past their "not needed after" day and copies left on the hold shelf past their pickup day
 * expire. Returns the stop function the server awaits before closing the database.
 */
export function startHoldExpiry(deps: CirculationDeps, log: Logger, everyMs = HOUR): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = expireHolds(deps)
      .then((expired) => {
        if (expired) log.info({ expired }, 'holds expired');
      })
      .catch((err) => log.warn({ err }, 'hold expiry failed; retrying at the next run'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, Math.min(60_000, everyMs));
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
