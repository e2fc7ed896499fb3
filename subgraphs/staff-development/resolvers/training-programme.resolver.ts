import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import type { StaffContext } from '../context';
import { Library } from '../entities/library.entity';
import { ProgrammeStatus, TrainingProgramme } from '../entities/training-programme.entity';
import { CreateTrainingProgrammeInput } from './training-programme.inputs';

@Resolver(() => TrainingProgramme)
export class TrainingProgrammeResolver {
  /** Public, like the library's programme list. */
  @Query(() => TrainingProgramme)
  async trainingProgramme(@Arg('id', () => ID) id: string, @Ctx() { loaders }: StaffContext): Promise<TrainingProgramme> {
    const programme = await loaders.programmeById.load(id);
    if (!programme) throw new NotFoundError('TrainingProgramme', id);
    return programme;
  }

  @FieldResolver(() => Library)
  async library(@Root() programme: TrainingProgramme, @Ctx() { loaders }: StaffContext): Promise<Library> {
    return (await loaders.libraryById.load(programme.libraryId))!;
  }

  /** LIBRARY_ADMIN of the programme's library, or ADMIN. The programme opens as DRAFT. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingProgramme, { description: 'Plan a training programme (LIBRARY_ADMIN of the library, ADMIN)' })
  async createTrainingProgramme(
    @Arg('input', () => CreateTrainingProgrammeInput) input: CreateTrainingProgrammeInput,
    @Ctx() { identity, db, loaders }: StaffContext,
  ): Promise<TrainingProgramme> {
    requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
    if (!(await loaders.libraryById.load(input.libraryId))) throw new NotFoundError('Library', input.libraryId);
    if (input.endsOn < input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must not be before startsOn');
    return transaction(db, (tx) =>
      tx.getRepository(TrainingProgramme).save(tx.getRepository(TrainingProgramme).create({ ...input, id: randomUUID(), status: ProgrammeStatus.DRAFT })),
    );
  }
}
