import type { Feature } from '../../../shared/platform/subgraph';
import type { CollectionsLoaders } from '../loaders';
import { AcquisitionBudget } from './acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine } from './acquisition-order.entity';
import {
  AcquisitionBudgetResolver,
  AcquisitionOrderLineResolver,
  AcquisitionOrderResolver,
  LibraryAcquisitionsResolver,
  MemberSuggestionsResolver,
  PurchaseSuggestionResolver,
} from './acquisition.resolver';
import { PurchaseSuggestion } from './purchase-suggestion.entity';

/** Budgets, purchase orders (received ones catalogued as copies) and members' purchase suggestions. */
export const acquisitions: Feature<CollectionsLoaders> = {
  entities: [AcquisitionBudget, AcquisitionOrder, AcquisitionOrderLine, PurchaseSuggestion],
  resolvers: [
    AcquisitionOrderResolver,
    AcquisitionOrderLineResolver,
    PurchaseSuggestionResolver,
    AcquisitionBudgetResolver,
    MemberSuggestionsResolver,
    LibraryAcquisitionsResolver,
  ],
};
