import ISBN from 'isbn3';
import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES } from '../shared/domain/demo';
import { openDatabase, dropDatabase } from '../shared/platform/database';
import { SUBGRAPHS } from '../subgraphs';
import { BACKENDS, testConfig } from './helpers/federation';

describe.each(BACKENDS)('databases on %s', (backend) => {
  const config = testConfig(backend);
  const dbs: Record<string, DataSource> = {};

  beforeAll(async () => {
    for (const def of SUBGRAPHS) dbs[def.name] = await openDatabase(config, def);
  });
  afterAll(async () => {
    for (const def of SUBGRAPHS) {
      await dbs[def.name]?.destroy();
      await dropDatabase(config, def);
    }
  });

  it.each(SUBGRAPHS.map((s) => s.name))('%s: the committed migrations build exactly the schema its entities describe', async (name) => {
    const pending = await dbs[name].driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('loads the demo data once: a second seed adds nothing', async () => {
    const count = async () => {
      const counts: Record<string, number> = {};
      for (const def of SUBGRAPHS) {
        for (const meta of dbs[def.name].entityMetadatas) counts[`${def.name}.${meta.tableName}`] = await dbs[def.name].getRepository(meta.target).count();
      }
      return counts;
    };
    for (const def of SUBGRAPHS) await def.seed(dbs[def.name]);
    const first = await count();
    for (const def of SUBGRAPHS) expect(await def.seed(dbs[def.name])).toEqual({});
    expect(await count()).toEqual(first);
    expect(first['staff-development.library']).toBe(DEMO_LIBRARIES.length);
  });

  it('has at least 200 catalogue records, all with a valid ISBN-13, and 500 copies over all four libraries', async () => {
    const records: { isbn: string | null }[] = await dbs.collections.query('SELECT isbn FROM bibliographic_record');
    expect(records.length).toBeGreaterThanOrEqual(200);
    for (const r of records.filter((r) => r.isbn)) expect(ISBN.parse(r.isbn!)?.isbn13).toBe(r.isbn);
    const items: { libraryId: string; n: number | string }[] = await dbs.collections.query('SELECT libraryId, COUNT(*) AS n FROM item GROUP BY libraryId');
    expect(items.map((i) => i.libraryId).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    expect(items.reduce((sum, i) => sum + Number(i.n), 0)).toBeGreaterThanOrEqual(500);
  });
});
