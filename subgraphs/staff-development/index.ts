import type { SubgraphDefinition } from '../../shared/subgraph';
import { CreditPointEntry } from './entities/credit-point-entry.entity';
import { Holiday } from './entities/holiday.entity';
import { IncentiveAward, IncentiveRule } from './entities/incentive.entity';
import { LibrarianCompetency } from './entities/librarian-competency.entity';
import { Librarian } from './entities/librarian.entity';
import { Library } from './entities/library.entity';
import { PerformanceReview } from './entities/performance-review.entity';
import { ProfessionalActivity } from './entities/professional-activity.entity';
import { SessionAttendance } from './entities/session-attendance.entity';
import { TrainingEnrolment } from './entities/training-enrolment.entity';
import { TrainingEvaluation } from './entities/training-evaluation.entity';
import { ProgrammeCompetency, ProgrammeInstructor, TrainingInstructor } from './entities/training-instructor.entity';
import { TrainingProgramme } from './entities/training-programme.entity';
import { TrainingSession } from './entities/training-session.entity';
import { createLoaders, type StaffLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { RegionalReportResolver, regionalReferences } from './regional';
import { LibraryAccreditation } from './entities/library-accreditation.entity';
import { LibraryAccreditationResolver, LibraryAccreditationsResolver, LiteracyIndexResolver, literacyReferences } from './literacy';
import { TrainingEnrolmentResolver } from './resolvers/enrolment.resolver';
import { IncentiveAwardResolver, IncentiveEligibilityResolver } from './resolvers/incentive.resolver';
import { TrainingInstructorResolver } from './resolvers/instructor.resolver';
import { LibrarianResolver } from './resolvers/librarian.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { PartnerResolver } from './resolvers/partner.resolver';
import { LibrarianCompetencyResolver, LibrarianRecordResolver } from './resolvers/record.resolver';
import { SessionAttendanceResolver, TrainingSessionResolver } from './resolvers/session.resolver';
import { TrainingProgrammeResolver } from './resolvers/training-programme.resolver';
import { seed } from './seed';

export const staffDevelopment: SubgraphDefinition<StaffLoaders> = {
  name: 'staff-development',
  entities: [
    Library,
    Librarian,
    TrainingProgramme,
    Holiday,
    TrainingEnrolment,
    TrainingSession,
    SessionAttendance,
    TrainingInstructor,
    ProgrammeInstructor,
    ProgrammeCompetency,
    LibrarianCompetency,
    TrainingEvaluation,
    PerformanceReview,
    CreditPointEntry,
    ProfessionalActivity,
    IncentiveRule,
    IncentiveAward,
    LibraryAccreditation,
  ],
  migrations,
  resolvers: [
    LibraryResolver,
    LibrarianResolver,
    LibrarianRecordResolver,
    LibrarianCompetencyResolver,
    TrainingProgrammeResolver,
    TrainingEnrolmentResolver,
    TrainingSessionResolver,
    SessionAttendanceResolver,
    TrainingInstructorResolver,
    IncentiveAwardResolver,
    IncentiveEligibilityResolver,
    PartnerResolver,
    RegionalReportResolver,
    LiteracyIndexResolver,
    LibraryAccreditationResolver,
    LibraryAccreditationsResolver,
  ],
  references: { ...references, ...regionalReferences, ...literacyReferences },
  createLoaders,
  seed,
};
