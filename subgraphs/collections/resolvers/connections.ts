import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/pagination';
import { Item } from '../entities/item.entity';
import { Loan } from '../entities/loan.entity';
import { Member } from '../entities/member.entity';

@ObjectType()
export class ItemConnection extends Connection(Item) {}

@ObjectType()
export class MemberConnection extends Connection(Member) {}

@ObjectType()
export class LoanConnection extends Connection(Loan) {}
