import { Initial1795365088057 } from './1795365088057-initial';
import { PartnershipOperations1795366754194 } from './1795366754194-partnership-operations';
import { AgreementLifeCycle1796584726447 } from './1796584726447-agreement-life-cycle';
import { WebhookSecretRotation1796700000000 } from './1796700000000-webhook-secret-rotation';
import { IdempotencyKeys1796660000000 } from '../../../shared/platform/idempotency';

/** In order; the services run them at start. */
export const migrations: Function[] = [Initial1795365088057, PartnershipOperations1795366754194, AgreementLifeCycle1796584726447, IdempotencyKeys1796660000000, WebhookSecretRotation1796700000000];
