import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNERS, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../shared/demo';
import type { SeedSummary } from '../../shared/subgraph';
import { demoCatalogue, type DemoRecord, type Shelf } from './demo-catalogue';
import { BibliographicRecord, MaterialType } from './entities/bibliographic-record.entity';
import { Item, ItemStatus } from './entities/item.entity';
import { Loan } from './entities/loan.entity';
import { Member, MemberStatus, MemberType } from './entities/member.entity';

/**
 * Demo collections: one union catalogue, copies in each of the four libraries, card holders
 * (the first three per library stand for the partner schools) and a loan history with loans
 * still out, some of them overdue on DEMO_TODAY. Deterministic; ids from demoId, so the other
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

const LOCATION: Record<Shelf, string> = {
  general: 'Rak Umum',
  children: 'Ruang Anak',
  reference: 'Ruang Referensi',
  serial: 'Rak Terbitan Berkala',
  multimedia: 'Ruang Multimedia',
  digital: 'Koleksi Digital',
};

/** Loan periods until the circulation rules arrive: two weeks, a school term for schools. */
const LOAN_DAYS = 14;
const SCHOOL_LOAN_DAYS = 60;
/** Loans still out are checked out within this many days before DEMO_TODAY; history ends before. */
const ACTIVE_WINDOW_DAYS = 75;
const HISTORY_FROM = '2025-01-06';

const offsetHours = (library: DemoLibrary) => (library.timezone === 'Asia/Makassar' ? 8 : 7);

/** A wall-clock time on a calendar day in the library's zone, as the UTC instant stored. */
function localInstant(library: DemoLibrary, date: string, hour: number, minute: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hour - offsetHours(library), minute));
}

/** The library is closed on Sundays: a due date falling on one moves to Monday. */
function openDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 0 ? addDays(date, 1) : date;
}

const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

async function insertAll<T extends ObjectLiteral>(tx: EntityManager, target: new () => T, rows: T[]): Promise<void> {
  // Chunks keep each INSERT well below the drivers' placeholder limits.
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(target).insert(rows.slice(i, i + 200) as never);
}

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
          location: local && record.shelf === 'general' ? 'Koleksi Lokal' : LOCATION[record.shelf],
          status,
          acquiredOn,
          price,
        }),
      );
    }
  }
  return items;
}

/**
 * Loans: a returned history from HISTORY_FROM, then loans still out — due later than DEMO_TODAY,
 * or overdue — whose copies are ON_LOAN. One copy is never out twice at once.
 */
function seedLoans(tx: EntityManager, library: DemoLibrary, items: Item[], members: Member[]): Loan[] {
  const faker = demoFaker(`collections:loans:${library.id}`);
  const repo = tx.getRepository(Loan);
  const loans: Loan[] = [];
  const activeFrom = addDays(DEMO_TODAY, -ACTIVE_WINDOW_DAYS);
  const lendable = faker.helpers.shuffle(items.filter((i) => i.status === ItemStatus.AVAILABLE));
  const people = members.filter((m) => m.memberType !== MemberType.INSTITUTION);
  const schools = members.filter((m) => m.memberType === MemberType.INSTITUTION);
  const hour = () => [faker.number.int({ min: 8, max: 15 }), faker.number.int({ min: 0, max: 59 })] as const;

  const add = (item: Item, member: Member, checkoutDate: string, days: number, renewals: number, returnedOn: string | null) => {
    loans.push(
      repo.create({
        id: demoId('loan', library.id, loans.length + 1),
        itemId: item.id,
        memberId: member.id,
        libraryId: library.id,
        checkedOutAt: localInstant(library, checkoutDate, ...hour()),
        dueOn: openDay(addDays(checkoutDate, days * (renewals + 1))),
        returnedAt: returnedOn ? localInstant(library, returnedOn, ...hour()) : null,
        renewals,
      }),
    );
  };

  // History: up to three returned loans per copy, one after another, all before the active window.
  for (const item of lendable.slice(0, 90)) {
    let day = HISTORY_FROM > item.acquiredOn ? HISTORY_FROM : addDays(item.acquiredOn, 7);
    day = addDays(day, faker.number.int({ min: 0, max: 120 }));
    for (let k = faker.number.int({ min: 1, max: 3 }); k > 0; k--) {
      const renewals = faker.helpers.weightedArrayElement([{ weight: 8, value: 0 }, { weight: 2, value: 1 }]);
      // Most come back in time, some a few days late.
      const keptDays = faker.number.int({ min: 3, max: LOAN_DAYS * (renewals + 1) + (faker.number.int(9) === 0 ? 10 : 0) });
      const returnedOn = addDays(day, keptDays);
      if (returnedOn >= addDays(activeFrom, -5)) break;
      const candidates = people.filter((m) => m.joinedOn <= day && (m.status !== MemberStatus.EXPIRED || m.expiresOn >= returnedOn));
      if (candidates.length) add(item, faker.helpers.arrayElement(candidates), day, LOAN_DAYS, renewals, returnedOn);
      day = addDays(returnedOn, faker.number.int({ min: 5, max: 60 }));
    }
  }

  // Still out: every school has four copies for the term, the rest go to individual card holders.
  const out = lendable.filter((i) => i.acquiredOn <= activeFrom).slice(0, 40);
  const borrowers = people.filter((m) => m.status !== MemberStatus.EXPIRED);
  out.forEach((item, k) => {
    if (k < schools.length * 4) {
      add(item, schools[k % schools.length], addDays(DEMO_TODAY, -faker.number.int({ min: 3, max: 40 })), SCHOOL_LOAN_DAYS, 0, null);
    } else {
      const overdue = k % 3 === 0;
      const member = faker.helpers.arrayElement(overdue ? borrowers : borrowers.filter((m) => m.status === MemberStatus.ACTIVE));
      if (overdue) {
        // Due at least two days ago, so a Sunday due date moved to Monday is still in the past.
        add(item, member, addDays(DEMO_TODAY, -faker.number.int({ min: LOAN_DAYS + 2, max: ACTIVE_WINDOW_DAYS })), LOAN_DAYS, 0, null);
      } else {
        const renewed = k % 5 === 1;
        const ago = renewed ? faker.number.int({ min: LOAN_DAYS + 1, max: 2 * LOAN_DAYS - 1 }) : faker.number.int({ min: 1, max: LOAN_DAYS - 1 });
        add(item, member, addDays(DEMO_TODAY, -ago), LOAN_DAYS, renewed ? 1 : 0, null);
      }
    }
    item.status = ItemStatus.ON_LOAN;
  });
  return loans;
}

/** Runs once: a second call finds the first demo record and adds nothing. */
export async function seed(db: DataSource): Promise<SeedSummary> {
  return db.transaction(async (tx) => {
    if (await tx.getRepository(BibliographicRecord).existsBy({ id: demoId('record', 0) })) return {} as SeedSummary;
    const catalogue = demoCatalogue();
    const records = catalogue.map(({ shelf: _shelf, localTo: _localTo, ...r }) => tx.getRepository(BibliographicRecord).create(r));
    await insertAll(tx, BibliographicRecord, records);

    const summary = { bibliographicRecords: records.length, items: 0, members: 0, loans: 0 };
    for (const library of DEMO_LIBRARIES) {
      const members = seedMembers(tx, library);
      const items = seedItems(tx, library, catalogue);
      const loans = seedLoans(tx, library, items, members);
      await insertAll(tx, Member, members);
      await insertAll(tx, Item, items);
      await insertAll(tx, Loan, loans);
      summary.members += members.length;
      summary.items += items.length;
      summary.loans += loans.length;
    }
    return summary;
  });
}
