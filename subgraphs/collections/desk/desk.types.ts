import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { Item } from '../catalogue/item.entity';
import { Hold } from '../circulation/hold.entity';
import { Library } from '../federation/library.stub';

@ObjectType({ description: "One line of a library's pull list: a waiting hold and the copies on this library's shelves that can fill it" })
export class PullSlip {
  @Field(() => ID, { description: 'The hold’s id' })
  id: string;

  /** The hold's placedAt: the list's order (and its cursor). */
  placedAt: Date;

  @Field(() => Hold, { description: 'The waiting hold (its member only for the staff of the member’s library)' })
  hold: Hold;

  @Field(() => [Item], { description: "Copies of the title on this library's shelves, by barcode: fetch one and scan it with pullHold" })
  copies: Item[];

  @Field({ description: 'True when the hold is to be picked up here (the copy goes on the hold shelf), false when it travels' })
  pickupHere: boolean;
}

@ObjectType({ description: "A page of a library's pull list" })
export class PullSlipConnection extends Connection(PullSlip) {}

@ObjectType({ description: 'What a pull did: the hold and the copy set aside for it' })
export class HoldPull {
  @Field(() => Hold, { description: 'READY (pickupBy set) when picked up here, IN_TRANSIT otherwise' })
  hold: Hold;

  @Field(() => Item, { description: 'ON_HOLD_SHELF here, or IN_TRANSIT to the pickup library' })
  item: Item;

  @Field(() => Library, { nullable: true, description: 'Where to send the copy; null: it stays on this hold shelf' })
  sendTo: Library | null;
}

@ObjectType({ description: 'A member and how many copies they borrowed in the period' })
export class MemberActivity {
  /** The member (Member.member is resolved in desk.resolver.ts, which applies the member rule). */
  memberId: string;

  @Field(() => Int, { description: 'Checkouts at this library in the period' })
  loans: number;
}

@ObjectType({ description: 'A title and how often it was lent in the period' })
export class TitleCirculation {
  /** The title (`record` is resolved in desk.resolver.ts). */
  recordId: string;

  @Field(() => Int, { description: "Checkouts of the title's copies at this library in the period" })
  loans: number;

  @Field(() => Int, { description: 'Different members who borrowed it' })
  borrowers: number;
}

@ObjectType({ description: 'The members who borrowed most at a library over a period, most first (ties by name)' })
export class MostActiveMembers {
  @Field(() => CalendarDateScalar, { description: 'First day of the period' })
  from: string;

  @Field(() => CalendarDateScalar, { description: 'Last day of the period, included' })
  to: string;

  @Field(() => [MemberActivity], { description: 'Most loans first' })
  entries: MemberActivity[];
}

@ObjectType({ description: 'The titles a library lent most over a period, most first' })
export class MostBorrowedTitles {
  @Field(() => CalendarDateScalar, { description: 'First day of the period' })
  from: string;

  @Field(() => CalendarDateScalar, { description: 'Last day of the period, included' })
  to: string;

  @Field(() => [TitleCirculation], { description: 'Most loans first' })
  entries: TitleCirculation[];
}
