import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/pagination';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { FineEntry } from '../entities/fine-entry.entity';
import { Hold } from '../entities/hold.entity';
import { Item } from '../entities/item.entity';
import { Loan } from '../entities/loan.entity';
import { Member } from '../entities/member.entity';

@ObjectType()
export class ItemConnection extends Connection(Item) {}

@ObjectType()
export class MemberConnection extends Connection(Member) {}

@ObjectType()
export class LoanConnection extends Connection(Loan) {}

@ObjectType()
export class HoldConnection extends Connection(Hold) {}

@ObjectType()
export class FineEntryConnection extends Connection(FineEntry) {}

@ObjectType({ description: 'Search results, most relevant first' })
export class BibliographicRecordConnection extends Connection(BibliographicRecord) {}
