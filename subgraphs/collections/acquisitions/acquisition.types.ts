import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Item } from '../catalogue/item.entity';
import { RupiahScalar } from './acquisition-budget.entity';
import { AcquisitionOrder } from './acquisition-order.entity';
import { PurchaseSuggestion } from './purchase-suggestion.entity';

@ObjectType({ description: 'What a receipt did: the order, and the copies it catalogued' })
export class AcquisitionReceipt {
  @Field(() => AcquisitionOrder)
  order: AcquisitionOrder;

  @Field(() => [Item], { description: 'The new copies, with their barcodes: AVAILABLE, or set aside for a member waiting for the title' })
  items: Item[];
}

@ObjectType({ description: 'Money of a budget year on one budget line' })
export class AcquisitionBudgetLine {
  @Field()
  budgetLine: string;

  @Field(() => RupiahScalar)
  committed: number;

  @Field(() => RupiahScalar)
  spent: number;
}

@ObjectType()
export class AcquisitionOrderConnection extends Connection(AcquisitionOrder) {}

@ObjectType()
export class PurchaseSuggestionConnection extends Connection(PurchaseSuggestion) {}
