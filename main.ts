/**
 * Runs the federation: `node dist/main.js` starts the four subgraphs and the gateway in one
 * process (five HTTP servers talking real HTTP); `node dist/main.js collections` starts one
 * service (what each docker-compose service runs). Ctrl-C / SIGTERM stops everything cleanly.
 */
import 'reflect-metadata';
import { startFederationServices } from './gateway/federation';
import { startGateway } from './gateway/gateway';
import { loadConfig, requireProductionSecrets, StartupError } from './shared/platform/config';
import { createLogger } from './shared/platform/logger';
import { startSubgraph } from './shared/platform/server';
import { subgraphByName } from './subgraphs';

async function main() {
  const config = loadConfig();
  const log = createLogger(config, 'main');
  const wanted = process.argv.slice(2);
  const all = wanted.length === 0 || wanted.includes('all');
  const running: { stop(): Promise<void> }[] = [];
  // Production: no start without the secrets of what this process runs (docs/security.md, "Who may do what").
  requireProductionSecrets(config, { gateway: all || wanted.includes('gateway'), subgraph: all || wanted.some((w) => w !== 'gateway') });

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    for (const service of running.reverse()) await service.stop().catch((err) => log.error({ err }, 'stop failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (all) {
    running.push(await startFederationServices(config));
  } else {
    for (const def of wanted.filter((w) => w !== 'gateway').map(subgraphByName)) running.push(await startSubgraph(def, config));
    if (wanted.includes('gateway')) running.push(await startGateway(config));
  }
  if (all || wanted.includes('gateway')) {
    log.info(`GraphQL gateway at http://localhost:${config.ports.gateway}/graphql, regional console at http://localhost:${config.ports.gateway}/console`);
  }
}

main().catch((err) => {
  // A setting, a port in use, a native module to rebuild: the one line that says what to do, no stack.
  console.error(err instanceof StartupError ? err.message : err);
  process.exit(1);
});
