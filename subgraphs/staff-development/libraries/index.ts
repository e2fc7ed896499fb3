import type { Feature } from '../../../shared/platform/subgraph';
import type { StaffLoaders } from '../loaders';
import { LibraryCalendarResolver } from './calendar.resolver';
import { Holiday } from './holiday.entity';
import { LibraryAccreditationResolver, LibraryAccreditationsResolver } from './accreditation.resolver';
import { LibraryAccreditation } from './library-accreditation.entity';
import { Library } from './library.entity';
import { OpeningHours } from './opening-hours.entity';
import { LibraryResolver } from './library.resolver';

/**
 * The libraries (owned here; every other subgraph adds its fields), their calendars (holidays,
 * closed weekdays, opening hours; edited by calendar.resolver.ts) and accreditations (recorded and listed by accreditation.resolver.ts; the
 * literacy index in indicators/ reads them).
 */
export const libraries: Feature<StaffLoaders> = {
  entities: [Library, Holiday, LibraryAccreditation, OpeningHours],
  resolvers: [LibraryResolver, LibraryAccreditationResolver, LibraryAccreditationsResolver, LibraryCalendarResolver],
};
