import type { EntityManager } from 'typeorm';
import type { SeedSummary } from '../../../../shared/platform/subgraph';
import { insertMany } from '../../../../shared/platform/database';
import { AcquisitionBudget } from '../../acquisitions/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine } from '../../acquisitions/acquisition-order.entity';
import { PurchaseSuggestion } from '../../acquisitions/purchase-suggestion.entity';
import { Item } from '../../catalogue/item.entity';
import { DigitalResource } from '../../digital/digital-resource.entity';
import { DigitalTurnaway } from '../../digital/digital-turnaway.entity';
import { DigitalUse } from '../../digital/digital-use.entity';
import { CirculationNotice } from '../../notices/circulation-notice.entity';
import { NoticePolicy } from '../../notices/notice-policy.entity';
import { VisitCorrection } from '../../visits/visit-correction.entity';
import { VisitCount } from '../../visits/visit-count.entity';
import { cityAcquisitions } from './acquisitions';
import type { CityCollection } from './context';
import { cityDigital } from './digital';
import { cityNotices } from './notices';
import { cityVisits } from './visits';

/**
 * The city demo's later steps for one library, in the core step's transaction: daily visits,
 * the digital shelf and its use, acquisitions (budgets, orders — the received ones' copies are the
 * core's copies acquired in those years, linked to their order lines and dated on their delivery
 * — and purchase suggestions),
 * and circulation notices with the library's notice policy. Each generator is a pure function of
 * the collection (visits.ts, digital.ts, acquisitions.ts, notices.ts); this inserts their rows
 * (insertMany: multi-row INSERTs, a city's tens of thousands of notices and uses in a second).
 */
export async function seedCityExtras(tx: EntityManager, c: CityCollection): Promise<SeedSummary> {
  const visits = cityVisits(c);
  await insertMany(tx, VisitCount, visits.visits);
  await insertMany(tx, VisitCorrection, visits.corrections);

  const digital = cityDigital(c);
  await insertMany(tx, DigitalResource, digital.resources);
  await insertMany(tx, DigitalUse, digital.uses);
  await insertMany(tx, DigitalTurnaway, digital.turnaways);

  const acquisitions = cityAcquisitions(c);
  await insertMany(tx, AcquisitionBudget, acquisitions.budgets);
  await insertMany(tx, AcquisitionOrder, acquisitions.orders);
  await insertMany(tx, AcquisitionOrderLine, acquisitions.lines);
  await insertMany(tx, PurchaseSuggestion, acquisitions.suggestions);
  await linkCopies(tx, acquisitions.itemLines);

  const notices = cityNotices(c);
  await insertMany(tx, NoticePolicy, [notices.policy]);
  await insertMany(tx, CirculationNotice, notices.notices);

  return {
    visitCounts: visits.visits.length,
    visitCorrections: visits.corrections.length,
    digitalResources: digital.resources.length,
    digitalUses: digital.uses.length,
    digitalTurnaways: digital.turnaways.length,
    acquisitionBudgets: acquisitions.budgets.length,
    acquisitionOrders: acquisitions.orders.length,
    acquisitionOrderLines: acquisitions.lines.length,
    acquiredItemsLinked: acquisitions.itemLines.length,
    purchaseSuggestions: acquisitions.suggestions.length,
    noticePolicies: 1,
    circulationNotices: notices.notices.length,
  };
}

/**
 * Points the received copies at their order lines, with the day their delivery arrived: one
 * UPDATE … CASE per few hundred copies.
 */
async function linkCopies(tx: EntityManager, itemLines: [string, string, string][]): Promise<void> {
  const driver = tx.connection.driver;
  const table = driver.escape(tx.connection.getMetadata(Item).tableName);
  const [line, acquired, id] = [driver.escape('acquisitionLineId'), driver.escape('acquiredOn'), driver.escape('id')];
  for (let i = 0; i < itemLines.length; i += 400) {
    const part = itemLines.slice(i, i + 400);
    const cases = part.map(() => 'WHEN ? THEN ?').join(' ');
    await tx.query(`UPDATE ${table} SET ${line} = CASE ${id} ${cases} END, ${acquired} = CASE ${id} ${cases} END WHERE ${id} IN (${part.map(() => '?').join(', ')})`, [
      ...part.flatMap(([item, lineId]) => [item, lineId]),
      ...part.flatMap(([item, , day]) => [item, day]),
      ...part.map(([item]) => item),
    ]);
  }
}
