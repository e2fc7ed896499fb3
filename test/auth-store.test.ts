import { IDENTITY_STORE } from '../gateway/auth';
import { AuthAccount } from '../gateway/auth/entities';
import { openIdentityStore } from '../gateway/auth/store';
import { dropDatabase, openDatabase } from '../shared/platform/database';
import { createLogger } from '../shared/platform/logger';
import { BACKENDS, testConfig } from './helpers/federation';

/** The identity store's committed migrations (gateway/auth/migrations) build exactly its entities, on every backend. */
describe.each(BACKENDS)('the identity store (%s)', (backend) => {
  it('has migrations that match its entities (run `npm run migration:generate -- identity <Name>` after a change)', async () => {
    const config = testConfig(backend);
    const db = await openDatabase(config, IDENTITY_STORE);
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const tables = db.entityMetadatas.map((m) => m.tableName).sort();
      expect(tables).toEqual(['auth_account', 'auth_refresh_token', 'auth_reset_code', 'auth_sign_in', 'auth_throttle']);
    } finally {
      await db.destroy();
      await dropDatabase(config, IDENTITY_STORE);
    }
  });

  it('seeds no demo account in production, where the demo secrets are public knowledge, and lists none', async () => {
    const config = { ...testConfig(backend), production: true };
    const store = await openIdentityStore(config, config.subgraphUrls, createLogger(config, 'test'), { seed: true });
    try {
      await store.seedMembers();
      const db = await openDatabase(config, IDENTITY_STORE);
      try {
        expect(await db.getRepository(AuthAccount).count()).toBe(0);
      } finally {
        await db.destroy();
      }
      await expect(store.service.demoAccounts()).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    } finally {
      await store.close();
      await dropDatabase(config, IDENTITY_STORE);
    }
  });
});
