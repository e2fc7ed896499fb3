import ISBN from 'isbn3';
import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { cityMemberPerson, cityPartners, cityProfile, citySchoolPartners, demoWindow } from '../shared/domain/demo-city';
import type { DemoSettings } from '../shared/platform/config';
import { dropDatabase, openDatabase, rawDate, rawInstant } from '../shared/platform/database';
import { daysBetween, localDate } from '../shared/platform/time';
import { SUBGRAPHS } from '../subgraphs';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { cityAcquisitions } from '../subgraphs/collections/demo/city/acquisitions';
import { generateCityCore, type CityCore } from '../subgraphs/collections/demo/city/core';
import { Member, MemberStatus, MemberType } from '../subgraphs/collections/members/member.entity';
import { BACKENDS, testConfig } from './helpers/federation';

/**
 * The city demo of collections as a librarian or an analyst would look at it: a catalogue and
 * copies in proportion to each city, card holders named as the city's people, two years of loans
 * ending yesterday with the year's shape, most returned on time, a few out and overdue today,
 * copies on loan exactly while a loan is open, and holds waiting or on the hold shelf.
 */

const LOAD_DAY = '2026-12-06';
const SMALL: DemoSettings = { dataset: 'city', scale: 0.02, today: LOAD_DAY };
const def = SUBGRAPHS.find((s) => s.name === 'collections')!;
const tz = (libraryId: string) => DEMO_LIBRARIES.find((l) => l.id === libraryId)!.timezone;
const month = (d: Date, libraryId: string) => localDate(d, tz(libraryId)).slice(0, 7);

/** What one city's circulation must show, whether from the generator or back from a database. */
function expectBelievableCirculation(libraryId: string, loans: Loan[], items: Item[], holds: Hold[], fines: FineEntry[]): void {
  const window = demoWindow(LOAD_DAY);
  const day = (d: Date) => localDate(d, tz(libraryId));
  // The history is the 24 months before the load day: nothing happened today or later.
  for (const l of loans) {
    expect(day(l.checkedOutAt) >= window.from && day(l.checkedOutAt) <= window.through).toBe(true);
    if (l.returnedAt) expect(day(l.returnedAt) < LOAD_DAY && l.returnedAt > l.checkedOutAt).toBe(true);
  }
  for (const f of fines) expect(day(f.createdAt) < LOAD_DAY).toBe(true);
  for (const h of holds) {
    expect(day(h.placedAt) < LOAD_DAY).toBe(true);
    if (h.closedAt) expect(day(h.closedAt) < LOAD_DAY).toBe(true);
  }
  // Loans in every month of the window, fewer in December's holidays than in October, the reading month.
  const perMonth = new Map<string, number>();
  for (const l of loans) perMonth.set(month(l.checkedOutAt, libraryId), (perMonth.get(month(l.checkedOutAt, libraryId)) ?? 0) + 1);
  expect(perMonth.size).toBe(25);
  expect(perMonth.get('2025-12')!).toBeLessThan(perMonth.get('2025-10')!);

  // A copy is ON_LOAN exactly while a loan of it is open, on the hold shelf exactly for a READY hold.
  const open = loans.filter((l) => !l.returnedAt);
  const openItems = new Set(open.map((l) => l.itemId));
  expect(openItems.size).toBe(open.length);
  expect(new Set(items.filter((i) => i.status === ItemStatus.ON_LOAN).map((i) => i.id))).toEqual(openItems);
  const ready = holds.filter((h) => h.status === HoldStatus.READY);
  expect(new Set(items.filter((i) => i.status === ItemStatus.ON_HOLD_SHELF).map((i) => i.id))).toEqual(new Set(ready.map((h) => h.itemId)));
  for (const h of ready) expect(h.pickupBy! >= LOAD_DAY || h.pickupBy === demoWindow(LOAD_DAY).through).toBe(true);
  // Holds wait only for titles with no copy on the shelf; queue numbers are never reused.
  const shelved = new Set(items.filter((i) => i.status === ItemStatus.AVAILABLE).map((i) => i.recordId));
  for (const h of holds.filter((h) => h.status === HoldStatus.WAITING)) expect(shelved.has(h.recordId)).toBe(false);
  expect(new Set(holds.map((h) => `${h.recordId}:${h.position}`)).size).toBe(holds.length);

  // Every late return past the grace days has its charge; charges are paid, mostly, at the desk.
  const charges = fines.filter((f) => f.kind === FineKind.OVERDUE);
  const late = loans.filter((l) => l.returnedAt && l.daysOverdue > l.graceDays && l.finePerDay > 0);
  expect(charges.length).toBeGreaterThan(0);
  expect(charges.length).toBeLessThanOrEqual(late.length);
  expect(new Set(charges.map((c) => c.loanId)).size).toBe(charges.length);
  const paid = -fines.filter((f) => f.kind === FineKind.PAYMENT).reduce((s, f) => s + f.amount, 0);
  const charged = charges.reduce((s, f) => s + f.amount, 0);
  expect(paid / charged).toBeGreaterThan(0.6);
  expect(paid / charged).toBeLessThan(0.95);
}

