import { currentServiceMetrics } from './metrics';

/**
 * A job of a running service (hold expiry, notices, daily aggregates): the first pass after
 * `firstAfterMs`, then every `everyMs`; never two passes at once (a tick that finds one running is
 * skipped); a failed pass goes to `onError` and the next tick tries again; timers are unref'd so
 * they never keep the process alive. Returns the stop function the server awaits: it clears the
 * timers and waits for a pass in progress. `name` (kebab-case) labels its runs, their duration and
 * its last success in the metrics of the service that starts it (metrics.ts, `withServiceMetrics`).
 *
 * One pass at a time within a process only: replicas run their passes at the same moments, so a
 * job must itself make a second run harmless (a guarded UPDATE, a unique key, an idempotent
 * rebuild, an outbox lease): docs/operations.md, "Running replicas".
 */
export function startPeriodicJob(
  name: string,
  pass: () => Promise<void>,
  options: { everyMs: number; firstAfterMs: number; onError: (err: unknown) => void },
): () => Promise<void> {
  const metrics = currentServiceMetrics();
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    const done = metrics?.jobPass(name);
    running = pass()
      .then(
        () => done?.('ok'),
        (err: unknown) => {
          done?.('error');
          options.onError(err);
        },
      )
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, Math.min(options.firstAfterMs, options.everyMs));
  const timer = setInterval(run, options.everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
