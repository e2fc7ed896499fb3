import type { Config, SubgraphName } from '../../shared/platform/config';
import { openDatabase } from '../../shared/platform/database';
import type { Logger } from '../../shared/platform/logger';
import { createTransports } from '../../shared/platform/transports';
import { seedDemoMembers, seedDemoStaff } from './demo';
import { subgraphDirectory } from './directory';
import { IDENTITY_STORE } from './index';
import { createAuthService, type AuthService } from './service';

export interface IdentityStore {
  service: AuthService;
  /** Adds the demo member accounts (their card numbers come from collections, which must be up). */
  seedMembers(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating and migrating) the identity store and, unless in production, seeds the demo
 * accounts that need no other service. Demo passwords are public: production gets none.
 */
export async function openIdentityStore(config: Config, urls: Record<SubgraphName, string>, log: Logger, options: { seed?: boolean } = {}): Promise<IdentityStore> {
  const db = await openDatabase(config, IDENTITY_STORE);
  const directory = subgraphDirectory(config, urls);
  const transports = createTransports(config.notices);
  const seed = (options.seed ?? config.seedDemoData) && !config.production;
  if (seed) {
    const added = await seedDemoStaff(db, config.auth.scryptN);
    if (added) log.info({ added }, 'demo sign-in accounts added');
  }
  return {
    service: createAuthService({ db, config, directory, transports, log }),
    async seedMembers() {
      if (!seed) return;
      try {
        const added = await seedDemoMembers(db, directory, log, config.auth.scryptN);
        if (added) log.info({ added }, 'demo member sign-in accounts added');
      } catch (err) {
        // Collections not (yet) up: the member demo accounts come with the next start.
        log.warn({ reason: String(err) }, 'demo member sign-in accounts not added');
      }
    },
    async close() {
      transports.close();
      await db.destroy();
    },
  };
}