/** Of the loans out on the load day, the share already past its due date. */
const overdueShare = (loans: Loan[]) => {
  const open = loans.filter((l) => !l.returnedAt);
  return open.filter((l) => l.dueOn < LOAD_DAY).length / open.length;
};

describe.each(BACKENDS)('the city demo of collections on %s', (backend) => {
  const config = testConfig(backend);
  let db: DataSource;
  let summary: Record<string, number>;

  beforeAll(async () => {
    db = await openDatabase(config, def);
    summary = await def.seed(db, SMALL);
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(config, def);
  });

  const load = async () => ({
    members: await db.getRepository(Member).find(),
    records: await db.getRepository(BibliographicRecord).find(),
    items: await db.getRepository(Item).find(),
    loans: (await db.getRepository(Loan).find()).map((l) => ({
      ...l,
      checkedOutAt: rawInstant(l.checkedOutAt),
      returnedAt: l.returnedAt && rawInstant(l.returnedAt),
      dueOn: rawDate(l.dueOn),
    })),
    holds: await db.getRepository(Hold).find(),
    fines: await db.getRepository(FineEntry).find(),
  });

  it('holds each city in proportion to its population: Kupang the largest, every card holder, title and copy of its profile', async () => {
    const { members, records, items } = await load();
    for (const library of DEMO_LIBRARIES) {
      const profile = cityProfile(library.id, SMALL.scale);
      expect(members.filter((m) => m.libraryId === library.id)).toHaveLength(profile.members);
      expect(items.filter((i) => i.libraryId === library.id)).toHaveLength(profile.copies);
    }
    expect(records.length).toBe(DEMO_LIBRARIES.reduce((s, l) => s + cityProfile(l.id, SMALL.scale).titles, 0));
    const loans = await db.getRepository(Loan).count();
    expect(summary.loans).toBe(loans);
    const perCity = await Promise.all(DEMO_LIBRARIES.map((l) => db.getRepository(Loan).countBy({ libraryId: l.id })));
    expect(Math.max(...perCity)).toBe(perCity[0]);
  });

  it('names card holders as the same people every subgraph knows, the first cards being the partner schools', async () => {
    const { members } = await load();
    for (const library of DEMO_LIBRARIES) {
      const schools = citySchoolPartners(library.id, SMALL.scale);
      const partners = cityPartners(library.id, SMALL.scale);
      for (let i = 0; i < 12; i++) {
        const m = members.find((x) => x.id === demoId('member', library.id, i))!;
        if (i < schools.length) {
          expect([m.memberType, m.name, m.partnerId]).toEqual([MemberType.INSTITUTION, partners[schools[i]].name, demoId('partner', library.id, schools[i])]);
        } else {
          expect(m.name).toBe(cityMemberPerson(library.id, i).name);
          expect(m.phone).toMatch(/^08\d{9,10}$/);
        }
        expect(m.joinedOn < LOAD_DAY).toBe(true);
      }
    }
    const baubau = members.filter((m) => m.libraryId === 'baubau' && m.memberType !== MemberType.INSTITUTION);
    expect(baubau.every((m) => /^(La|Wa) /.test(m.name))).toBe(true);
    const people = members.filter((m) => m.memberType !== MemberType.INSTITUTION);
    expect(people.filter((m) => m.email).length / people.length).toBeGreaterThan(0.4);
    expect(people.filter((m) => m.email).length / people.length).toBeLessThan(0.9);
    const status = (s: MemberStatus) => members.filter((m) => m.status === s).length / members.length;
    expect(status(MemberStatus.EXPIRED)).toBeGreaterThan(0.1);
    expect(status(MemberStatus.ACTIVE)).toBeGreaterThan(0.6);
  });

  it('catalogues Indonesian titles with valid, unique ISBN-13s, some older local prints without one', async () => {
    const { records } = await load();
    const isbns = records.filter((r) => r.isbn).map((r) => r.isbn!);
    for (const isbn of isbns) expect(ISBN.parse(isbn)?.isbn13).toBe(isbn);
    expect(new Set(isbns).size).toBe(isbns.length);
    expect(isbns.every((i) => /^978(602|623|979)/.test(i))).toBe(true);
    expect(records.length - isbns.length).toBeGreaterThan(0);
    expect(records.some((r) => r.subjects.includes('Nusa Tenggara Timur'))).toBe(true);
    // Within a city title and subtitle never repeat; across the four cities, rarely.
    expect(new Set(records.map((r) => `${r.title}|${r.subtitle}`)).size / records.length).toBeGreaterThan(0.97);
  });

  it('plays two years of circulation ending yesterday: the year’s shape, open loans on their copies, holds and fines consistent', async () => {
    const { loans, items, holds, fines } = await load();
    for (const library of DEMO_LIBRARIES) {
      const mine = <T extends { libraryId?: string; pickupLibraryId?: string }>(rows: T[]) => rows.filter((r) => (r.libraryId ?? r.pickupLibraryId) === library.id);
      expectBelievableCirculation(library.id, mine(loans as Loan[]), mine(items), mine(holds), mine(fines));
    }
    const share = overdueShare(loans);
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.15);
    // A few dozen holds at this scale: some still open today (each city's waiting and ready ones at a quarter scale, below).
    expect(holds.some((h) => h.status === HoldStatus.WAITING || h.status === HoldStatus.READY)).toBe(true);
  });

  it('adds nothing on a second seed', async () => {
    const before = await db.getRepository(Loan).count();
    expect(await def.seed(db, SMALL)).toEqual({});
    expect(await db.getRepository(Loan).count()).toBe(before);
  });
});

