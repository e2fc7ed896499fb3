import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader } from '../../../shared/platform/pagination';
import { IncentiveAward, IncentiveRule } from './incentive.entity';

/** Per-request loaders of incentive rules and awards. */
export function incentiveLoaders(db: DataSource) {
  return {
    incentiveRuleById: byIdLoader(db.getRepository(IncentiveRule)),
    awardsByLibrarianId: byForeignKeyLoader(db.getRepository(IncentiveAward), 'librarianId', { year: 'ASC' }),
    awardsByRuleId: byForeignKeyLoader(db.getRepository(IncentiveAward), 'ruleId'),
    incentiveRulesByLibraryId: byForeignKeyLoader(db.getRepository(IncentiveRule), 'libraryId', { name: 'ASC' }),
  };
}
