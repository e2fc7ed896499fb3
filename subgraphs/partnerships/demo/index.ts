import type { DataSource } from 'typeorm';
import { FIXTURE_DEMO, type DemoSettings } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { seedCity } from './city';
import { seedOperations } from './operations';
import { seedPartners } from './partners';

/**
 * The `city` dataset (city/): every city's partners, agreements over the years, programmes,
 * interns and funding at the scale of a real library, for the load day. The `fixture` dataset:
 * partners of every demo library, the partners they share, their links and agreements
 * (partners.ts), then programmes, interns and funding (operations.ts). Each step runs once: a
 * second call finds its marker row and adds nothing. The fixture's dates are relative to
 * DEMO_TODAY, so that every run writes the same rows.
 */
export async function seed(db: DataSource, demo: DemoSettings = FIXTURE_DEMO): Promise<SeedSummary> {
  if (demo.dataset === 'city') return seedCity(db, demo);
  return transaction(db, async (tx) => ({ ...(await seedPartners(tx)), ...(await seedOperations(tx)) }));
}
