import type { DataSource } from 'typeorm';
import { transaction } from '../../../shared/platform/database';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { seedOperations } from './operations';
import { seedPartners } from './partners';

/**
 * Partners of every demo library, the partners they share, their links and agreements (partners.ts),
 * then programmes, interns and funding (operations.ts). Each step runs once: a second call finds its
 * marker row and adds nothing. Dates are relative to DEMO_TODAY, so that every run writes the same
 * rows.
 */
export async function seed(db: DataSource): Promise<SeedSummary> {
  return transaction(db, async (tx) => ({ ...(await seedPartners(tx)), ...(await seedOperations(tx)) }));
}
