import type { EntityManager } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNERS, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../../shared/domain/demo';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { localDate } from '../../../shared/platform/time';
// The demo calendar staff-development serves (closed weekdays, holidays), so that demo due dates
// fall on open days exactly as the live calendar says. Demo knowledge only: no table is read.
import { CITY_ANNIVERSARIES, CLOSED_WEEKDAYS, NATIONAL_HOLIDAYS } from '../../../shared/domain/demo-calendar';
import { BibliographicRecord, MaterialType } from '../catalogue/bibliographic-record.entity';
import { CollectionType, Item, ItemStatus } from '../catalogue/item.entity';
import { FineEntry, FineKind } from '../circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { LoanRule } from '../circulation/loan-rule.entity';
import { Loan } from '../circulation/loan.entity';
import { dueDate, fineCapFor, overdueFine, pickRule, pickupByDate } from '../circulation/rules';
import { Member, MemberStatus, MemberType } from '../members/member.entity';
import { foldName } from '../members/fold-name';
import { SHELF_COLLECTION, SHELF_LOCATION, type DemoRecord } from './catalogue';
import { insertAll, localInstant } from './helpers';

/**
 * Demo collections: one union catalogue, copies in each of the four libraries, card holders
 * (the first three per library stand for the partner schools), each library's loan rules, and a
 * circulation history played under those rules and the libraries' calendars: returned loans
 * (some late, with their fines and payments in the ledger), loans still out (some overdue on
 * DEMO_TODAY), and holds — a queue waiting for copies that are out, copies on the hold shelf,
 * copies in transit to another city's pickup desk. Deterministic; ids from demoId, so the other
 * subgraphs can point at demoId('member', libraryId, i).
 */

interface CityCodes {
  /** Barcode prefix (the same city code partnerships uses). */
  code: string;
  /** BPS region code of the city, the first part of a card number. */
  bps: string;
}

const CITY: Record<string, CityCodes> = {
  kupang: { code: 'KPG', bps: '5371' },
  baubau: { code: 'BAU', bps: '7472' },
  pasuruan: { code: 'PSR', bps: '3575' },
  'pematang-siantar': { code: 'PMS', bps: '1272' },
};

/** Members 0..2 of each library stand for its partner schools, demoId('partner', libraryId, 0..2). */
const SCHOOL_MEMBERS = 3;

/** Loans still out are checked out within this many days before DEMO_TODAY; history ends before. */
const ACTIVE_WINDOW_DAYS = 75;
const HISTORY_FROM = '2025-01-06';

