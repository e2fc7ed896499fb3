/**
 * Subgraphs run in a worker thread of this process (main.ts with THREADS=2, the default on a
 * machine with two cores or more): an event loop of their own on the second core, in the same
 * process — one PID to start, watch and stop, one log stream, less memory than a second process.
 * The thread reads the same settings from the environment, listens on the same ports the
 * subgraphs would in the main thread, and stops when told (its drain ends by the same deadline).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadConfig, StartupError, type Config, type SubgraphName } from '../shared/platform/config';
import { shutdownBy, shutdownDeadlineSet, startSubgraph, type RunningService } from '../shared/platform/server';
import { loadSubgraph } from '../subgraphs/load';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';

type ToThread = { type: 'stop'; deadline: number | undefined };
type FromThread = { type: 'started'; services: Omit<RunningService, 'stop'>[] } | { type: 'failed'; message: string; startup: boolean } | { type: 'stopped'; failed: boolean };

interface ThreadData {
  serviceThread: true;
  names: SubgraphName[];
  subgraphUrls: Config['subgraphUrls'];
  ports: Partial<Record<SubgraphName, number>>;
}

/**
 * Starts `names` in a new worker thread and resolves once each listens, with their addresses;
 * `stop` drains them all, closes their databases, then ends the thread.
 * An error that escapes the thread afterwards is the process's: `onCrash` is told.
 */
export async function startInThread(
  names: SubgraphName[],
  config: Config,
  options: { ports?: Partial<Record<SubgraphName, number>>; onCrash: (err: unknown) => void },
): Promise<{ services: Omit<RunningService, 'stop'>[]; stop(): Promise<void> }> {
  const data: ThreadData = { serviceThread: true, names, subgraphUrls: config.subgraphUrls, ports: options.ports ?? {} };
  // Under ts-node (tests) the thread compiles the TypeScript the same way; the build runs JavaScript.
  const entry = __filename.endsWith('.ts') ? `require('ts-node').register({ transpileOnly: true });` : '';
  const worker = new Worker(`${entry} require(${JSON.stringify(__filename)}).runServiceThread();`, { eval: true, workerData: data });
  const messages = (type: FromThread['type']) =>
    new Promise<FromThread>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the service thread of ${names.join(', ')} ended (exit code ${code})`));
      const onMessage = (message: FromThread) => {
        if (message.type !== type && message.type !== 'failed') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        // A setting or a port in use stays the one line main.ts prints.
        if (message.type === 'failed') reject(message.startup ? new StartupError(message.message) : new Error(message.message));
        else resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
  let started: FromThread;
  try {
    started = await messages('started');
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  worker.on('error', (err) => {
    if (!stopping) options.onCrash(err);
  });
  worker.on('exit', (code) => {
    if (!stopping) options.onCrash(new Error(`the service thread of ${names.join(', ')} ended (exit code ${code})`));
  });
  const stop = () =>
    (stopping ??= (async () => {
      const stopped = messages('stopped');
      worker.postMessage({ type: 'stop', deadline: shutdownDeadlineSet() } satisfies ToThread);
      const outcome = await stopped;
      await worker.terminate();
      if (outcome.type === 'stopped' && outcome.failed) throw new Error(`stopping ${names.join(', ')} failed`);
    })());
  return { services: (started as Extract<FromThread, { type: 'started' }>).services, stop };
}

/** The thread's side: starts its subgraphs, reports their addresses, stops them when told. */
export async function runServiceThread(): Promise<void> {
  if (isMainThread || !parentPort || !(workerData as ThreadData)?.serviceThread) throw new Error('runServiceThread runs in a service thread');
  const port = parentPort;
  const data = workerData as ThreadData;
  const post = (message: FromThread) => port.postMessage(message);
  const config: Config = { ...loadConfig(), subgraphUrls: data.subgraphUrls };
  try {
    // The registry's first subgraph alone, then the rest together (as startFederationServices does):
    // the first owns what the others read from the start (library calendars, the directory).
    const start = (name: SubgraphName) => startSubgraph(loadSubgraph(name), config, { port: data.ports[name] });
    const [first, ...rest] = data.names;
    const running = first === SUBGRAPH_NAMES[0] ? [await start(first), ...(await Promise.all(rest.map(start)))] : await Promise.all(data.names.map(start));
    port.on('message', (message: ToThread) => {
      if (message.type !== 'stop') return;
      if (message.deadline) shutdownBy(message.deadline);
      void Promise.allSettled(running.map((s) => s.stop())).then((outcomes) => post({ type: 'stopped', failed: outcomes.some((o) => o.status === 'rejected') }));
    });
    post({ type: 'started', services: running.map(({ name, url, port: p }) => ({ name, url, port: p })) });
  } catch (err) {
    post({
      type: 'failed',
      message: err instanceof StartupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err),
      startup: err instanceof StartupError,
    });
  }
}
