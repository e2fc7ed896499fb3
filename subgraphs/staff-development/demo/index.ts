import type { DataSource } from 'typeorm';
import { transaction } from '../../../shared/platform/database';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { seedAccreditations } from './accreditations';
import { seedDirectory } from './directory';
import { seedTraining } from './training';

/**
 * The demo data, step by step: libraries, librarians, programmes and holidays (directory.ts),
 * training records (training.ts), accreditations (accreditations.ts).
 * Each step checks its own marker, so a database seeded by an older version gets the new steps
 * once and a second call adds nothing.
 */
export async function seed(db: DataSource): Promise<SeedSummary> {
  const first = await transaction(db, seedDirectory);
  const training = await transaction(db, seedTraining);
  const accreditations = await transaction(db, seedAccreditations);
  return { ...first, ...training, ...accreditations };
}