/**
 * The rates and shares of the whole demo, checked on a quarter of it: every city still lends tens of
 * thousands of times over the two years, so the shares are those of full scale, generated four
 * times faster; the absolute figures (loans a year, budgets) are scaled back to full size.
 */
const RATES_SCALE = 0.25;

describe('the city demo of collections at a quarter of full scale (in memory)', () => {
  const cores: CityCore[] = [];
  beforeAll(() => {
    for (const library of DEMO_LIBRARIES) cores.push(generateCityCore(library, { scale: RATES_SCALE, today: LOAD_DAY }));
  }, 180_000);

  it('has each city’s profile: card holders, titles, copies, and a last year of loans near its yearly volume', () => {
    for (const c of cores) {
      expect([c.members.length, c.records.length, c.items.length]).toEqual([c.profile.members, c.profile.titles, c.profile.copies]);
      const lastYear = c.loans.filter((l) => localDate(l.checkedOutAt, c.library.timezone) >= '2025-12-06').length;
      expect(lastYear / c.profile.loansPerYear).toBeGreaterThan(0.9);
      expect(lastYear / c.profile.loansPerYear).toBeLessThan(1.15);
    }
    const total = cores.reduce((s, c) => s + c.loans.length, 0);
    expect(total / RATES_SCALE).toBeGreaterThan(550_000);
    expect(total / RATES_SCALE).toBeLessThan(700_000);
  });

  it('returns 80–90 % of loans on time, renews 10–20 %, has 5–15 % of the loans out today overdue, and holds waiting and ready', () => {
    for (const c of cores) {
      const returned = c.loans.filter((l) => l.returnedAt);
      const onTime = returned.filter((l) => l.daysOverdue === 0).length / returned.length;
      expect(onTime).toBeGreaterThan(0.8);
      expect(onTime).toBeLessThan(0.9);
      const renewed = c.loans.filter((l) => l.renewals > 0).length / c.loans.length;
      expect(renewed).toBeGreaterThan(0.1);
      expect(renewed).toBeLessThan(0.2);
      expect(overdueShare(c.loans)).toBeGreaterThanOrEqual(0.05);
      expect(overdueShare(c.loans)).toBeLessThanOrEqual(0.15);
      // Holds today: members waiting for a copy to come back, copies on the hold shelf.
      expect(c.holds.some((h) => h.status === HoldStatus.WAITING) && c.holds.some((h) => h.status === HoldStatus.READY)).toBe(true);
    }
  });

  it('has a minority of keen readers doing most of the borrowing', () => {
    for (const c of cores) {
      const perMember = new Map<string, number>();
      for (const l of c.loans) perMember.set(l.memberId, (perMember.get(l.memberId) ?? 0) + 1);
      const counts = [...perMember.values()].sort((a, b) => b - a);
      const top = counts.slice(0, Math.round(c.members.length / 5)).reduce((s, n) => s + n, 0);
      expect(top / c.loans.length).toBeGreaterThan(0.6);
    }
  });

  it('adds 4–7 % of its stock each year of the history, a little more each year, never a copy before its title is out or lent before it arrived', () => {
    for (const c of cores) {
      const perYear = new Map<number, number>();
      for (const i of c.items) perYear.set(Number(i.acquiredOn.slice(0, 4)), (perYear.get(Number(i.acquiredOn.slice(0, 4))) ?? 0) + 1);
      // 2024 and 2025 whole, 2026 up to yesterday (the window's last day), scaled to a year.
      const rates = [2024, 2025, 2026].map((y) => {
        const days = y < 2026 ? 365 + Number(y % 4 === 0) : daysBetween('2026-01-01', c.window.through) + 1;
        return ((perYear.get(y) ?? 0) * (365 / days)) / c.profile.copies;
      });
      // 2025 and 2026 lie inside the history, a little more bought in the later one; 2024 is mostly
      // before it (the stock the library already had: fewer copies a month at a quarter of the scale,
      // so its share varies more).
      for (const [k, rate] of rates.entries()) {
        expect(rate).toBeGreaterThanOrEqual(k === 0 ? 0.035 : 0.04);
        expect(rate).toBeLessThanOrEqual(0.07);
      }
      for (let k = 2; k < rates.length; k++) {
        expect(rates[k]).toBeGreaterThanOrEqual(rates[k - 1] * 0.97);
        expect(rates[k]).toBeLessThanOrEqual(rates[k - 1] * 1.3);
      }
      const published = new Map(c.records.map((r) => [r.id, r.publishedYear]));
      const acquired = new Map(c.items.map((i) => [i.id, i.acquiredOn]));
      expect(c.items.filter((i) => Number(i.acquiredOn.slice(0, 4)) < published.get(i.recordId)!)).toEqual([]);
      expect(c.loans.filter((l) => localDate(l.checkedOutAt, c.library.timezone) < acquired.get(l.itemId)!)).toEqual([]);
    }
  });

  it('budgets each year about what it buys: Rp 100–600 million at full scale, no year more than twice another', () => {
    for (const c of cores) {
      const amounts = cityAcquisitions(c)
        .budgets.filter((b) => b.year <= 2026)
        .map((b) => b.amount / RATES_SCALE);
      expect(amounts).toHaveLength(3);
      for (const a of amounts) {
        expect(a).toBeGreaterThanOrEqual(100_000_000);
        expect(a).toBeLessThanOrEqual(600_000_000);
      }
      expect(Math.max(...amounts) / Math.min(...amounts)).toBeLessThanOrEqual(2);
    }
  });

  it('rarely repeats a title: thousands of composed titles, few identical strings', () => {
    for (const c of cores) {
      const titles = new Set(c.records.map((r) => r.title));
      expect(titles.size / c.records.length).toBeGreaterThan(0.4);
      expect(new Set(c.records.map((r) => `${r.title}|${r.subtitle}|${r.authors.join()}`)).size).toBe(c.records.length);
    }
  });
});
