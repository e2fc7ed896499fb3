import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import { TrainingInstructor } from './training-instructor.entity';
import type { CreateTrainingInstructorInput } from './training.inputs';

/** Registers an instructor (LIBRARY_ADMIN, ADMIN: checked by the resolver's @Authorized); a librarian named must exist. */
export async function createTrainingInstructor(
  { identity, db, loaders }: Pick<StaffContext, 'identity' | 'db' | 'loaders'>,
  input: CreateTrainingInstructorInput,
  idempotencyKey?: string | null,
): Promise<TrainingInstructor> {
  const once = Idempotency.ofRow(db, identity, TrainingInstructor, { key: idempotencyKey, operation: 'createTrainingInstructor', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (input.librarianId && !(await loaders.librarianById.load(input.librarianId))) throw new BadUserInputError('librarianId', 'Unknown librarian');
  return once.transaction((tx) =>
    tx
      .getRepository(TrainingInstructor)
      .save(tx.getRepository(TrainingInstructor).create({ ...input, id: randomUUID(), expertise: input.expertise ?? null, librarianId: input.librarianId ?? null })),
  );
}
