import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Member } from './member.entity';

@ObjectType({ description: 'A page of card holders' })
export class MemberConnection extends Connection(Member) {}
