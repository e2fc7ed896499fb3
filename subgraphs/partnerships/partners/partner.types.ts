import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Partner } from './partner.entity';

@ObjectType({ description: "A page of a library's partners, by name" })
export class PartnerConnection extends Connection(Partner) {}
