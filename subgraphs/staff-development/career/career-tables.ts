import { CareerLevel } from '../librarians/librarian.entity';

/**
 * The career-track tables of staff development, in one file (the lead may move them to
 * configuration later). Sources: PermenPAN-RB 1/2023 (credit points converted from the annual
 * performance rating) and PermenPAN-RB 55/2022 (jabatan fungsional pustakawan).
 */

export enum PerformanceRating {
  SANGAT_BAIK = 'SANGAT_BAIK',
  BAIK = 'BAIK',
  BUTUH_PERBAIKAN = 'BUTUH_PERBAIKAN',
  KURANG = 'KURANG',
  SANGAT_KURANG = 'SANGAT_KURANG',
}

/** The level above each level and the credit points (angka kredit) needed, since entering the level, to move up. */
export const PROMOTION_TABLE: Record<CareerLevel, { nextLevel: CareerLevel | null; pointsRequired: number | null }> = {
  [CareerLevel.TERAMPIL]: { nextLevel: CareerLevel.MAHIR, pointsRequired: 20 },
  [CareerLevel.MAHIR]: { nextLevel: CareerLevel.PENYELIA, pointsRequired: 50 },
  [CareerLevel.PENYELIA]: { nextLevel: null, pointsRequired: null },
  [CareerLevel.AHLI_PERTAMA]: { nextLevel: CareerLevel.AHLI_MUDA, pointsRequired: 100 },
  [CareerLevel.AHLI_MUDA]: { nextLevel: CareerLevel.AHLI_MADYA, pointsRequired: 200 },
  [CareerLevel.AHLI_MADYA]: { nextLevel: CareerLevel.AHLI_UTAMA, pointsRequired: 450 },
  [CareerLevel.AHLI_UTAMA]: { nextLevel: null, pointsRequired: null },
};

/** Yearly credit-point coefficient of each level: the points a rating of BAIK converts to. */
export const ANNUAL_COEFFICIENT: Record<CareerLevel, number> = {
  [CareerLevel.TERAMPIL]: 5,
  [CareerLevel.MAHIR]: 12.5,
  [CareerLevel.PENYELIA]: 25,
  [CareerLevel.AHLI_PERTAMA]: 12.5,
  [CareerLevel.AHLI_MUDA]: 25,
  [CareerLevel.AHLI_MADYA]: 37.5,
  [CareerLevel.AHLI_UTAMA]: 50,
};

/** Share of the coefficient each rating converts to. */
export const RATING_CONVERSION: Record<PerformanceRating, number> = {
  [PerformanceRating.SANGAT_BAIK]: 1.5,
  [PerformanceRating.BAIK]: 1,
  [PerformanceRating.BUTUH_PERBAIKAN]: 0.75,
  [PerformanceRating.KURANG]: 0.5,
  [PerformanceRating.SANGAT_KURANG]: 0.25,
};

/** Ratings that count toward promotion ("at least Baik"), and how many years running are needed. */
export const PROMOTION_RATINGS = [PerformanceRating.SANGAT_BAIK, PerformanceRating.BAIK];
export const PROMOTION_RATING_YEARS = 2;

/** Competency development every civil servant should get each year, in lesson hours (JP; PP 17/2020: 20 JP). */
export const YEARLY_TRAINING_HOURS_TARGET = 20;

/** Credit points a rating converts to at a level, rounded to 2 decimals. */
export function convertedPoints(level: CareerLevel, rating: PerformanceRating): number {
  return Math.round(ANNUAL_COEFFICIENT[level] * RATING_CONVERSION[rating] * 100) / 100;
}
