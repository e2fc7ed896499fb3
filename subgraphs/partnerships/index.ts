import { fromFeatures, type SubgraphDefinition } from '../../shared/platform/subgraph';
import { idempotencyFeature } from '../../shared/platform/idempotency';
// Feature folders. Import order = field order in the schema (type-graphql adds the fields of a type
// as the resolver modules load: Query, Mutation, Partner, Library …): keep it, or the supergraph changes.
import { agreements } from './agreements';
import { funding } from './funding';
import { internships } from './internships';
import { programmes } from './programmes';
import { partners } from './partners';
import { webhooks } from './webhooks';
import { indicators } from './indicators';
import { federation } from './federation';
import { startWebhookWorker } from './webhooks/webhook.worker';
import { seed } from './demo';
import { createLoaders, type PartnershipsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';

export type { PartnershipsLoaders };
export { deliverDueWebhooks, startWebhookWorker, webhookSignature } from './webhooks/webhook.worker';

/** Every feature folder; the definition below concatenates what they export. */
const features = [partners, agreements, internships, programmes, funding, webhooks, indicators, federation, idempotencyFeature];

export const partnerships: SubgraphDefinition<PartnershipsLoaders> = {
  name: 'partnerships',
  // Library, Librarian and TrainingProgramme are GraphQL stubs only (owned by staff-development): federation/.
  ...fromFeatures(features, references),
  migrations,
  createLoaders,
  seed,
  // The webhook delivery worker runs inside the service (tests call deliverDueWebhooks instead).
  background: ({ db, log, config }) => startWebhookWorker({ db, log, config }),
};
