import { Initial1795364819443 } from './1795364819443-initial';
import { LibraryCalendar1795366448620 } from './1795366448620-library-calendar';
import { TrainingRecords1795366965464 } from './1795366965464-training-records';
import { LibraryAccreditation1795374527262 } from './1795374527262-library-accreditation';
import { StaffRecords1796583057351 } from './1796583057351-staff-records';
import { IdempotencyKeys1796660000000 } from '../../../shared/platform/idempotency';
import { LockVersions1796670000000 } from './1796670000000-lock-versions';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795364819443, LibraryCalendar1795366448620, TrainingRecords1795366965464, LibraryAccreditation1795374527262, StaffRecords1796583057351, IdempotencyKeys1796660000000, LockVersions1796670000000];
