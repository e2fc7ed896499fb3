import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Partner } from './partner.entity';

@ObjectType()
export class PartnerConnection extends Connection(Partner) {}
