import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/pagination';
import { Partner } from './partner.entity';

@ObjectType()
export class PartnerConnection extends Connection(Partner) {}
