import type { Config, SubgraphName } from '../shared/platform/config';
import { startSubgraph, type RunningService, type RunningSubgraph } from '../shared/platform/server';
import { startInThread } from './service-thread';
import { loadSubgraph } from '../subgraphs/load';
import { SUBGRAPH_NAMES } from '../subgraphs/registry';
import { startGateway } from './gateway';

export interface RunningFederation {
  /** The config the services run with (subgraph URLs filled in when ports were ephemeral). */
  config: Config;
  gateway: RunningService;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/**
 * Starts the four subgraphs and the gateway in this process, five HTTP servers talking real
 * HTTP. The registry's first subgraph starts first, alone (it owns what the others read from
 * the start: library calendars and the directory); the rest together. With `ephemeralPorts`
 * every server takes a free port (tests, benchmarks).
 */
export async function startFederationServices(
  base: Config,
  options: { ephemeralPorts?: boolean; seed?: boolean; /** the gateway's demo sign-in accounts (default: as `seed`) */ seedAccounts?: boolean; background?: boolean } = {},
): Promise<RunningFederation> {
  const port = (name: SubgraphName | 'gateway') => (options.ephemeralPorts ? 0 : base.ports[name]);
  const common = { seed: options.seed, background: options.background };
  const [firstDef, ...others] = SUBGRAPH_NAMES.map(loadSubgraph);
  // One address book shared by every subgraph started here: with ephemeral ports an address is
  // known only once its server listens, and subgraphs call each other (calendars, directories,
  // partner links), so each entry is filled in as its server comes up.
  const subgraphUrls: Record<SubgraphName, string> = { ...base.subgraphUrls };
  const config: Config = { ...base, subgraphUrls };
  const first = await startSubgraph(firstDef, config, { ...common, port: port(firstDef.name) });
  subgraphUrls[firstDef.name] = first.url;
  const started = [first, ...(await Promise.all(others.map((def) => startSubgraph(def, config, { ...common, port: port(def.name) }))))];
  const subgraphs = Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, RunningSubgraph>;
  for (const name of SUBGRAPH_NAMES) subgraphUrls[name] = subgraphs[name].url;
  const gateway = await startGateway(config, { port: port('gateway'), subgraphUrls, seed: options.seedAccounts ?? options.seed });
  return {
    config,
    gateway,
    subgraphs,
    async stop() {
      await gateway.stop();
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

/**
 * `npm start` with THREADS=2: staff-development, collections and community-events run in a worker
 * thread; the gateway and partnerships keep the main thread. Measured under the contract query
 * (docs/performance.md, 10 clients), this split keeps both cores about equally busy (5.0 and 4.8 ms
 * of CPU a request); with the gateway alone in the main thread the worker was the bottleneck, with
 * two subgraphs beside the gateway the main thread was.
 */
export const THREADED_SUBGRAPHS: readonly SubgraphName[] = ['staff-development', 'collections', 'community-events'];

/**
 * What `npm start` runs (main.ts): the federation on the configured ports, in one thread
 * (THREADS=1, as startFederationServices) or with THREADED_SUBGRAPHS in a worker thread of their
 * own. Stopping stops the gateway first, then the subgraphs; an error escaping the thread goes to
 * `onCrash`.
 */
export async function startFederationProcess(config: Config, onCrash: (err: unknown) => void): Promise<{ stop(): Promise<void> }> {
  if (config.threads < 2) return startFederationServices(config);
  // The thread starts the registry's first subgraph alone, then the rest (startInThread); the
  // others, which read from the first at their start, only then.
  const threaded = await startInThread([...THREADED_SUBGRAPHS], config, { onCrash });
  const started: { stop(): Promise<void> }[] = [threaded];
  try {
    // Only the main thread's subgraphs are loaded here: the thread's stay out of this heap.
    const own = SUBGRAPH_NAMES.filter((name) => !THREADED_SUBGRAPHS.includes(name)).map(loadSubgraph);
    started.push(...(await Promise.all(own.map((def) => startSubgraph(def, config)))));
    const gateway = await startGateway(config);
    return {
      async stop() {
        await gateway.stop();
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
}
