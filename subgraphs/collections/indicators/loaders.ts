import type { DataSource } from 'typeorm';
import { indicatorsLoader } from './indicators.service';
import { literacyFiguresLoader } from './literacy';

/** Per-request loaders of the collection figures. */
export function indicatorLoaders(db: DataSource) {
  let indicators: ReturnType<typeof indicatorsLoader> | undefined;
  return {
    /** Collection indicators per library and period (made on first use: it needs the calendars). */
    indicators: (calendars: Parameters<typeof indicatorsLoader>[1]) => (indicators ??= indicatorsLoader(db, calendars)),
    /** The literacy index's collection figures per library and year. */
    literacyFigures: literacyFiguresLoader(db),
  };
}
