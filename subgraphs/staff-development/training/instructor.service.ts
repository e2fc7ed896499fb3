import { randomUUID } from 'node:crypto';
import { transaction } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import type { StaffContext } from '../context';
import { TrainingInstructor } from './training-instructor.entity';
import type { CreateTrainingInstructorInput } from './training.inputs';

/** Registers an instructor (LIBRARY_ADMIN, ADMIN: checked by the resolver's @Authorized); a librarian named must exist. */
export async function createTrainingInstructor({ db, loaders }: Pick<StaffContext, 'db' | 'loaders'>, input: CreateTrainingInstructorInput): Promise<TrainingInstructor> {
  if (input.librarianId && !(await loaders.librarianById.load(input.librarianId))) throw new BadUserInputError('librarianId', 'Unknown librarian');
  return transaction(db, (tx) =>
    tx
      .getRepository(TrainingInstructor)
      .save(tx.getRepository(TrainingInstructor).create({ ...input, id: randomUUID(), expertise: input.expertise ?? null, librarianId: input.librarianId ?? null })),
  );
}
