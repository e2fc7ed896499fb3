import type { Feature } from '../../../shared/subgraph';
import type { StaffLoaders } from '../loaders';
import { Holiday } from './holiday.entity';
import { LibraryAccreditation } from './library-accreditation.entity';
import { Library } from './library.entity';
import { LibraryResolver } from './library.resolver';

/**
 * The libraries (owned here; every other subgraph adds its fields), their calendars (holidays,
 * closed weekdays) and accreditations. Accreditations are recorded and listed by
 * indicators/literacy.ts, next to the literacy index that reads them.
 */
export const libraries: Feature<StaffLoaders> = {
  entities: [Library, Holiday, LibraryAccreditation],
  resolvers: [LibraryResolver],
};
