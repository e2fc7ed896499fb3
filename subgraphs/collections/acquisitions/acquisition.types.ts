import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Item } from '../catalogue/item.entity';
import { RupiahScalar } from './acquisition-budget.entity';
import { AcquisitionOrder } from './acquisition-order.entity';
import { PurchaseSuggestion } from './purchase-suggestion.entity';

@ObjectType({ description: 'What a receipt did: the order, and the copies it catalogued' })
export class AcquisitionReceipt {
  @Field(() => AcquisitionOrder, { description: 'The order, now RECEIVED' })
  order: AcquisitionOrder;

  @Field(() => [Item], { description: 'The new copies, with their barcodes: AVAILABLE, or set aside for a member waiting for the title' })
  items: Item[];
}

@ObjectType({ description: 'Money of a budget year on one budget line' })
export class AcquisitionBudgetLine {
  @Field({ description: 'The budget line, as the orders name it' })
  budgetLine: string;

  @Field(() => RupiahScalar, { description: 'Cost of the orders on this line placed and not cancelled (received or not), rupiah' })
  committed: number;

  @Field(() => RupiahScalar, { description: 'Cost of the orders on this line received, rupiah' })
  spent: number;
}

@ObjectType({ description: 'A page of purchase orders' })
export class AcquisitionOrderConnection extends Connection(AcquisitionOrder) {}

@ObjectType({ description: 'A page of purchase suggestions' })
export class PurchaseSuggestionConnection extends Connection(PurchaseSuggestion) {}
