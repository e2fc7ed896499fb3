import type { SubgraphDefinition } from '../../shared/subgraph';
import { Agreement } from './entities/agreement.entity';
import { FundingContribution } from './entities/funding-contribution.entity';
import { InternshipLogbookEntry } from './entities/internship-logbook-entry.entity';
import { Internship } from './entities/internship.entity';
import { LibraryPartner } from './entities/library-partner.entity';
import { PartnerWebhook } from './entities/partner-webhook.entity';
import { Partner } from './entities/partner.entity';
import { PartnershipProgramme } from './entities/partnership-programme.entity';
import { ProgrammeLibrarian } from './entities/programme-librarian.entity';
import { WebhookAttempt, WebhookDelivery } from './entities/webhook-delivery.entity';
import { createLoaders, type PartnershipsLoaders } from './loaders';
import { migrations } from './migrations';
import { references } from './references';
import { RegionalReportRow, RegionalReportRowResolver, regionalReferences } from './regional';
import { AgreementResolver } from './resolvers/agreement.resolver';
import { FundingResolver, FundingTotalResolver } from './resolvers/funding.resolver';
import { InternshipResolver, LibrarianResolver, PartnerInternshipsResolver } from './resolvers/internship.resolver';
import { LibraryResolver } from './resolvers/library.resolver';
import { PartnerResolver } from './resolvers/partner.resolver';
import { AgreementProgrammesResolver, PartnerProgrammesResolver, PartnershipProgrammeResolver } from './resolvers/programme.resolver';
import { PartnerWebhookResolver, PartnerWebhooksResolver, WebhookDeliveryResolver } from './resolvers/webhook.resolver';
import { seed } from './seed';
import { startWebhookWorker } from './webhooks';

export type { PartnershipsLoaders };
export { deliverDueWebhooks, startWebhookWorker, webhookSignature } from './webhooks';

export const partnerships: SubgraphDefinition<PartnershipsLoaders> = {
  name: 'partnerships',
  // Library, Librarian and TrainingProgramme are GraphQL stubs only (owned by staff-development).
  entities: [
    Partner,
    LibraryPartner,
    Agreement,
    Internship,
    InternshipLogbookEntry,
    PartnershipProgramme,
    ProgrammeLibrarian,
    FundingContribution,
    PartnerWebhook,
    WebhookDelivery,
    WebhookAttempt,
  ],
  migrations,
  resolvers: [
    LibraryResolver,
    PartnerResolver,
    AgreementResolver,
    InternshipResolver,
    PartnerInternshipsResolver,
    LibrarianResolver,
    PartnershipProgrammeResolver,
    AgreementProgrammesResolver,
    PartnerProgrammesResolver,
    FundingResolver,
    FundingTotalResolver,
    PartnerWebhookResolver,
    PartnerWebhooksResolver,
    WebhookDeliveryResolver,
    RegionalReportRowResolver,
  ],
  // The regional report row is reached only through the gateway's _entities calls.
  orphanedTypes: [RegionalReportRow],
  references: { ...references, ...regionalReferences },
  createLoaders,
  seed,
  // The webhook delivery worker runs inside the service (tests call deliverDueWebhooks instead).
  background: ({ db, log, config }) => startWebhookWorker({ db, log, config }),
};
