import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { TrainingEnrolmentResolver } from './enrolment.resolver';
import { TrainingInstructorResolver } from './instructor.resolver';
import { SessionAttendanceResolver, TrainingSessionResolver } from './session.resolver';
import { SessionAttendance } from './session-attendance.entity';
import { TrainingEnrolment } from './training-enrolment.entity';
import { TrainingEvaluation } from './training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from './training-instructor.entity';
import { TrainingProgramme } from './training-programme.entity';
import { TrainingProgrammeResolver } from './training-programme.resolver';
import { TrainingSession } from './training-session.entity';

/** Training programmes, their sessions and instructors, enrolments, attendance and evaluations. */
export const training: Feature<StaffLoaders> = {
  entities: [TrainingProgramme, TrainingEnrolment, TrainingSession, SessionAttendance, TrainingInstructor, ProgrammeInstructor, ProgrammeCompetency, TrainingEvaluation],
  resolvers: [TrainingProgrammeResolver, TrainingEnrolmentResolver, TrainingSessionResolver, SessionAttendanceResolver, TrainingInstructorResolver],
};
