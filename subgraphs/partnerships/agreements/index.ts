import type { Feature } from '../feature';
import { AgreementEvent } from './agreement-event.entity';
import { Agreement } from './agreement.entity';
import { AgreementResolver } from './agreement.resolver';

/** MoUs and PKS between a library and a partner. */
export const agreements: Feature = {
  entities: [Agreement, AgreementEvent],
  resolvers: [AgreementResolver],
};
