import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { now } from '../../../shared/platform/clock';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, StateConflict } from '../../../shared/platform/errors';
import type { StaffLoaders } from '../loaders';
import type { LibraryAccreditationInput } from './accreditation.inputs';
import { LibraryAccreditation } from './library-accreditation.entity';

/**
 * Records a library's accreditation for the year it was granted (the literacy index's UPLM5 reads
 * it): one per library and year, CONFLICT (ALREADY_RECORDED) for a second, also when two arrive
 * at once (the unique index (library, year) refuses the second).
 */
export async function recordAccreditation(
  deps: { db: DataSource; loaders: Pick<StaffLoaders, 'libraryById'> },
  input: LibraryAccreditationInput,
  recordedBy: string,
): Promise<LibraryAccreditation> {
  if (!(await deps.loaders.libraryById.load(input.libraryId))) throw new BadUserInputError('libraryId', `No library ${input.libraryId}`);
  const alreadyRecorded = () => new StateConflict('ALREADY_RECORDED', `An accreditation of ${input.libraryId} for ${input.year} is already recorded`);
  try {
    return await transaction(deps.db, async (tx) => {
      const repo = tx.getRepository(LibraryAccreditation);
      if (await repo.existsBy({ libraryId: input.libraryId, year: input.year })) throw alreadyRecorded();
      const record = repo.create({ ...input, id: randomUUID(), recordedAt: now(), recordedBy });
      await repo.insert(record);
      return record;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyRecorded();
    throw err;
  }
}
