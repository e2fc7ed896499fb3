import { startPeriodicJob } from '../shared/platform/jobs';
import { ServiceMetrics, withServiceMetrics } from '../shared/platform/metrics';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a periodic job of a running service', () => {
  it('never runs two passes at once, even when a pass outlasts the interval', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const stop = startPeriodicJob(
      'test-job',
      async () => {
        active += 1;
        most = Math.max(most, active);
        await sleep(35);
        active -= 1;
        passes += 1;
      },
      { everyMs: 5, firstAfterMs: 0, onError: () => undefined },
    );
    // Until three passes have run (each outlasting the interval seven times over), however slow the machine.
    for (let waited = 0; passes < 3 && waited < 10_000; waited += 25) await sleep(25);
    await stop();
    expect(most).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(3);
  });

  it('waits, when stopped, for the pass in progress and starts no other', async () => {
    let finished = 0;
    let started = 0;
    const stop = startPeriodicJob(
      'test-job',
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
      'test-job',
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

  it('counts its passes by outcome in the metrics of the service that started it, and stamps only a success', async () => {
    const metrics = new ServiceMetrics('collections');
    const other = new ServiceMetrics('partnerships');
    let calls = 0;
    const stop = withServiceMetrics(metrics, () =>
      startPeriodicJob(
        'hold-expiry',
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('database away');
        },
        { everyMs: 10, firstAfterMs: 0, onError: () => undefined },
      ),
    );
    await sleep(60);
    await stop();
    const text = await metrics.text();
    expect(text).toContain('job_runs_total{job="hold-expiry",outcome="error",service="collections"} 1');
    expect(text).toContain(`job_runs_total{job="hold-expiry",outcome="ok",service="collections"} ${calls - 1}`);
    expect(text).toContain(`job_duration_seconds_count{service="collections",job="hold-expiry"} ${calls}`);
    const lastSuccess = Number(/job_last_success_timestamp_seconds\{job="hold-expiry",service="collections"\} (\S+)/.exec(text)?.[1]);
    expect(Date.now() / 1000 - lastSuccess).toBeLessThan(5);
    expect(await other.text()).not.toContain('hold-expiry');
  });

  it('records nothing of a job started outside a service (a CLI run, a test), even while a service runs its own', async () => {
    const metrics = new ServiceMetrics('collections');
    const options = { everyMs: 10, firstAfterMs: 0, onError: () => undefined };
    const stopOwn = withServiceMetrics(metrics, () => startPeriodicJob('circulation-notices', async () => undefined, options));
    const stopCli = startPeriodicJob('cli-notices', async () => undefined, options);
    await sleep(40);
    await Promise.all([stopOwn(), stopCli()]);
    const text = await metrics.text();
    expect(text).toContain('job="circulation-notices"');
    expect(text).not.toContain('cli-notices');
  });
});