const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function seedMembers(tx: EntityManager, library: DemoLibrary): Member[] {
  const faker = demoFaker(`collections:members:${library.id}`);
  const city = CITY[library.id];
  const repo = tx.getRepository(Member);
  const members: Member[] = [];
  for (let i = 0; i < DEMO_COUNTS.membersPerLibrary; i++) {
    const school = i < SCHOOL_MEMBERS ? DEMO_PARTNERS[library.id][i] : undefined;
    const memberType = school
      ? MemberType.INSTITUTION
      : faker.helpers.weightedArrayElement([
          { weight: 45, value: MemberType.ADULT },
          { weight: 30, value: MemberType.STUDENT },
          { weight: 15, value: MemberType.CHILD },
          { weight: 10, value: MemberType.SENIOR },
        ]);
    const expired = !school && i % 10 === 4;
    const suspended = !school && i % 12 === 7;
    // Everyone joined at least 90 days before DEMO_TODAY; an expired card was never renewed.
    const joinedOn = isoDate(faker.date.between({ from: '2019-01-02', to: expired ? '2024-06-30' : addDays(DEMO_TODAY, -90) }));
    let expiresOn = addYears(joinedOn, 2);
    while (!expired && expiresOn <= DEMO_TODAY) expiresOn = addYears(expiresOn, 2);

    let name: string;
    let email: string;
    if (school) {
      name = school.name;
      email = `perpustakaan@${school.domain}`;
    } else {
      const sex = faker.helpers.arrayElement(['female', 'male'] as const);
      const first = faker.person.firstName(sex);
      const last = faker.person.lastName(sex);
      name = `${first} ${last}`;
      // Demo addresses only: no real mailbox receives anything.
      email = `${first}.${last}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.com';
    }
    const operator = faker.helpers.arrayElement(['811', '812', '813', '821', '822', '852', '853', '857', '878', '895']);
    members.push(
      repo.create({
        id: demoId('member', library.id, i),
        cardNumber: `${city.bps}.${joinedOn.slice(0, 4)}.${String(i + 1).padStart(5, '0')}`,
        name,
        foldedName: foldName(name),
        email,
        phone: `+62${operator}${faker.string.numeric(8)}`,
        memberType,
        libraryId: library.id,
        partnerId: school ? demoId('partner', library.id, i) : null,
        joinedOn,
        expiresOn,
        status: expired ? MemberStatus.EXPIRED : suspended ? MemberStatus.SUSPENDED : MemberStatus.ACTIVE,
      }),
    );
  }
  return members;
}

const isPhysical = (r: DemoRecord) => r.materialType !== MaterialType.EBOOK && r.materialType !== MaterialType.EJOURNAL;

function seedItems(tx: EntityManager, library: DemoLibrary, records: DemoRecord[]): Item[] {
  const faker = demoFaker(`collections:items:${library.id}`);
  const repo = tx.getRepository(Item);
  const items: Item[] = [];
  for (const record of records.filter(isPhysical)) {
    const local = record.localTo === library.id;
    if (record.localTo && !local && (record.materialType === MaterialType.THESIS || record.materialType === MaterialType.MANUSCRIPT)) continue;
    // Local titles are bought in numbers; the rest as the budget allows.
    const copies = local
      ? faker.number.int({ min: 2, max: 4 })
      : faker.helpers.weightedArrayElement([
          { weight: 25, value: 0 },
          { weight: 45, value: 1 },
          { weight: 22, value: 2 },
          { weight: 8, value: 3 },
        ]);
    for (let c = 0; c < copies; c++) {
      const n = items.length + 1;
      const earliest = `${Math.max(record.publishedYear, 2008)}-02-01`;
      const acquiredOn = isoDate(faker.date.between({ from: earliest, to: addDays(DEMO_TODAY, -30) }));
      const referenceOnly = record.shelf === 'reference';
      const price =
        record.shelf === 'children'
          ? faker.number.int({ min: 50, max: 150 }) * 500
          : record.materialType === MaterialType.MANUSCRIPT
            ? 2_500_000
            : faker.number.int({ min: 90, max: 380 }) * 500;
      let status = referenceOnly ? ItemStatus.NOT_FOR_LOAN : ItemStatus.AVAILABLE;
      if (!referenceOnly && n % 47 === 11) status = ItemStatus.REPAIR;
      if (!referenceOnly && n % 71 === 23) status = ItemStatus.MISSING;
      items.push(
        repo.create({
          id: demoId('item', library.id, n),
          barcode: `${CITY[library.id].code}-${String(n).padStart(6, '0')}`,
          recordId: record.id,
          libraryId: library.id,
          location: local && record.shelf === 'general' ? 'Koleksi Lokal' : SHELF_LOCATION[record.shelf],
          collectionType: local && record.shelf === 'general' ? CollectionType.LOCAL : SHELF_COLLECTION[record.shelf],
          status,
          atLibraryId: null,
          acquiredOn,
          price,
        }),
      );
    }
  }
  return items;
}

// ---- loan rules -----------------------------------------------------------------------------

/** What differs between the cities' fine policies (each city sets its own by regional regulation). */
const CITY_FINES: Record<string, { finePerDay: number; graceDays: number; maxUnpaidFines: number }> = {
  kupang: { finePerDay: 500, graceDays: 1, maxUnpaidFines: 10_000 },
  baubau: { finePerDay: 500, graceDays: 2, maxUnpaidFines: 10_000 },
  pasuruan: { finePerDay: 1_000, graceDays: 0, maxUnpaidFines: 15_000 },
  'pematang-siantar': { finePerDay: 1_000, graceDays: 1, maxUnpaidFines: 20_000 },
};

type RuleSpec = Omit<LoanRule, 'id' | 'libraryId'>;

/**
 * Each library's rules: a default, then member types (children borrow fewer, seniors longer,
 * schools a term's worth at no fine) and material types (serials, audiovisual, maps and theses
 * for a week; manuscripts not at all), and one rule for both (children and audiovisual).
 */
export function demoLoanRules(libraryId: string): LoanRule[] {
  const city = CITY_FINES[libraryId];
  const base: RuleSpec = {
    memberType: null,
    materialType: null,
    loanDays: 14,
    maxLoans: 5,
    maxRenewals: 2,
    finePerDay: city.finePerDay,
    graceDays: city.graceDays,
    fineCap: null,
    maxHolds: 5,
    holdShelfDays: 7,
    maxUnpaidFines: city.maxUnpaidFines,
  };
  const specs: RuleSpec[] = [
    base,
    { ...base, memberType: MemberType.CHILD, maxLoans: 3, maxRenewals: 1, finePerDay: city.finePerDay / 2, fineCap: 10_000, maxHolds: 3 },
    { ...base, memberType: MemberType.STUDENT, maxLoans: 6 },
    { ...base, memberType: MemberType.SENIOR, loanDays: 21, finePerDay: city.finePerDay / 2 },
    { ...base, memberType: MemberType.INSTITUTION, loanDays: 60, maxLoans: 40, maxRenewals: 1, finePerDay: 0, graceDays: 0, maxHolds: 10, holdShelfDays: 14 },
    { ...base, materialType: MaterialType.SERIAL, loanDays: 7, maxLoans: 3, maxRenewals: 0 },
    { ...base, materialType: MaterialType.AUDIOVISUAL, loanDays: 7, maxLoans: 2, maxRenewals: 1, finePerDay: 2_000, fineCap: 50_000 },
    { ...base, materialType: MaterialType.MAP, loanDays: 7, maxLoans: 2, maxRenewals: 0 },
    { ...base, materialType: MaterialType.THESIS, loanDays: 7, maxLoans: 2, maxRenewals: 0, fineCap: 100_000 },
    { ...base, materialType: MaterialType.MANUSCRIPT, maxLoans: 0, maxRenewals: 0, maxHolds: 0 },
    { ...base, memberType: MemberType.CHILD, materialType: MaterialType.AUDIOVISUAL, loanDays: 7, maxLoans: 1, maxRenewals: 0, finePerDay: 500, fineCap: 10_000, maxHolds: 1 },
  ];
  return specs.map((spec) => Object.assign(new LoanRule(), spec, { id: demoId('loan-rule', libraryId, spec.memberType ?? 'any', spec.materialType ?? 'any'), libraryId }));
}

/** The calendar staff-development's demo data gives the library (closed weekdays and holidays). */
export function demoCalendar(library: DemoLibrary): LibraryCalendar {
  const [monthDay, name] = CITY_ANNIVERSARIES[library.id];
  return {
    id: library.id,
    timezone: library.timezone,
    closedWeekdays: CLOSED_WEEKDAYS[library.id],
    holidays: [...NATIONAL_HOLIDAYS.map(([date, holiday]) => ({ date, name: holiday })), ...['2026', '2027'].map((year) => ({ date: `${year}-${monthDay}`, name }))],
  };
}

// ---- loans and fines ------------------------------------------------------------------------

interface LibraryDemo {
  library: DemoLibrary;
  calendar: LibraryCalendar;
  rules: LoanRule[];
  members: Member[];
  items: Item[];
  loans: Loan[];
  fines: FineEntry[];
}

/**
 * Loans under the library's rules and calendar: a returned history from HISTORY_FROM (some late),
 * one return five weeks late (its fine stays unpaid: a member blocked by fines, see
 * blockedMember), then loans still out — due after DEMO_TODAY, or overdue — whose copies are
 * ON_LOAN. One copy is never out twice at once, and nobody is over their rule's loan limit. The
 * fines come with seedCirculation.
 */
function seedLoans(tx: EntityManager, demo: LibraryDemo, records: Map<string, DemoRecord>, inDemandTitles: Set<string>): void {
  const { library, calendar, rules, items, members, loans } = demo;
  const faker = demoFaker(`collections:loans:${library.id}`);
  const activeFrom = addDays(DEMO_TODAY, -ACTIVE_WINDOW_DAYS);
  const lendable = faker.helpers.shuffle(items.filter((i) => i.status === ItemStatus.AVAILABLE));
  const people = members.filter((m) => m.memberType !== MemberType.INSTITUTION);
  const schools = members.filter((m) => m.memberType === MemberType.INSTITUTION);
  const hour = () => [faker.number.int({ min: 8, max: 15 }), faker.number.int({ min: 0, max: 59 })] as const;
  const ruleOf = (member: Member, item: Item) => pickRule(rules, member.memberType, records.get(item.recordId)!.materialType)!;
  const openLoans = new Map<string, number>();

  const add = (item: Item, member: Member, checkoutDate: string, renewals: number, returnedOn: string | null) => {
    const rule = ruleOf(member, item);
    let due = dueDate(calendar, checkoutDate, rule.loanDays);
    for (let r = 0; r < renewals; r++) due = dueDate(calendar, due, rule.loanDays);
    const loan = tx.getRepository(Loan).create({
      id: demoId('loan', library.id, loans.length + 1),
      itemId: item.id,
      memberId: member.id,
      libraryId: library.id,
      checkedOutAt: localInstant(library, checkoutDate, ...hour()),
      dueOn: due,
      returnedAt: returnedOn ? localInstant(library, returnedOn, ...hour()) : null,
      renewals,
      finePerDay: rule.finePerDay,
      graceDays: rule.graceDays,
      fineCap: fineCapFor(rule, item.price),
      daysOverdue: 0,
    });
    loans.push(loan);
    if (returnedOn) {
      loan.daysOverdue = overdueFine(calendar, loan, returnedOn).daysOverdue;
    } else {
      openLoans.set(member.id, (openLoans.get(member.id) ?? 0) + 1);
      item.status = ItemStatus.ON_LOAN;
    }
    return loan;
  };
  const hasRoom = (member: Member, item: Item) => {
    const rule = ruleOf(member, item);
    return rule.maxLoans > (openLoans.get(member.id) ?? 0);
  };

  // Kept aside for the one very late return below.
  const late = lendable.slice(90).find((i) => !inDemandTitles.has(i.recordId))!;

  // History: up to three returned loans per copy, one after another, all before the active window.
  for (const item of lendable.filter((i) => i !== late).slice(0, 90)) {
    let day = HISTORY_FROM > item.acquiredOn ? HISTORY_FROM : addDays(item.acquiredOn, 7);
    day = addDays(day, faker.number.int({ min: 0, max: 120 }));
    for (let k = faker.number.int({ min: 1, max: 3 }); k > 0; k--) {
      const candidates = people.filter((m) => m.joinedOn <= day && (m.status !== MemberStatus.EXPIRED || m.expiresOn >= addDays(day, 60)));
      if (!candidates.length) break;
      const member = faker.helpers.arrayElement(candidates);
      const rule = ruleOf(member, item);
      if (rule.maxLoans === 0) break;
      const renewals =
        rule.maxRenewals > 0
          ? faker.helpers.weightedArrayElement([
              { weight: 8, value: 0 },
              { weight: 2, value: 1 },
            ])
          : 0;
      // Most come back in time, some a few days late.
      const keptDays = faker.number.int({ min: 3, max: rule.loanDays * (renewals + 1) + (faker.number.int(5) === 0 ? 12 : 0) });
      const returnedOn = addDays(day, keptDays);
      if (returnedOn >= addDays(activeFrom, -5)) break;
      add(item, member, day, renewals, returnedOn);
      day = addDays(returnedOn, faker.number.int({ min: 5, max: 60 }));
    }
  }

  // One card holder brought a copy back five weeks late and has not paid: blocked by fines.
  const blocked = blockedMember(members);
  const lateOut = addDays(activeFrom, -70);
  add(late, blocked, lateOut, 0, addDays(dueDate(calendar, lateOut, ruleOf(blocked, late).loanDays), 35));

  const borrowers = people.filter((m) => m.status !== MemberStatus.EXPIRED && m.id !== blocked.id);

  // Titles in demand: every copy of them, here and elsewhere, is out (the holds queues for them
  // come with seedHolds), lent to card holders within the last week.
  const inDemand = items.filter((i) => inDemandTitles.has(i.recordId));
  const recent = borrowers.filter((m) => m.status === MemberStatus.ACTIVE && m.memberType === MemberType.ADULT);
  inDemand.forEach((copy, k) => add(copy, recent[(k * 7) % recent.length], addDays(DEMO_TODAY, -(2 + (k % 5))), 0, null));

  // Still out: every school has four copies for the term, the rest go to individual card holders.
  const out = lendable
    .slice(91)
    .filter((i) => i.acquiredOn <= activeFrom && i !== late && !inDemand.includes(i))
    .slice(0, Math.max(0, 40 - inDemand.length));
  out.forEach((item, k) => {
    if (k < schools.length * 4) {
      add(item, schools[k % schools.length], addDays(DEMO_TODAY, -faker.number.int({ min: 3, max: 40 })), 0, null);
      return;
    }
    const overdue = k % 3 === 0;
    const pool = (overdue ? borrowers : borrowers.filter((m) => m.status === MemberStatus.ACTIVE)).filter((m) => hasRoom(m, item) && ruleOf(m, item).maxLoans > 0);
    if (!pool.length) return;
    const member = faker.helpers.arrayElement(pool);
    const rule = ruleOf(member, item);
    if (overdue) {
      // Due at least two weeks ago, whatever the loan period and closed days.
      add(item, member, addDays(DEMO_TODAY, -faker.number.int({ min: rule.loanDays + 14, max: ACTIVE_WINDOW_DAYS })), 0, null);
    } else {
      const renewed = k % 5 === 1 && rule.maxRenewals > 0;
      const ago = renewed ? faker.number.int({ min: rule.loanDays + 1, max: 2 * rule.loanDays - 1 }) : faker.number.int({ min: 1, max: Math.max(1, rule.loanDays - 3) });
      add(item, member, addDays(DEMO_TODAY, -ago), renewed ? 1 : 0, null);
    }
  });
}

/** The card holder of each library who owes too much to borrow: its first active adult. */
function blockedMember(members: Member[]): Member {
  return members.find((m) => m.status === MemberStatus.ACTIVE && m.memberType === MemberType.ADULT)!;
}

/**
 * The ledger of the loans returned so far, as returnItem would have written it: a charge for each
 * late return past the grace days (open days, up to the cap), then payments at the desk — most
 * pay in full within ten days, some half, the rest owe; the blocked member pays nothing.
 */
function chargeFines(tx: EntityManager, demo: LibraryDemo, barcodes: Map<string, string>): void {
  const { library, calendar, members, loans, fines } = demo;
  const faker = demoFaker(`collections:fines:${library.id}`);
  for (const loan of loans) {
    if (!loan.returnedAt) continue;
    const { daysOverdue, fine } = overdueFine(calendar, loan, localDate(loan.returnedAt, library.timezone));
    if (fine <= 0) continue;
    fines.push(
      tx.getRepository(FineEntry).create({
        id: demoId('fine', library.id, fines.length + 1),
        memberId: loan.memberId,
        libraryId: library.id,
        loanId: loan.id,
        kind: FineKind.OVERDUE,
        amount: fine,
        note: `${barcodes.get(loan.itemId)} returned ${daysOverdue} days late (due ${loan.dueOn})`,
        createdAt: loan.returnedAt,
      }),
    );
  }
  const blocked = blockedMember(members);
  const charged = new Map<string, FineEntry[]>();
  for (const fine of fines) charged.set(fine.memberId, [...(charged.get(fine.memberId) ?? []), fine]);
  [...charged.entries()].forEach(([memberId, charges], k) => {
    if (memberId === blocked.id || k % 4 === 3) return;
    const total = charges.reduce((sum, c) => sum + c.amount, 0);
    const last = charges.reduce((a, c) => (c.createdAt > a ? c.createdAt : a), charges[0].createdAt);
    const paidOn = addDays(localDate(last, library.timezone), faker.number.int({ min: 0, max: 10 }));
    fines.push(
      tx.getRepository(FineEntry).create({
        id: demoId('fine', library.id, fines.length + 1),
        memberId,
        libraryId: library.id,
        loanId: null,
        kind: FineKind.PAYMENT,
        amount: -(k % 4 === 2 ? Math.floor(total / 2 / 500) * 500 || total : total),
        note: 'Dibayar tunai di meja sirkulasi',
        createdAt: localInstant(library, paidOn <= DEMO_TODAY ? paidOn : DEMO_TODAY, faker.number.int({ min: 8, max: 15 }), faker.number.int({ min: 0, max: 59 })),
      }),
    );
  });
}

// ---- holds ----------------------------------------------------------------------------------

/**
 * Holds in every city, consistent with the copies: a queue of two members waiting for a title
 * whose every copy is out (positions 1 and 2, so its loans cannot be renewed), a copy on the hold
 * shelf, a copy in transit from another city to this pickup desk, and a closed history
 * (fulfilled by a checkout, cancelled, expired). Queue numbers are per title, never reused.
 */
function seedHolds(tx: EntityManager, demos: LibraryDemo[], records: Map<string, DemoRecord>): Hold[] {
  const holds: Hold[] = [];
  const nextPosition = new Map<string, number>();
  const allItems = demos.flatMap((d) => d.items);
  const copiesOf = new Map<string, Item[]>();
  for (const item of allItems) copiesOf.set(item.recordId, [...(copiesOf.get(item.recordId) ?? []), item]);
  const held = new Set<string>();
  const lent = new Set(demos.flatMap((d) => d.loans.filter((l) => !l.returnedAt).map((l) => `${l.memberId}:${allItems.find((i) => i.id === l.itemId)!.recordId}`)));

  for (const demo of demos) {
    const { library, calendar, members, loans } = demo;
    const faker = demoFaker(`collections:holds:${library.id}`);
    const at = (date: string) => localInstant(library, date, faker.number.int({ min: 8, max: 15 }), faker.number.int({ min: 0, max: 59 }));
    const blocked = new Set(demo.fines.filter((f) => f.kind === FineKind.OVERDUE).map((f) => f.memberId));
    const eligible = members.filter((m) => m.status === MemberStatus.ACTIVE && m.memberType !== MemberType.INSTITUTION && !blocked.has(m.id));
    const free = (recordId: string) => eligible.filter((m) => !lent.has(`${m.id}:${recordId}`) && !held.has(`${m.id}:${recordId}`));
    const hold = (recordId: string, member: Member, status: HoldStatus, placedOn: string, extra: Partial<Hold> = {}) => {
      const position = (nextPosition.get(recordId) ?? 0) + 1;
      nextPosition.set(recordId, position);
      const open = [HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY].includes(status);
      if (open) held.add(`${member.id}:${recordId}`);
      const h = tx.getRepository(Hold).create({
        id: demoId('hold', library.id, holds.length + 1),
        recordId,
        memberId: member.id,
        pickupLibraryId: library.id,
        status,
        position,
        activeMemberId: open ? member.id : null,
        itemId: null,
        placedAt: at(placedOn),
        notNeededAfter: null,
        pickupBy: null,
        closedAt: null,
        ...extra,
      });
      holds.push(h);
      return h;
    };

    // History first (lower queue numbers): a hold fulfilled by the checkout of a loan still out,
    // one cancelled, one whose copy was never picked up.
    const fulfilled = loans.find((l) => !l.returnedAt && eligible.some((m) => m.id === l.memberId));
    if (fulfilled) {
      const item = allItems.find((i) => i.id === fulfilled.itemId)!;
      const checkout = isoDate(fulfilled.checkedOutAt);
      const member = members.find((m) => m.id === fulfilled.memberId)!;
      hold(item.recordId, member, HoldStatus.FULFILLED, addDays(checkout, -6), {
        itemId: item.id,
        pickupBy: pickupByDate(calendar, addDays(checkout, -2), 7),
        closedAt: fulfilled.checkedOutAt,
      });
    }
    const someRecord = (k: number) => [...records.values()].filter((r) => copiesOf.get(r.id)?.some((i) => i.libraryId === library.id && i.status === ItemStatus.AVAILABLE))[k];
    const cancelledOn = addDays(DEMO_TODAY, -40);
    hold(someRecord(3).id, faker.helpers.arrayElement(free(someRecord(3).id)), HoldStatus.CANCELLED, addDays(cancelledOn, -3), { closedAt: at(cancelledOn) });
    const expiredOn = addDays(DEMO_TODAY, -20);
    hold(someRecord(5).id, faker.helpers.arrayElement(free(someRecord(5).id)), HoldStatus.EXPIRED, addDays(expiredOn, -12), {
      pickupBy: addDays(expiredOn, -1),
      closedAt: at(expiredOn),
    });

    // A queue: two members wait for a title whose copies are all out, one of them lent here.
    const queued = loans
      .filter((l) => !l.returnedAt && l.libraryId === library.id)
      .map((l) => allItems.find((i) => i.id === l.itemId)!)
      .find((i) => copiesOf.get(i.recordId)!.every((c) => c.status !== ItemStatus.AVAILABLE) && free(i.recordId).length >= 2);
    if (queued) {
      const [first, second] = faker.helpers.arrayElements(free(queued.recordId), 2);
      hold(queued.recordId, first, HoldStatus.WAITING, addDays(DEMO_TODAY, -9));
      hold(queued.recordId, second, HoldStatus.WAITING, addDays(DEMO_TODAY, -4));
    }

    // On the hold shelf here: a copy of this library, set aside two days ago.
    const shelved = demo.items.find((i) => i.status === ItemStatus.AVAILABLE && !nextPosition.has(i.recordId) && free(i.recordId).length > 0);
    if (shelved) {
      const member = faker.helpers.arrayElement(free(shelved.recordId));
      const rule = pickRule(demo.rules, member.memberType, records.get(shelved.recordId)!.materialType)!;
      hold(shelved.recordId, member, HoldStatus.READY, addDays(DEMO_TODAY, -3), {
        itemId: shelved.id,
        pickupBy: pickupByDate(calendar, addDays(DEMO_TODAY, -2), rule.holdShelfDays),
      });
      shelved.status = ItemStatus.ON_HOLD_SHELF;
    }

    // In transit: another city's copy of a title this library does not hold, on its way here.
    const elsewhere = allItems.find(
      (i) =>
        i.libraryId !== library.id &&
        i.status === ItemStatus.AVAILABLE &&
        !nextPosition.has(i.recordId) &&
        !copiesOf.get(i.recordId)!.some((c) => c.libraryId === library.id) &&
        free(i.recordId).length > 0,
    );
    if (elsewhere) {
      hold(elsewhere.recordId, faker.helpers.arrayElement(free(elsewhere.recordId)), HoldStatus.IN_TRANSIT, addDays(DEMO_TODAY, -2), { itemId: elsewhere.id });
      elsewhere.status = ItemStatus.IN_TRANSIT;
      elsewhere.atLibraryId = library.id;
    }
  }
  return holds;
}

// ---- the seed ----------------------------------------------------------------------------

/** Library members in card order (the demo index, the last part of the card number). */
const byCard = (members: Member[]) => [...members].sort((a, b) => Number(a.cardNumber.slice(-5)) - Number(b.cardNumber.slice(-5)));

/**
 * The circulation history over the loans in the database: loans lent before the loan rules get
 * the terms of their rule, returns their days overdue; then the fines ledger and the holds (with
 * the copies they set aside). Run on a fresh demo right after its loans, and once on a database
 * seeded before holds and fines existed.
 */
export async function seedCirculation(tx: EntityManager, catalogue: Map<string, DemoRecord>): Promise<SeedSummary> {
  const items = await tx.getRepository(Item).find({ order: { barcode: 'ASC' } });
  const barcodes = new Map(items.map((i) => [i.id, i.barcode]));
  const demos: LibraryDemo[] = [];
  let termsSet = 0;
  for (const library of DEMO_LIBRARIES) {
    const calendar = demoCalendar(library);
    const rules = await tx.getRepository(LoanRule).findBy({ libraryId: library.id });
    const members = byCard(await tx.getRepository(Member).findBy({ libraryId: library.id }));
    const loans = await tx.getRepository(Loan).find({ where: { libraryId: library.id }, order: { checkedOutAt: 'ASC', id: 'ASC' } });
    const memberType = new Map(members.map((m) => [m.id, m.memberType]));
    const itemById = new Map(items.map((i) => [i.id, i]));
    for (const loan of loans.filter((l) => l.fineCap === 0)) {
      const item = itemById.get(loan.itemId)!;
      const rule = pickRule(rules, memberType.get(loan.memberId)!, catalogue.get(item.recordId)?.materialType ?? MaterialType.BOOK);
      if (!rule) continue;
      Object.assign(loan, { finePerDay: rule.finePerDay, graceDays: rule.graceDays, fineCap: fineCapFor(rule, item.price) });
      if (loan.returnedAt) loan.daysOverdue = overdueFine(calendar, loan, localDate(loan.returnedAt, library.timezone)).daysOverdue;
      const { finePerDay, graceDays, fineCap, daysOverdue } = loan;
      await tx.getRepository(Loan).update({ id: loan.id }, { finePerDay, graceDays, fineCap, daysOverdue });
      termsSet += 1;
    }
    demos.push({ library, calendar, rules, members, items: items.filter((i) => i.libraryId === library.id), loans, fines: [] });
  }
  for (const demo of demos) chargeFines(tx, demo, barcodes);

  const before = new Map(items.map((i) => [i.id, `${i.status}|${i.atLibraryId}`]));
  const holds = seedHolds(tx, demos, catalogue);
  for (const item of items) {
    if (before.get(item.id) !== `${item.status}|${item.atLibraryId}`) {
      await tx.getRepository(Item).update({ id: item.id }, { status: item.status, atLibraryId: item.atLibraryId });
    }
  }
  const fines = demos.flatMap((d) => d.fines);
  await insertAll(tx, FineEntry, fines);
  await insertAll(tx, Hold, holds);
  return { ...(termsSet ? { loanTermsSet: termsSet } : {}), fineEntries: fines.length, holds: holds.length };
}

/**
 * The catalogue (without its subject headings' later additions), copies, card holders and loans
 * played under each library's rules and calendar; one title in demand per library.
 */
export async function seedCollection(tx: EntityManager, catalogue: DemoRecord[], byId: Map<string, DemoRecord>): Promise<SeedSummary> {
  const records = catalogue.map(({ shelf: _shelf, localTo: _localTo, ...r }) => tx.getRepository(BibliographicRecord).create(r));
  await insertAll(tx, BibliographicRecord, records);
  const demos: LibraryDemo[] = DEMO_LIBRARIES.map((library) => ({
    library,
    calendar: demoCalendar(library),
    rules: demoLoanRules(library.id),
    members: seedMembers(tx, library),
    items: seedItems(tx, library, catalogue),
    loans: [],
    fines: [],
  }));
  const copiesOf = new Map<string, Item[]>();
  for (const item of demos.flatMap((d) => d.items)) copiesOf.set(item.recordId, [...(copiesOf.get(item.recordId) ?? []), item]);
  // One title in demand per library: a book it holds with the fewest copies in all the cities.
  const activeFrom = addDays(DEMO_TODAY, -ACTIVE_WINDOW_DAYS);
  const inDemand = new Set<string>();
  for (const { library } of demos) {
    const candidates = [...copiesOf.values()].filter(
      (copies) =>
        !inDemand.has(copies[0].recordId) &&
        byId.get(copies[0].recordId)!.materialType === MaterialType.BOOK &&
        copies.some((c) => c.libraryId === library.id) &&
        copies.every((c) => c.status === ItemStatus.AVAILABLE && c.acquiredOn <= activeFrom),
    );
    candidates.sort((a, b) => Math.max(a.length, 2) - Math.max(b.length, 2) || a[0].recordId.localeCompare(b[0].recordId));
    inDemand.add(candidates[0][0].recordId);
  }
  for (const demo of demos) seedLoans(tx, demo, byId, inDemand);
  const members = demos.flatMap((d) => d.members);
  const items = demos.flatMap((d) => d.items);
  const loans = demos.flatMap((d) => d.loans);
  await insertAll(tx, Member, members);
  await insertAll(tx, Item, items);
  await insertAll(tx, Loan, loans);
  return { bibliographicRecords: records.length, items: items.length, members: members.length, loans: loans.length };
}
