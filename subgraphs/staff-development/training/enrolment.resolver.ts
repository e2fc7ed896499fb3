import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import { Librarian } from '../librarians/librarian.entity';
import { enrollInTraining, evaluateTraining, recordAttendance, withdrawFromTraining } from './enrolment.service';
import { TrainingEnrolment } from './training-enrolment.entity';
import { TrainingProgramme } from './training-programme.entity';
import { TrainingSession } from './training-session.entity';
import { RecordAttendanceArgs, TrainingEvaluationInput } from './training.inputs';

@Resolver(() => TrainingEnrolment)
export class TrainingEnrolmentResolver {
  @FieldResolver(() => TrainingProgramme, { description: 'The programme enrolled on' })
  async programme(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<TrainingProgramme> {
    return (await loaders.programmeById.load(enrolment.programmeId))!;
  }

  @FieldResolver(() => Boolean, { description: 'The participant has rated the training' })
  async evaluated(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<boolean> {
    return (await loaders.evaluationsByEnrolmentId.load(enrolment.id)).length > 0;
  }

  @FieldResolver(() => Librarian, { description: 'The librarian enrolled' })
  async librarian(@Root() enrolment: TrainingEnrolment, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    return (await loaders.librarianById.load(enrolment.librarianId))!;
  }

  /** Within capacity and the enrolment window, under a row lock: enrolment.service.ts `enrollInTraining`. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: "Enrol in a programme: a LIBRARIAN enrols themself, a LIBRARY_ADMIN their library's librarians, ADMIN anyone. CONFLICT when full, closed or already enrolled",
  })
  async enrollInTraining(
    @Arg('programmeId', () => ID, { description: 'The id of an OPEN programme, within its enrolment window' }) programmeId: string,
    @Arg('librarianId', () => ID, { description: 'The id of the librarian to enrol, still on the staff' }) librarianId: string,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    return enrollInTraining(ctx, programmeId, librarianId, idempotencyKey);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: "Give a place back before the programme completes: the librarian themself, their library's or the programme library's LIBRARY_ADMIN, ADMIN",
  })
  async withdrawFromTraining(
    @Arg('programmeId', () => ID, { description: "The programme's id" }) programmeId: string,
    @Arg('librarianId', () => ID, { description: 'The id of the librarian whose ENROLLED place is given back' }) librarianId: string,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    return withdrawFromTraining(ctx, programmeId, librarianId);
  }

  /** Marks enrolled participants present (or absent) at a session; a second call overwrites. */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => TrainingSession, {
    nullable: true,
    description: "Record attendance at a session, from the session's day in the library's zone (the programme library's LIBRARY_ADMIN, ADMIN)",
  })
  async recordAttendance(
    @Args(() => RecordAttendanceArgs) { sessionId, librarianIds, present }: RecordAttendanceArgs,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingSession> {
    return recordAttendance(ctx, sessionId, librarianIds, present, idempotencyKey);
  }

  /** The participant rates their completed training, once. */
  @Authorized('LIBRARIAN')
  @Mutation(() => TrainingEnrolment, {
    nullable: true,
    description: 'Rate a completed training, 1-5 each, with an optional comment, once (the LIBRARIAN who completed it); answers are never shown with names',
  })
  async evaluateTraining(
    @Arg('programmeId', () => ID, { description: 'The id of the programme the caller completed' }) programmeId: string,
    @Arg('input', () => TrainingEvaluationInput, { description: 'The ratings and an optional comment' }) input: TrainingEvaluationInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<TrainingEnrolment> {
    return evaluateTraining(ctx, programmeId, input, idempotencyKey);
  }
}
