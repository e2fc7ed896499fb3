import type { DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../../shared/platform/pagination';
import { VisitCorrection } from './visit-correction.entity';
import { visitsLoader, visitTotalsLoader } from './visit.service';

/** Per-request loaders of visitor counts. */
export function visitLoaders(db: DataSource) {
  return {
    /** Day counts per library and period, by date (one query per period for all libraries). */
    visitsByLibrary: visitsLoader(db),
    /** Visit totals per library and period (one grouped query per period for all libraries). */
    visitTotals: visitTotalsLoader(db),
    /** A day count's corrections, first to last. */
    correctionsByVisitId: byForeignKeyLoader(db.getRepository(VisitCorrection), 'visitId', { sequence: 'ASC' }),
  };
}
