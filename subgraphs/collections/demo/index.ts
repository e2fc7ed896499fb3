import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES } from '../../../shared/domain/demo';
import { FIXTURE_DEMO, type DemoSettings } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { AcquisitionBudget } from '../acquisitions/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine } from '../acquisitions/acquisition-order.entity';
import { PurchaseSuggestion } from '../acquisitions/purchase-suggestion.entity';
import { BarcodeSeries } from '../catalogue/barcode-series.entity';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item } from '../catalogue/item.entity';
import { FineEntry } from '../circulation/fine-entry.entity';
import { Hold } from '../circulation/hold.entity';
import { LoanRule } from '../circulation/loan-rule.entity';
import { DigitalResource } from '../digital/digital-resource.entity';
import { DigitalTurnaway } from '../digital/digital-turnaway.entity';
import { DigitalUse } from '../digital/digital-use.entity';
import { Member } from '../members/member.entity';
import { CirculationNotice } from '../notices/circulation-notice.entity';
import { NoticePolicy } from '../notices/notice-policy.entity';
import { VisitCorrection } from '../visits/visit-correction.entity';
import { VisitCount } from '../visits/visit-count.entity';
import { demoAcquisitions } from './acquisitions';
import { demoCatalogue } from './catalogue';
import { demoCalendar, demoLoanRules, seedCirculation, seedCollection } from './circulation';
import { seedCity } from './city';
import { demoDigital } from './digital';
import { insertAll } from './helpers';
import { demoNotices } from './notices';
import { demoVisits } from './visits';
import { StockTake } from '../stocktake/stock-take.entity';
import { demoStockTakes } from '../stocktake/demo';

/**
 * The demo data: the city demo (DEMO_DATASET=city, city/index.ts) or the fixture below. The
 * fixture is idempotent step by step: each step checks its own marker, so a second call adds
 * nothing and a database seeded by an earlier version gets the new steps once.
 *
 * 1. loan rules (configuration circulation cannot work without): when there are none;
 * 2. catalogue, copies, card holders and loans: when the first demo record is missing;
 * 3. subject headings of the demo records: when the first one has none;
 * 4. the circulation history — fines ledger and holds — over the loans there are: when there is
 *    neither a hold nor a ledger line;
 * 5. daily visitor counts, with a few corrections: when there is no count;
 * 6. digital resources, their uses and turnaways: when there is no digital resource;
 * 7. acquisitions — budgets, orders (the received ones' copies catalogued), barcode series,
 *    purchase suggestions: when there is no budget.
 * 8. circulation notices — a policy per library, the notices due on the demo day: when there is
 *    no notice policy.
 */
export async function seed(db: DataSource, demo: DemoSettings = FIXTURE_DEMO): Promise<SeedSummary> {
  return demo.dataset === 'city' ? seedCity(db, demo) : seedFixture(db);
}

/** The fixture: the small, fixed data set the tests run against (DEMO_DATASET=fixture). */
async function seedFixture(db: DataSource): Promise<SeedSummary> {
  return transaction(db, async (tx) => {
    let summary: SeedSummary = {};
    if (!(await tx.getRepository(LoanRule).count())) {
      const rules = DEMO_LIBRARIES.flatMap((l) => demoLoanRules(l.id));
      await insertAll(tx, LoanRule, rules);
      summary.loanRules = rules.length;
    }

    const catalogue = demoCatalogue();
    const byId = new Map(catalogue.map((r) => [r.id, r]));
    const first = await tx.getRepository(BibliographicRecord).findOneBy({ id: catalogue[0].id });
    if (!first) {
      summary = { ...summary, ...(await seedCollection(tx, catalogue, byId)) };
    } else if (!first.subjects.length) {
      for (const r of catalogue) await tx.getRepository(BibliographicRecord).update({ id: r.id }, { subjects: r.subjects });
      summary.subjectsAdded = catalogue.length;
    }

    if (!(await tx.getRepository(Hold).count()) && !(await tx.getRepository(FineEntry).count())) {
      summary = { ...summary, ...(await seedCirculation(tx, byId)) };
    }

    if (!(await tx.getRepository(VisitCount).count())) {
      const { visits, corrections } = demoVisits(tx, new Map(DEMO_LIBRARIES.map((l) => [l.id, demoCalendar(l)])));
      await insertAll(tx, VisitCount, visits);
      await insertAll(tx, VisitCorrection, corrections);
      summary = { ...summary, visitCounts: visits.length, visitCorrections: corrections.length };
    }

    if (!(await tx.getRepository(DigitalResource).count())) {
      const { resources, uses, turnaways } = demoDigital(tx, await tx.getRepository(Member).find({ order: { cardNumber: 'ASC' } }));
      await insertAll(tx, DigitalResource, resources);
      await insertAll(tx, DigitalUse, uses);
      await insertAll(tx, DigitalTurnaway, turnaways);
      summary = { ...summary, digitalResources: resources.length, digitalUses: uses.length, digitalTurnaways: turnaways.length };
    }

    if (!(await tx.getRepository(AcquisitionBudget).count())) {
      const demo = demoAcquisitions(
        tx,
        catalogue,
        await tx.getRepository(Item).find({ order: { barcode: 'ASC' } }),
        await tx.getRepository(Hold).find(),
        await tx.getRepository(Member).find({ order: { cardNumber: 'ASC' } }),
      );
      await insertAll(tx, AcquisitionBudget, demo.budgets);
      await insertAll(tx, AcquisitionOrder, demo.orders);
      await insertAll(tx, AcquisitionOrderLine, demo.lines);
      await insertAll(tx, Item, demo.items);
      await insertAll(tx, BarcodeSeries, demo.series);
      await insertAll(tx, PurchaseSuggestion, demo.suggestions);
      summary = {
        ...summary,
        acquisitionBudgets: demo.budgets.length,
        acquisitionOrders: demo.orders.length,
        acquiredItems: demo.items.length,
        purchaseSuggestions: demo.suggestions.length,
      };
    }

    // Circulation notices: a policy per library and the notices due on the demo day.
    if (!(await tx.getRepository(NoticePolicy).count())) {
      const demo = await demoNotices(tx);
      await insertAll(tx, NoticePolicy, demo.policies);
      await insertAll(tx, CirculationNotice, demo.notices);
      summary = { ...summary, noticePolicies: demo.policies.length, circulationNotices: demo.notices.length };
    }
    // 9. a stock-take of Baubau's children's room under way: when there is no stock-take.
    if (!(await tx.getRepository(StockTake).count())) summary = { ...summary, ...(await demoStockTakes(tx)) };
    return summary;
  });
}
