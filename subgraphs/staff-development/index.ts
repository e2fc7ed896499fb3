import type { SubgraphDefinition } from '../../shared/subgraph';
import { Holiday } from './entities/holiday.entity';
import { Librarian } from './entities/librarian.entity';
import { Library } from './entities/library.entity';
import { TrainingProgramme } from './entities/training-programme.entity';
import { createLoaders, type StaffLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { LibrarianResolver } from './resolvers/librarian.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { TrainingProgrammeResolver } from './resolvers/training-programme.resolver';
import { seed } from './seed';

export const staffDevelopment: SubgraphDefinition<StaffLoaders> = {
  name: 'staff-development',
  entities: [Library, Librarian, TrainingProgramme, Holiday],
  migrations,
  resolvers: [LibraryResolver, LibrarianResolver, TrainingProgrammeResolver],
  references,
  createLoaders,
  seed,
};
