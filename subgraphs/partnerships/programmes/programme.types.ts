import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { PartnershipProgramme } from './partnership-programme.entity';

@ObjectType({ description: 'A page of partnership programmes, by start date' })
export class PartnershipProgrammeConnection extends Connection(PartnershipProgramme) {}
