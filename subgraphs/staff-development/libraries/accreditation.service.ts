import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import { isUniqueViolation } from '../../../shared/platform/database';
import { BadUserInputError, StateConflict } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { wholeSeconds } from '../../../shared/platform/time';
import type { StaffLoaders } from '../loaders';
import type { LibraryAccreditationInput } from './accreditation.inputs';
import { LibraryAccreditation } from './library-accreditation.entity';

/**
 * Records a library's accreditation for the year it was granted (the literacy index's UPLM5 reads
 * it): one per library and year, CONFLICT (ALREADY_RECORDED) for a second, also when two arrive
 * at once (the unique index (library, year) refuses the second).
 */
export async function recordAccreditation(
  deps: { identity: Identity; db: DataSource; loaders: Pick<StaffLoaders, 'libraryById'> },
  input: LibraryAccreditationInput,
  recordedBy: string,
  idempotencyKey?: string | null,
): Promise<LibraryAccreditation> {
  // Before the checks: a retry must not be refused because the first call recorded the year.
  const once = Idempotency.ofRow(deps.db, deps.identity, LibraryAccreditation, { key: idempotencyKey, operation: 'recordLibraryAccreditation', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!(await deps.loaders.libraryById.load(input.libraryId))) throw new BadUserInputError('libraryId', `No library ${input.libraryId}`);
  const alreadyRecorded = () => new StateConflict('ALREADY_RECORDED', `An accreditation of ${input.libraryId} for ${input.year} is already recorded`);
  try {
    return await once.transaction(async (tx) => {
      const repo = tx.getRepository(LibraryAccreditation);
      if (await repo.existsBy({ libraryId: input.libraryId, year: input.year })) throw alreadyRecorded();
      const record = repo.create({ ...input, id: randomUUID(), recordedAt: wholeSeconds(now()), recordedBy });
      await repo.insert(record);
      return record;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyRecorded();
    throw err;
  }
}
