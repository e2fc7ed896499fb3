import type { Config, SubgraphName } from '../shared/platform/config';
import { startSubgraph, type RunningService, type RunningSubgraph } from '../shared/platform/server';
import { startInThread } from './service-thread';
import { SUBGRAPHS } from '../subgraphs';
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
  const [firstDef, ...others] = SUBGRAPHS;
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
 * The subgraphs `npm start` runs in its second thread (THREADS=2): about half of the work of a
 * typical request (the contract query's catalogue count and lists, the events calendar), so that
 * the gateway's thread and this one each keep a core busy.
 */
export const THREADED_SUBGRAPHS: readonly SubgraphName[] = ['collections', 'community-events'];

/**
 * What `npm start` runs (main.ts): the federation on the configured ports, in one thread
 * (THREADS=1, as startFederationServices) or with THREADED_SUBGRAPHS in a worker thread of their
 * own. Stopping stops the gateway first, then the subgraphs; an error escaping the thread goes to
 * `onCrash`.
 */
export async function startFederationProcess(config: Config, onCrash: (err: unknown) => void): Promise<{ stop(): Promise<void> }> {
  if (config.threads < 2) return startFederationServices(config);
  const [firstDef, ...others] = SUBGRAPHS;
  const first = await startSubgraph(firstDef, config);
  const inThread = startInThread([...THREADED_SUBGRAPHS], config, { onCrash });
  const here = Promise.all(others.filter((def) => !THREADED_SUBGRAPHS.includes(def.name)).map((def) => startSubgraph(def, config)));
  const [threaded, local] = await Promise.allSettled([inThread, here]);
  const started: { stop(): Promise<void> }[] = [first, ...(local.status === 'fulfilled' ? local.value : []), ...(threaded.status === 'fulfilled' ? [threaded.value] : [])];
  const failure = [threaded, local].find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw failure.reason;
  }
  const gateway = await startGateway(config).catch(async (err: unknown) => {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  });
  return {
    async stop() {
      await gateway.stop();
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
