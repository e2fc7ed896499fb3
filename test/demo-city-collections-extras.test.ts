import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { cityMemberPerson, cityProfile, demandWeight, demoRandom, demoWindow, emailFor, isOpenDay } from '../shared/domain/demo-city';
import { dropDatabase, insertMany, openDatabase, transaction } from '../shared/platform/database';
import { addDays, daysBetween, zonedToUtc } from '../shared/platform/time';
import { SUBGRAPHS } from '../subgraphs';
import { AcquisitionOrderStatus } from '../subgraphs/collections/acquisitions/acquisition-order.entity';
import { PurchaseSuggestionStatus } from '../subgraphs/collections/acquisitions/purchase-suggestion.entity';
import { BibliographicRecord, MaterialType } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { CollectionType, Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { cityAcquisitions } from '../subgraphs/collections/demo/city/acquisitions';
import type { CityCollection } from '../subgraphs/collections/demo/city/context';
import { cityDigital } from '../subgraphs/collections/demo/city/digital';
import { zoneClock } from '../subgraphs/collections/demo/city/extras-helpers';
import { seedCityExtras } from '../subgraphs/collections/demo/city/extras';
import { cityNotices } from '../subgraphs/collections/demo/city/notices';
import { cityVisits } from '../subgraphs/collections/demo/city/visits';
import { Member, MemberStatus, MemberType } from '../subgraphs/collections/members/member.entity';
import { foldName } from '../subgraphs/collections/members/fold-name';
import { NoticeKind, NoticeStatus } from '../subgraphs/collections/notices/circulation-notice.entity';
import { runNotices } from '../subgraphs/collections/notices/job';
import { NoticeChannel } from '../subgraphs/collections/notices/notice-policy.entity';
import { BACKENDS, testConfig } from './helpers/federation';

/**
 * The city demo's later steps (visits, digital, acquisitions, notices) over a collection built
 * here the way the core step builds one: records, copies (most bought years ago, the rest in a few
 * deliveries a year), card holders, two years of loans with some late, and holds.
 */

const LOAD_DAY = '2026-12-06';

function syntheticCollection(libraryId: string, scale: number, loadDay = LOAD_DAY): CityCollection {
  const library = DEMO_LIBRARIES.find((l) => l.id === libraryId)!;
  const profile = cityProfile(libraryId, scale);
  const window = demoWindow(loadDay);
  const rng = demoRandom(`test:city-core:${libraryId}:${scale}`);
  const clock = zoneClock(library.timezone);
  const at = (day: string, minute: number) => clock.at(day, minute);

  const records: BibliographicRecord[] = Array.from({ length: profile.titles }, (_, i) => ({
    id: demoId('test-record', libraryId, i),
    title: `Judul Buku ${libraryId} ${i}`,
    subtitle: null,
    authors: ['Penulis Contoh'],
    publisher: 'Gramedia Pustaka Utama',
    publishedYear: 2010 + (i % 15),
    edition: null,
    isbn: null,
    subjects: [],
    language: 'ind',
    materialType: MaterialType.BOOK,
    ddc: '899.221',
    callNumber: `899.221 PEN j`,
  }));
  const years = [Number(window.from.slice(0, 4)), Number(window.from.slice(0, 4)) + 1, Number(loadDay.slice(0, 4))];
  const deliveries = years.flatMap((y) => ['03-12', '06-09', '09-15', '11-10'].map((md) => `${y}-${md}`)).filter((d) => d < loadDay);
  const items: Item[] = Array.from({ length: profile.copies }, (_, n) => ({
    id: demoId('test-item', libraryId, n),
    barcode: `T${libraryId.slice(0, 3).toUpperCase()}-${String(n + 1).padStart(6, '0')}`,
    recordId: records[n % records.length].id,
    libraryId,
    location: 'Rak Umum',
    collectionType: CollectionType.GENERAL,
    status: ItemStatus.AVAILABLE,
    atLibraryId: null,
    acquiredOn: rng.chance(0.8) ? addDays('2012-01-01', rng.int(0, daysBetween('2012-01-01', window.from) - 1)) : rng.pick(deliveries),
    price: rng.int(70, 300) * 500,
    acquisitionLineId: null,
  }));
  const members: Member[] = Array.from({ length: profile.members }, (_, i) => {
    const person = cityMemberPerson(libraryId, i);
    const joinedOn = rng.chance(0.6) ? addDays(window.from, -rng.int(1, 1500)) : addDays(window.from, rng.int(0, 700));
    const expiresOn = addDays(joinedOn, 365 * rng.int(2, 5));
    return {
      id: demoId('member', libraryId, i),
      cardNumber: `T.${libraryId.slice(0, 3)}.${String(i + 1).padStart(5, '0')}`,
      name: i < 3 ? `Sekolah ${i}` : person.name,
      foldedName: foldName(i < 3 ? `Sekolah ${i}` : person.name),
      email: rng.chance(0.6) ? emailFor(person.name, 'gmail.com', i) : '',
      phone: rng.chance(0.88) ? `08${rng.int(11, 59)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : '',
      memberType: i < 3 ? MemberType.INSTITUTION : rng.pick([MemberType.ADULT, MemberType.STUDENT, MemberType.STUDENT, MemberType.CHILD, MemberType.SENIOR]),
      libraryId,
      partnerId: null,
      joinedOn,
      expiresOn,
      status: rng.chance(0.02) ? MemberStatus.SUSPENDED : expiresOn < loadDay ? MemberStatus.EXPIRED : MemberStatus.ACTIVE,
    };
  });

  const loadStart = at(loadDay, 0).getTime();
  const loans: Loan[] = [];
  const freeAt = new Map<string, number>();
  const perDay = profile.loansPerYear / 300;
  for (let day = window.from; day < loadDay; day = addDays(day, 1)) {
    const n = rng.poisson(perDay * demandWeight(profile, day, loadDay));
    for (let j = 0; j < n; j++) {
      const item = items[rng.int(0, items.length - 1)];
      const member = members[rng.int(3, members.length - 1)];
      const out = at(day, 9 * 60 + rng.int(0, 400)).getTime();
      if (item.acquiredOn > day || (freeAt.get(item.id) ?? 0) > out || member.joinedOn > day) continue;
      const dueOn = addDays(day, 14);
      const late = rng.chance(0.15);
      const backOn = late ? addDays(dueOn, rng.int(1, 35)) : addDays(day, rng.int(1, 14));
      let back: number | null = at(backOn, 9 * 60 + rng.int(0, 400)).getTime();
      if (back >= loadStart || rng.chance(0.01)) back = null;
      freeAt.set(item.id, back ?? Infinity);
      loans.push({
        id: demoId('test-loan', libraryId, loans.length),
        itemId: item.id,
        memberId: member.id,
        libraryId,
        checkedOutAt: new Date(out),
        dueOn,
        returnedAt: back === null ? null : new Date(back),
        renewals: 0,
        finePerDay: 500,
        graceDays: 0,
        fineCap: 20_000,
        daysOverdue: back === null ? 0 : Math.max(0, daysBetween(dueOn, backOn)),
      });
      if (back === null) item.status = ItemStatus.ON_LOAN;
    }
  }

  const holds: Hold[] = [];
  const hold = (k: number, status: HoldStatus, placedOn: string, pickupBy: string | null, closedOn: string | null) => {
    const item = items[(k * 7919) % items.length];
    const member = members[3 + ((k * 31) % (members.length - 3))];
    holds.push({
      id: demoId('test-hold', libraryId, k),
      recordId: item.recordId,
      memberId: member.id,
      pickupLibraryId: libraryId,
      status,
      position: k + 1,
      activeMemberId: [HoldStatus.WAITING, HoldStatus.READY].includes(status) ? member.id : null,
      itemId: status === HoldStatus.WAITING ? null : item.id,
      placedAt: at(placedOn, 10 * 60),
      notNeededAfter: null,
      pickupBy,
      closedAt: closedOn ? at(closedOn, 11 * 60) : null,
    });
  };
  for (let k = 0; k < 12; k++) {
    const placed = addDays(window.from, 30 + k * 50);
    hold(k, HoldStatus.FULFILLED, placed, addDays(placed, 12), addDays(placed, 7));
  }
  for (let k = 12; k < 15; k++) {
    const placed = addDays(window.from, 40 + k * 30);
    hold(k, HoldStatus.EXPIRED, placed, addDays(placed, 12), addDays(placed, 13));
  }
  [0, 1, 2, 4, 6].forEach((ahead, j) => hold(15 + j, HoldStatus.READY, addDays(loadDay, -12), addDays(loadDay, ahead), null));
  for (let k = 20; k < 24; k++) hold(k, HoldStatus.WAITING, addDays(loadDay, -5), null, null);
  return { library, profile, loadDay, window, records, items, members, loans, holds };
}

const inMemory = new Map<string, CityCollection>();
const collection = (libraryId: string, scale = 0.02) => {
  const key = `${libraryId}:${scale}`;
  if (!inMemory.has(key)) inMemory.set(key, syntheticCollection(libraryId, scale));
  return inMemory.get(key)!;
};

/** The full-scale checks run on a quarter of Kupang (four times faster); absolute counts are scaled back. */
const QUARTER = 0.25;

describe('the city extras, generated in memory', () => {
  it('are the same rows every time for the same library, load day and scale', () => {
    for (const id of ['kupang', 'baubau']) {
      const c = collection(id);
      const once = JSON.stringify([cityVisits(c), cityDigital(c), cityAcquisitions(c), cityNotices(c)]);
      expect(JSON.stringify([cityVisits(c), cityDigital(c), cityAcquisitions(c), cityNotices(c)])).toBe(once);
    }
  });

  it('count hundreds of visitors on an average open day (at full scale)', () => {
    const c = collection('kupang', QUARTER);
    const lastYear = cityVisits(c).visits.filter((v) => v.visitDate >= addDays(LOAD_DAY, -365));
    const average = lastYear.reduce((s, v) => s + v.count, 0) / lastYear.length;
    expect(average).toBeGreaterThan(c.profile.visitsPerOpenDay * 0.9);
    expect(average).toBeLessThan(c.profile.visitsPerOpenDay * 1.1);
    // Hundreds on (nearly) every open day: the quietest twentieth of the days still over a hundred at full scale.
    const quiet = lastYear.map((v) => v.count).sort((a, b) => a - b)[Math.floor(lastYear.length / 20)];
    expect(quiet / QUARTER).toBeGreaterThan(100);
  });

  it('keep every digital licence within its seats and turn the rest away', () => {
    const c = collection('kupang', QUARTER);
    const { resources, uses, turnaways } = cityDigital(c);
    expect(uses.length / QUARTER).toBeGreaterThan(20_000);
    expect(turnaways.length).toBeGreaterThan(0);
    for (const r of resources.filter((r) => r.concurrentUsers !== null)) {
      const events = uses
        .filter((u) => u.resourceId === r.id)
        .flatMap((u) => [
          [u.startedAt.getTime(), 1],
          [(u.endedAt ?? u.expiresAt).getTime(), -1],
        ])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let live = 0;
      for (const [, step] of events) expect((live += step)).toBeLessThanOrEqual(r.concurrentUsers!);
    }
  });

  it('write an overdue notice for every late loan whose borrower can be reached', () => {
    const c = collection('kupang', QUARTER);
    const { notices } = cityNotices(c);
    const members = new Map(c.members.map((m) => [m.id, m]));
    const overdue = new Set(notices.filter((n) => n.kind === NoticeKind.OVERDUE).map((n) => n.loanId));
    const late = c.loans.filter(
      (l) => l.dueOn < addDays(LOAD_DAY, -1) && (!l.returnedAt || l.returnedAt.getTime() > zonedToUtc(addDays(l.dueOn, 1), '01:00', c.library.timezone).getTime()),
    );
    const reachable = late.filter((l) => members.get(l.memberId)!.phone || members.get(l.memberId)!.email);
    expect(reachable.length / QUARTER).toBeGreaterThan(1000);
    for (const l of reachable) expect(overdue.has(l.id)).toBe(true);
    const failed = notices.filter((n) => n.status === NoticeStatus.FAILED).length;
    expect(failed / notices.length).toBeGreaterThan(0.005);
    expect(failed / notices.length).toBeLessThan(0.08);
  });
});

describe.each(BACKENDS)('the city extras on %s', (backend) => {
  const config = testConfig(backend);
  const def = SUBGRAPHS.find((s) => s.name === 'collections')!;
  let db: DataSource;
  const summaries: Record<string, Record<string, number>> = {};
  /** Instants as each driver binds them (SQLite keeps TypeORM's UTC text). */
  const bind = (v: unknown) => (v instanceof Date && backend === 'sqlite' ? v.toISOString().replace('T', ' ').slice(0, 23) : v);
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => db.query(sql, params.map(bind));

  beforeAll(async () => {
    db = await openDatabase(config, def);
    for (const library of DEMO_LIBRARIES) {
      const c = collection(library.id);
      summaries[library.id] = await transaction(db, async (tx) => {
        await insertMany(tx, BibliographicRecord, c.records);
        await insertMany(tx, Item, c.items);
        await insertMany(tx, Member, c.members);
        await insertMany(tx, Loan, c.loans);
        await insertMany(tx, Hold, c.holds);
        return seedCityExtras(tx, c);
      });
    }
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(config, def);
  });

  it('counts visitors on every open day of the two years, from the first one, and on no closed day', async () => {
    for (const library of DEMO_LIBRARIES) {
      const c = collection(library.id);
      const rows = await q<{ visitDate: string | Date }>('SELECT visitDate FROM visit_count WHERE libraryId = ? ORDER BY visitDate', [library.id]);
      const days = rows.map((r) => (typeof r.visitDate === 'string' ? r.visitDate : r.visitDate.toISOString().slice(0, 10)));
      const open: string[] = [];
      for (let d = c.window.from; d <= c.window.through; d = addDays(d, 1)) if (isOpenDay(library.id, d)) open.push(d);
      expect(days).toEqual(open);
      expect(days[0] <= addDays(c.window.from, 2)).toBe(true);
    }
  });

  it('keeps each corrected count equal to its last correction', async () => {
    const rows = await q<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM visit_count v JOIN visit_correction c ON c.visitId = v.id AND c.sequence = v.correctionCount WHERE v.count <> c.newCount',
    );
    expect(Number(rows[0].n)).toBe(0);
    const corrected = await q<{ libraryId: string; n: number | string }>('SELECT libraryId, COUNT(*) AS n FROM visit_count WHERE correctionCount > 0 GROUP BY libraryId');
    expect(corrected).toHaveLength(4);
    for (const r of corrected) expect(Number(r.n)).toBeLessThan(20);
  });

  it('shows digital use growing over the two years, with turnaways on licensed e-books and each city’s own manuscripts', async () => {
    const half = zonedToUtc(addDays(LOAD_DAY, -365), '00:00', 'Asia/Jakarta');
    const rows = await q<{ libraryId: string; early: number | string; late: number | string }>(
      'SELECT libraryId, SUM(CASE WHEN startedAt < ? THEN 1 ELSE 0 END) AS early, SUM(CASE WHEN startedAt >= ? THEN 1 ELSE 0 END) AS late FROM digital_use GROUP BY libraryId',
      [half, half],
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Number(r.late)).toBeGreaterThan(Number(r.early) * 1.3);
    expect(Number((await q<{ n: number }>('SELECT COUNT(*) AS n FROM digital_turnaway'))[0].n)).toBeGreaterThan(0);
    const titles = (await q<{ libraryId: string; title: string }>('SELECT libraryId, title FROM digital_resource')).map((r) => `${r.libraryId}: ${r.title}`);
    expect(titles.some((t) => t.startsWith('baubau: Naskah Wolio'))).toBe(true);
    expect(titles.some((t) => t.startsWith('pematang-siantar: Pustaha Laklak'))).toBe(true);
    expect(titles.filter((t) => t.includes('iPusnas'))).toHaveLength(4);
  });

  it('spends most of each past year’s budget, part of this year’s, and never more than the budget', async () => {
    const budgets = await q<{ libraryId: string; year: number; amount: number | string; committed: number | string; spent: number | string }>('SELECT * FROM acquisition_budget');
    for (const library of DEMO_LIBRARIES) {
      const mine = budgets.filter((b) => b.libraryId === library.id).sort((a, b) => a.year - b.year);
      expect(mine.map((b) => b.year)).toEqual([2024, 2025, 2026, 2027]);
      for (const b of mine) expect(Number(b.committed)).toBeLessThanOrEqual(Number(b.amount));
      for (const b of mine.filter((b) => b.year < 2026)) {
        expect(Number(b.spent) / Number(b.amount)).toBeGreaterThanOrEqual(0.7);
        expect(Number(b.spent) / Number(b.amount)).toBeLessThanOrEqual(0.95);
      }
      const current = mine.find((b) => b.year === 2026)!;
      expect(Number(current.spent)).toBeLessThan(Number(current.committed));
      expect(Number(mine.find((b) => b.year === 2027)!.committed)).toBe(0);
    }
  });

  it('links every received order line to as many copies, acquired on the day the order arrived', async () => {
    const lines = await q<{ id: string; copies: number; receivedOn: string | Date; n: number | string; wrongDay: number | string }>(
      `SELECT l.id, l.copies, o.receivedOn, COUNT(i.id) AS n, SUM(CASE WHEN i.acquiredOn <> o.receivedOn THEN 1 ELSE 0 END) AS wrongDay
       FROM acquisition_order_line l JOIN acquisition_order o ON o.id = l.orderId LEFT JOIN item i ON i.acquisitionLineId = l.id
       WHERE o.status = ? GROUP BY l.id, l.copies, o.receivedOn`,
      [AcquisitionOrderStatus.RECEIVED],
    );
    expect(lines.length).toBeGreaterThan(50);
    for (const l of lines) {
      expect(Number(l.n)).toBe(l.copies);
      expect(Number(l.wrongDay)).toBe(0);
    }
    const open = await q<{ libraryId: string }>('SELECT libraryId FROM acquisition_order WHERE status = ? AND orderedOn < ?', [AcquisitionOrderStatus.ORDERED, LOAD_DAY]);
    expect(new Set(open.map((o) => o.libraryId)).size).toBe(4);
  });

  it('has purchase suggestions bought, turned down and still open', async () => {
    const rows = await q<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM purchase_suggestion GROUP BY status');
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(by[PurchaseSuggestionStatus.RECEIVED]).toBeGreaterThan(0);
    expect(by[PurchaseSuggestionStatus.REJECTED]).toBeGreaterThan(0);
    expect(by[PurchaseSuggestionStatus.OPEN]).toBeGreaterThan(0);
    const unlinked = await q<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM purchase_suggestion s LEFT JOIN acquisition_order_line l ON l.suggestionId = s.id WHERE s.status IN ('RECEIVED', 'ORDERED') AND l.id IS NULL",
    );
    expect(Number(unlinked[0].n)).toBe(0);
  });

  it('has an overdue notice for every overdue open loan of a member it can reach, the ones due today still to be sent', async () => {
    const missing = await q<{ id: string }>(
      `SELECT l.id FROM loan l JOIN member m ON m.id = l.memberId
       WHERE l.returnedAt IS NULL AND l.dueOn < ? AND (m.phone <> '' OR m.email <> '')
       AND NOT EXISTS (SELECT 1 FROM circulation_notice n WHERE n.loanId = l.id AND n.kind = 'OVERDUE')`,
      [LOAD_DAY],
    );
    expect(missing).toEqual([]);
    const statuses = await q<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM circulation_notice GROUP BY status');
    const by = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]));
    expect(by[NoticeStatus.SENT]).toBeGreaterThan(by[NoticeStatus.FAILED]);
    expect(by[NoticeStatus.FAILED]).toBeGreaterThan(0);
    expect(by[NoticeStatus.PENDING]).toBeGreaterThan(0);
    const kinds = (await q<{ kind: string }>('SELECT DISTINCT kind FROM circulation_notice')).map((r) => r.kind).sort();
    expect(kinds).toEqual([NoticeKind.DUE_SOON, NoticeKind.HOLD_AVAILABLE, NoticeKind.HOLD_EXPIRING, NoticeKind.OVERDUE].sort());
  });

  it('dates nothing that happened on or after the load day', async () => {
    const start = (tz: string) => zonedToUtc(LOAD_DAY, '00:00', tz);
    for (const library of DEMO_LIBRARIES) {
      const p = [library.id, start(library.timezone)];
      const checks: [string, unknown[]][] = [
        ['SELECT COUNT(*) AS n FROM visit_count WHERE libraryId = ? AND recordedAt >= ?', p],
        ['SELECT COUNT(*) AS n FROM visit_correction c JOIN visit_count v ON v.id = c.visitId WHERE v.libraryId = ? AND c.correctedAt >= ?', p],
        ['SELECT COUNT(*) AS n FROM digital_use WHERE libraryId = ? AND (startedAt >= ? OR endedAt >= ?)', [...p, p[1]]],
        ['SELECT COUNT(*) AS n FROM digital_turnaway WHERE libraryId = ? AND refusedAt >= ?', p],
        [
          'SELECT COUNT(*) AS n FROM acquisition_order WHERE libraryId = ? AND (createdAt >= ? OR orderedOn >= ? OR receivedOn >= ? OR cancelledAt >= ?)',
          [...p, LOAD_DAY, LOAD_DAY, p[1]],
        ],
        ['SELECT COUNT(*) AS n FROM acquisition_budget WHERE libraryId = ? AND updatedAt >= ?', p],
        ['SELECT COUNT(*) AS n FROM purchase_suggestion WHERE libraryId = ? AND (createdAt >= ? OR decidedAt >= ?)', [...p, p[1]]],
        ["SELECT COUNT(*) AS n FROM circulation_notice WHERE libraryId = ? AND status <> 'PENDING' AND (createdAt >= ? OR sentAt >= ?)", [...p, p[1]]],
      ];
      for (const [sql, params] of checks) expect([sql, Number((await q<{ n: number }>(sql, params))[0].n)]).toEqual([sql, 0]);
    }
  });

  it('reports what it inserted, Kupang the largest', () => {
    for (const s of Object.values(summaries)) {
      expect(s.visitCounts).toBeGreaterThan(450);
      expect(s.circulationNotices).toBeGreaterThan(0);
    }
    expect(summaries.kupang.digitalUses).toBeGreaterThan(summaries.baubau.digitalUses);
    expect(summaries.kupang.circulationNotices).toBeGreaterThan(summaries.baubau.circulationNotices);
  });

  it('leaves the notice job nothing to write again on the load day, and its worker sends what is pending', async () => {
    const pending = Number((await q<{ n: number }>("SELECT COUNT(*) AS n FROM circulation_notice WHERE status = 'PENDING'"))[0].n);
    const calendars = { get: async (id: string) => ({ id, timezone: DEMO_LIBRARIES.find((l) => l.id === id)!.timezone, closedWeekdays: [], holidays: [] }) };
    const sent: string[] = [];
    const transports = { available: new Set([NoticeChannel.EMAIL, NoticeChannel.WEBHOOK]), send: async (n: { id: string }) => void sent.push(n.id), close: () => undefined };
    const run = await runNotices({ db, calendars, config, transports, now: zonedToUtc(LOAD_DAY, '09:00', 'Asia/Jakarta') });
    expect(Object.values(run.written).reduce((a, b) => a + b, 0)).toBe(0);
    expect(run.alreadyWritten).toBe(0);
    expect(run.sent).toBe(pending);
    expect(run.failed).toBe(0);
  });
});
