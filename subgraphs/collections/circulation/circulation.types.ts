import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Item } from '../catalogue/item.entity';
import { Library } from '../federation/library.stub';
import { FineEntry } from './fine-entry.entity';
import { Hold } from './hold.entity';
import { Loan } from './loan.entity';

@ObjectType({ description: 'What became of a returned copy' })
export class ItemReturn {
  @Field(() => Loan, { description: 'The loan, now closed' })
  loan: Loan;

  @Field(() => FineEntry, { nullable: true, description: 'The overdue charge entered in the ledger, if the copy came back late' })
  fine: FineEntry | null;

  @Field(() => Item, { description: 'The copy: AVAILABLE, ON_HOLD_SHELF for the next hold, or IN_TRANSIT' })
  item: Item;

  @Field(() => Hold, { nullable: true, description: 'The hold the copy now serves' })
  hold: Hold | null;

  @Field(() => Library, { nullable: true, description: 'Where to send the copy (a pickup library, or its own library); null: it stays here' })
  sendTo: Library | null;
}

@ObjectType({ description: 'What became of a copy received from transit' })
export class ItemReceipt {
  @Field(() => Item, { description: 'The copy: ON_HOLD_SHELF for a hold, AVAILABLE back at its own library, or IN_TRANSIT onwards' })
  item: Item;

  @Field(() => Hold, { nullable: true, description: 'The hold it now waits for on the hold shelf' })
  hold: Hold | null;

  @Field(() => Library, { nullable: true, description: 'Where to send it on; null: it stays here' })
  sendTo: Library | null;
}

@ObjectType({ description: 'A payment taken at the desk' })
export class FinePayment {
  @Field(() => FineEntry, { description: 'The PAYMENT line: negative amount, with its receipt number' })
  payment: FineEntry;

  @Field(() => Int, { description: 'What the member still owes, in rupiah' })
  balance: number;
}

@ObjectType({ description: 'A copy declared lost' })
export class LostLoan {
  @Field(() => Loan, { description: 'The loan, closed: returnedAt and lostAt are the moment of the declaration' })
  loan: Loan;

  @Field(() => FineEntry, { description: "The LOST charge: replacement price plus the rule's processing fee" })
  charge: FineEntry;

  @Field(() => Item, { description: 'The copy, now LOST' })
  item: Item;
}

@ObjectType({ description: 'A charge, or part of a balance, let off' })
export class FineWaiver {
  @Field(() => FineEntry, { description: 'The WAIVER line: negative amount, the reason in note, who in recordedBy' })
  waiver: FineEntry;

  @Field(() => Int, { description: 'What the member still owes, in rupiah' })
  balance: number;
}

@ObjectType({ description: 'A page of loans' })
export class LoanConnection extends Connection(Loan) {}

@ObjectType({ description: 'A page of holds' })
export class HoldConnection extends Connection(Hold) {}

@ObjectType({ description: "A page of a member's fines ledger" })
export class FineEntryConnection extends Connection(FineEntry) {}
