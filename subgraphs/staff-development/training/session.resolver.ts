import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canSeeOnlineLink, requireProgrammeAdmin } from '../access';
import type { StaffContext } from '../context';
import { Librarian } from '../librarians/librarian.entity';
import { SessionAttendance } from './session-attendance.entity';
import { TrainingEnrolment } from './training-enrolment.entity';
import { TrainingProgramme } from './training-programme.entity';
import { TrainingSession } from './training-session.entity';

@Resolver(() => TrainingSession)
export class TrainingSessionResolver {
  @FieldResolver(() => TrainingProgramme, { description: 'The programme the session belongs to' })
  async programme(@Root() session: TrainingSession, @Ctx() { loaders }: StaffContext): Promise<TrainingProgramme> {
    return (await loaders.programmeById.load(session.programmeId))!;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Link of an online session (library staff, the providing partner, ADMIN; null for others)' })
  async onlineLink(@Root() session: TrainingSession, @Ctx() { identity, loaders }: StaffContext): Promise<string | null> {
    if (!session.onlineLink) return null;
    const programme = (await loaders.programmeById.load(session.programmeId))!;
    return canSeeOnlineLink(identity, programme) ? session.onlineLink : null;
  }

  @FieldResolver(() => [SessionAttendance], { nullable: true, description: "Who was marked present or absent (the programme library's admins, ADMIN)" })
  async attendance(@Root() session: TrainingSession, @Ctx() { identity, loaders }: StaffContext): Promise<SessionAttendance[]> {
    requireProgrammeAdmin(identity, (await loaders.programmeById.load(session.programmeId))!);
    return loaders.attendanceBySessionId.load(session.id);
  }
}

@Resolver(() => SessionAttendance)
export class SessionAttendanceResolver {
  /** Reached only through TrainingSession.attendance, which checks the caller first. */
  @FieldResolver(() => Librarian, { description: 'The participant' })
  async librarian(@Root() row: SessionAttendance, @Ctx() { loaders }: StaffContext): Promise<Librarian> {
    const enrolment = (await loaders.enrolmentById.load(row.enrolmentId)) as TrainingEnrolment;
    return (await loaders.librarianById.load(enrolment.librarianId))!;
  }
}
