import { fromFeatures, type SubgraphDefinition } from '../../shared/platform/subgraph';
import { idempotencyFeature } from '../../shared/platform/idempotency';
// Resolver modules, loaded first and in this order: type-graphql adds the fields of a type (Query,
// Mutation, Library, Librarian …) as the resolver modules load, so this order is the field order of
// the schema, and features interleave in it (training's programme resolver, then the indicators,
// then the rest of training …). Keep it, or the supergraph changes.
import './training/training-programme.resolver';
import './indicators/regional';
import './indicators/literacy';
import './libraries/accreditation.resolver'; // next to the literacy index, where its fields always were
import './training/enrolment.resolver';
import './incentives/incentive.resolver';
import './training/instructor.resolver';
import './librarians/librarian.resolver';
import './libraries/library.resolver';
import './federation/partner.resolver';
import './career/record.resolver';
import './training/session.resolver';
import './libraries/calendar.resolver';
// Feature folders.
import { career } from './career';
import { federation } from './federation';
import { incentives } from './incentives';
import { indicators } from './indicators';
import { librarians } from './librarians';
import { libraries } from './libraries';
import { training } from './training';
import { seed } from './demo';
import { createLoaders, type StaffLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';

export type { StaffLoaders };

/** Every feature folder; the definition below concatenates what they export. */
const features = [libraries, librarians, training, career, incentives, indicators, federation, idempotencyFeature];

export const staffDevelopment: SubgraphDefinition<StaffLoaders> = {
  name: 'staff-development',
  // Partner is a GraphQL stub only (owned by partnerships): federation/.
  ...fromFeatures(features, references),
  migrations,
  createLoaders,
  seed,
};
