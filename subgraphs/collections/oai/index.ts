import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { OaiRecordSet, OaiRecordState } from './oai-record-state.entity';
import { OaiResolver } from './oai.resolver';

/** The catalogue as the gateway's OAI-PMH provider harvests it: datestamps, tombstones, sets, oai_dc and MARCXML. */
export const oai: Feature<CollectionsLoaders> = {
  entities: [OaiRecordState, OaiRecordSet],
  resolvers: [OaiResolver],
};
