import { startPeriodicJob } from '../shared/platform/jobs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a periodic job of a running service', () => {
  it('never runs two passes at once, even when a pass outlasts the interval', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const stop = startPeriodicJob(
      async () => {
        active += 1;
        most = Math.max(most, active);
        await sleep(35);
        active -= 1;
        passes += 1;
      },
      { everyMs: 5, firstAfterMs: 0, onError: () => undefined },
    );
    await sleep(150);
    await stop();
    expect(most).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(2);
  });

  it('waits, when stopped, for the pass in progress and starts no other', async () => {
    let finished = 0;
    let started = 0;
    const stop = startPeriodicJob(
      async () => {
        started += 1;
        await sleep(40);
        finished += 1;
      },
      { everyMs: 5, firstAfterMs: 0, onError: () => undefined },
    );
    await sleep(15);
    await stop();
    expect(finished).toBe(started);
    await sleep(30);
    expect(started).toBe(finished);
  });

  it('reports a failed pass and tries again at the next tick', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const stop = startPeriodicJob(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
      },
      { everyMs: 10, firstAfterMs: 0, onError: (err) => errors.push(err) },
    );
    await sleep(60);
    await stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('database away');
    expect(calls).toBeGreaterThan(1);
  });
});
