import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../../../../shared/domain/demo';
import type { DemoSettings } from '../../../../shared/platform/config';
import { insertMany, isMysql, transaction } from '../../../../shared/platform/database';
import type { SeedSummary } from '../../../../shared/platform/subgraph';
import { LoanRule } from '../../circulation/loan-rule.entity';
import { Member } from '../../members/member.entity';
import { demoLoanRules } from '../circulation';
import { seedCityCore } from './core';
import { seedCityExtras } from './extras';

/**
 * The city demo of collections: per library, in one transaction — so that a crash midway leaves
 * whole libraries — its loan rules (when it has none), then the core (catalogue, copies, card
 * holders, two years of circulation) and the later steps built on it (visits, digital,
 * acquisitions, notices). A library that already has its first card holder (member 0, the same id
 * as the fixture's) is left alone: a second seed, or a database holding the fixture, adds nothing.
 */
export async function seedCity(db: DataSource, settings: DemoSettings): Promise<SeedSummary> {
  const summary: SeedSummary = {};
  // SQLite, while the cities are loaded: a page cache large enough for the loan table's indexes
  // (the default 2 MB makes random index inserts read from disk), and commits that do not wait for
  // the disk (WAL with synchronous NORMAL: a crash loses at most the library being loaded, never
  // the file). The connection's own settings again after.
  const sqlite = !isMysql(db.manager);
  const pragmas = ['cache_size', 'synchronous'];
  const before = sqlite ? await Promise.all(pragmas.map(async (p) => Object.values((await db.query<Record<string, number>[]>(`PRAGMA ${p}`))[0])[0])) : [];
  if (sqlite) {
    await db.query('PRAGMA cache_size = -262144');
    await db.query('PRAGMA synchronous = NORMAL');
  }
  try {
    await seedLibraries(db, settings, summary);
  } finally {
    if (sqlite) for (const [k, p] of pragmas.entries()) await db.query(`PRAGMA ${p} = ${Number(before[k])}`);
  }
  return summary;
}

async function seedLibraries(db: DataSource, settings: DemoSettings, summary: SeedSummary): Promise<void> {
  const add = (part: SeedSummary) => {
    for (const [table, n] of Object.entries(part)) if (n) summary[table] = (summary[table] ?? 0) + n;
  };
  for (const library of DEMO_LIBRARIES) {
    await transaction(db, async (tx) => {
      if (await tx.getRepository(Member).existsBy({ id: demoId('member', library.id, 0) })) return;
      if (!(await tx.getRepository(LoanRule).countBy({ libraryId: library.id }))) {
        const rules = demoLoanRules(library.id);
        await insertMany(tx, LoanRule, rules);
        add({ loanRules: rules.length });
      }
      const collection = await seedCityCore(tx, library, settings);
      add({
        bibliographicRecords: collection.records.length,
        items: collection.items.length,
        members: collection.members.length,
        loans: collection.loans.length,
        holds: collection.holds.length,
        fineEntries: collection.fines.length,
      });
      add(await seedCityExtras(tx, collection));
    });
  }
}
