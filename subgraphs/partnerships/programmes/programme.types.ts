import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { PartnershipProgramme } from './partnership-programme.entity';

@ObjectType()
export class PartnershipProgrammeConnection extends Connection(PartnershipProgramme) {}
