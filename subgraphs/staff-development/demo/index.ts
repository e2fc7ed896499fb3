import type { DataSource } from 'typeorm';
import { FIXTURE_DEMO, type DemoSettings } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { seedAccreditations } from './accreditations';
import { seedCity } from './city';
import { seedDirectory } from './directory';
import { seedTraining } from './training';

/**
 * The demo data. `city` (city/): two years of each library at city scale, library by library.
 * `fixture`, step by step: libraries, librarians, programmes and holidays (directory.ts),
 * training records (training.ts), accreditations (accreditations.ts).
 * Each step checks its own marker, so a database seeded by an older version gets the new steps
 * once and a second call adds nothing.
 */
export async function seed(db: DataSource, demo: DemoSettings = FIXTURE_DEMO): Promise<SeedSummary> {
  if (demo.dataset === 'city') return seedCity(db, demo);
  const first = await transaction(db, seedDirectory);
  const training = await transaction(db, seedTraining);
  const accreditations = await transaction(db, seedAccreditations);
  return { ...first, ...training, ...accreditations };
}
