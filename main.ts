/**
 * Runs the federation: `node dist/main.js` starts the four subgraphs and the gateway in one
 * process (five HTTP servers talking real HTTP) — on two threads, so on two cores, unless
 * THREADS=1 (gateway/federation.ts); `node dist/main.js collections` starts one service (what
 * each docker-compose service runs).
 *
 * SIGTERM / SIGINT (Ctrl-C) start the process's one shutdown: the gateway first — it stops
 * accepting and answers every request in flight or already accepted, with `Connection: close` —
 * then the subgraphs the same way, then their databases; exit 0. Requests still running after
 * SHUTDOWN_GRACE_MS have their connections cut; a second signal, or a stop that hangs past the
 * grace period, ends the process at once with 1 (docs/operations.md, "Stopping").
 */
import { runOnAsyncContextFrame } from './shared/platform/async-context';
// Before anything else is loaded (compiled only: under ts-node the command names main.ts, which
// plain node cannot run).
if (__filename.endsWith('.js')) runOnAsyncContextFrame();
import 'reflect-metadata';
import { startFederationProcess } from './gateway/federation';
import { startGateway } from './gateway/gateway';
import { loadConfig, requireProductionSecrets, StartupError } from './shared/platform/config';
import { createLogger } from './shared/platform/logger';
import { shutdownBy, startSubgraph } from './shared/platform/server';
import { loadSubgraph } from './subgraphs/load';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** After the grace period, how long closing the databases may take before the process just exits. */
const CLOSE_MS = 5_000;

async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'main');
  const wanted = process.argv.slice(2);
  const all = wanted.length === 0 || wanted.includes('all');
  const running: { stop(): Promise<void> }[] = [];
  // Production: no start without the secrets of what this process runs (docs/security.md, "Who may do what").
  requireProductionSecrets(config, { gateway: all || wanted.includes('gateway'), subgraph: all || wanted.some((w) => w !== 'gateway') });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    shutdownBy(started + config.shutdownGraceMs);
    setTimeout(() => {
      log.error({ graceMs: config.shutdownGraceMs }, 'shutdown overran its grace period: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + CLOSE_MS).unref();
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping');
    // Last started, first stopped: the gateway before the subgraphs it calls.
    void (async () => {
      let failed = false;
      for (const service of [...running].reverse()) {
        await service.stop().catch((err: unknown) => {
          failed = true;
          log.error({ err }, 'stop failed');
        });
      }
      log.info({ ms: Date.now() - started }, 'stopped');
      process.exit(failed ? 1 : 0);
    })();
  };
  /**
   * This process has one shutdown: any handler a library installed (ApolloServer stops its own
   * server on these signals, then re-raises them — exit 143, the subgraphs gone while the gateway
   * drains) is replaced by ours.
   */
  const ownSignals = () => {
    for (const signal of SIGNALS) {
      process.removeAllListeners(signal);
      process.on(signal, onSignal);
    }
  };
  ownSignals();

  if (all) {
    running.push(
      await startFederationProcess(config, (err) => {
        log.fatal({ err }, 'a service thread failed: exiting');
        process.exit(1);
      }),
    );
  } else {
    for (const def of wanted.filter((w) => w !== 'gateway').map(loadSubgraph)) running.push(await startSubgraph(def, config));
    if (wanted.includes('gateway')) running.push(await startGateway(config));
  }
  ownSignals();
  if (all || wanted.includes('gateway')) {
    log.info(`GraphQL gateway at http://localhost:${config.ports.gateway}/graphql, regional console at http://localhost:${config.ports.gateway}/console`);
  }
}

main().catch((err) => {
  // A setting, a port in use, a native module to rebuild: the one line that says what to do, no stack.
  console.error(err instanceof StartupError ? err.message : err);
  process.exit(1);
});
