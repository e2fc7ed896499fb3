import { employedOn } from '../librarians/librarian.entity';
import { ownLibraryToday } from '../libraries/library.service';
import type { StaffLoaders } from '../loaders';
import { enrolmentClosesOn } from '../training/training-programme.service';
import { PROMOTION_TABLE, YEARLY_TRAINING_HOURS_TARGET } from './career-tables';
import type { CompetencyUnit, StaffTrainingNeed } from './career.types';
import { CORE_COMPETENCY_UNITS } from './competency-units';

/**
 * A library's librarians missing a core competency unit (or holding it only expired) or short of
 * the yearly training-hours target in `year`, each with the library's open programmes, still open
 * for enrolment today (the library's zone), that would close the gap: one covering a missing unit
 * or, for an hours gap, any — a level-up course only for the level it prepares for.
 */
export async function trainingNeeds(ctx: { loaders: StaffLoaders }, libraryId: string, year: number): Promise<StaffTrainingNeed[]> {
  const { loaders } = ctx;
  const today = await ownLibraryToday(ctx, libraryId);
  // those who have left are offered no new training
  const librarians = (await loaders.allLibrariansByLibraryId.load(libraryId)).filter((l) => employedOn(l, today));
  const [held, hours, upcoming] = await Promise.all([
    Promise.all(librarians.map((l) => loaders.competenciesByLibrarianId.load(l.id))),
    Promise.all(librarians.map((l) => loaders.trainingHoursByLibrarianYear.load({ librarianId: l.id, year }))),
    loaders.openProgrammesByLibrary.load({ libraryId, after: today }).then((ps) => ps.filter((p) => enrolmentClosesOn(p) >= today)),
  ]);
  const unitsOf = await Promise.all(upcoming.map((p) => loaders.unitCodesByProgrammeId.load(p.id)));
  const needs: StaffTrainingNeed[] = [];
  for (const [i, librarian] of librarians.entries()) {
    const valid = new Set(held[i].filter((c) => !c.expiresOn || c.expiresOn >= today).map((c) => c.unitCode));
    const missing = CORE_COMPETENCY_UNITS.filter((code) => !valid.has(code));
    const hoursShort = Math.max(0, YEARLY_TRAINING_HOURS_TARGET - hours[i]);
    if (!missing.length && !hoursShort) continue;
    needs.push({
      librarian,
      missingUnits: (await loaders.competencyUnitByCode.loadMany(missing)).filter((u): u is CompetencyUnit => !!u && !(u instanceof Error)),
      trainingHours: hours[i],
      trainingHoursTarget: YEARLY_TRAINING_HOURS_TARGET,
      hoursShort,
      suggestedProgrammes: upcoming.filter(
        (p, j) => (!p.levelUpFor || p.levelUpFor === PROMOTION_TABLE[librarian.careerLevel].nextLevel) && (hoursShort > 0 || unitsOf[j].some((u) => missing.includes(u.unitCode))),
      ),
    });
  }
  return needs;
}
