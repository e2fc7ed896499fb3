import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { transaction } from '../../../shared/database';
import { BadUserInputError } from '../../../shared/errors';
import { requireInstructorAggregateAccess } from '../access';
import { COMPETENCY_UNITS, CompetencyArea } from '../competency-units';
import type { StaffContext } from '../context';
import { Librarian } from '../entities/librarian.entity';
import { TrainingInstructor } from '../entities/training-instructor.entity';
import { CompetencyUnit, TrainingEvaluationSummary } from '../types';
import { CreateTrainingInstructorInput } from './training-programme.inputs';

@Resolver(() => TrainingInstructor)
export class TrainingInstructorResolver {
  @Query(() => [CompetencyUnit], { description: 'The reference table of competency units (SKKNI), optionally of one area (public)' })
  competencyUnits(@Arg('area', () => CompetencyArea, { nullable: true }) area?: CompetencyArea): CompetencyUnit[] {
    return COMPETENCY_UNITS.filter((u) => !area || u.area === area);
  }

  @FieldResolver(() => Librarian, { nullable: true, description: 'Set when the instructor is one of the librarians' })
  async librarian(@Root() instructor: TrainingInstructor, @Ctx() { loaders }: StaffContext): Promise<Librarian | null> {
    return instructor.librarianId ? loaders.librarianById.load(instructor.librarianId) : null;
  }

  @FieldResolver(() => TrainingEvaluationSummary, {
    nullable: true,
    description: 'Ratings of the programmes this instructor taught, averaged, unattributed (LIBRARY_ADMIN, GOVERNMENT, ADMIN)',
  })
  evaluationSummary(@Root() instructor: TrainingInstructor, @Ctx() { identity, loaders }: StaffContext) {
    requireInstructorAggregateAccess(identity);
    return loaders.evaluationByInstructorId.load(instructor.id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingInstructor, { nullable: true, description: 'Register an instructor who can then teach programmes (LIBRARY_ADMIN, ADMIN)' })
  async createTrainingInstructor(
    @Arg('input', () => CreateTrainingInstructorInput) input: CreateTrainingInstructorInput,
    @Ctx() { db, loaders }: StaffContext,
  ): Promise<TrainingInstructor> {
    if (input.librarianId && !(await loaders.librarianById.load(input.librarianId))) throw new BadUserInputError('librarianId', 'Unknown librarian');
    return transaction(db, (tx) =>
      tx.getRepository(TrainingInstructor).save(
        tx.getRepository(TrainingInstructor).create({ ...input, id: randomUUID(), expertise: input.expertise ?? null, librarianId: input.librarianId ?? null }),
      ),
    );
  }
}
