import type { Logger } from '../../../shared/platform/logger';
import { startPeriodicJob } from '../../../shared/platform/jobs';
import { expireHolds, type CirculationDeps } from './circulation.service';

const HOUR = 60 * 60_000;

/**
 * The hold expiry job of the running service: once an hour (and a minute after start), holds
 * past their "not needed after" day and copies left on the hold shelf past their pickup day
 * expire. Returns the stop function the server awaits before closing the database.
 */
export function startHoldExpiry(deps: CirculationDeps, log: Logger, everyMs = HOUR): () => Promise<void> {
  return startPeriodicJob(
    'hold-expiry',
    async () => {
      const expired = await expireHolds(deps);
      if (expired) log.info({ expired }, 'holds expired');
    },
    { everyMs, firstAfterMs: 60_000, onError: (err) => log.warn({ err }, 'hold expiry failed; retrying at the next run') },
  );
}
