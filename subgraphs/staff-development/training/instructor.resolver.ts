import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { requireInstructorAggregateAccess } from '../access';
import { CompetencyUnit } from '../career/career.types';
import { CompetencyArea } from '../career/competency-units';
import type { StaffContext } from '../context';
import { Librarian } from '../librarians/librarian.entity';
import { createTrainingInstructor } from './instructor.service';
import { TrainingInstructor } from './training-instructor.entity';
import { CreateTrainingInstructorInput } from './training.inputs';
import { TrainingEvaluationSummary } from './training.types';

@Resolver(() => TrainingInstructor)
export class TrainingInstructorResolver {
  /** Kept in this module: its place among the modules is the place of `competencyUnits` in Query. */
  @Query(() => [CompetencyUnit], { description: 'The reference table of competency units (SKKNI), optionally of one area (public)' })
  async competencyUnits(
    @Ctx() { loaders }: StaffContext,
    @Arg('area', () => CompetencyArea, { nullable: true, description: 'Only the units of this area; omitted: every unit' }) area?: CompetencyArea,
  ): Promise<CompetencyUnit[]> {
    return (await loaders.allCompetencyUnits.load('all')).filter((u) => !area || u.area === area);
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
    @Arg('input', () => CreateTrainingInstructorInput, { description: 'The instructor to register' }) input: CreateTrainingInstructorInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingInstructor> {
    return createTrainingInstructor(ctx, input, idempotencyKey);
  }
}
