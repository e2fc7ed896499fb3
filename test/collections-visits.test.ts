import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { isOpenOn } from '../shared/domain/library-calendar';
import { setClock } from '../shared/platform/clock';
import { VisitCorrection } from '../subgraphs/collections/visits/visit-correction.entity';
import { VisitCount } from '../subgraphs/collections/visits/visit-count.entity';
import { demoCalendar } from '../subgraphs/collections/demo/circulation';
import { VISITS_FROM } from '../subgraphs/collections/demo/visits';
import { setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const RECORD = `mutation ($input: RecordVisitsInput!) {
  recordVisits(input: $input) { id date count enteredCount source correctionCount recordedBy recordedByRole recordedByLibrarian { id name } library { id } }
}`;
const CORRECT = `mutation ($input: CorrectVisitsInput!) {
  correctVisits(input: $input) { date count enteredCount correctionCount corrections { sequence previousCount newCount reason correctedBy correctedByRole } }
}`;
const VISITS = `query ($id: ID!, $from: Date!, $to: Date!) {
  library(id: $id) { id visits(from: $from, to: $to) { date count source correctionCount corrections { sequence previousCount newCount reason correctedAt correctedBy correctedByLibrarian { id } } } }
}`;
const TOTALS = `query ($id: ID!, $from: Date!, $to: Date!) {
  library(id: $id) { id visitTotals(from: $from, to: $to) { from to visits daysReported visitsPerDay bySource { key count } byMonth { month visits daysReported visitsPerDay } } }
}`;

/** A day far from the demo's and from every other test's, so that each test has days of its own. */
let dayCounter = 0;
const freshDay = () => {
  dayCounter += 1;
  const d = new Date(Date.UTC(2024, 0, 1 + dayCounter));
  return d.toISOString().slice(0, 10);
};

describe.each(BACKENDS)('daily visits (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const librarian = demoId('librarian', 'kupang', 3);
  const record = (token: string | undefined, input: Record<string, unknown>) =>
    fed.query(RECORD, { token, variables: { input: { libraryId: 'kupang', source: 'GATE_COUNTER', ...input } } });
  const correct = (token: string | undefined, input: Record<string, unknown>) =>
    fed.query(CORRECT, { token, variables: { input: { libraryId: 'kupang', reason: 'Salah hitung', ...input } } });

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: librarian });
    tokens.otherLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 4) });
    tokens.admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.pasuruan = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 0) });
    tokens.baubau = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.superuser = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('demo data', () => {
    it('has a count for every open day of every library since May, none on a closed day, and a few corrections whose history adds up', async () => {
      for (const library of DEMO_LIBRARIES) {
        const calendar = demoCalendar(library);
        const visits = await db.getRepository(VisitCount).findBy({ libraryId: library.id });
        const days = new Set(visits.map((v) => v.visitDate));
        for (let day = VISITS_FROM; day < DEMO_TODAY; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10)) {
          expect([day, days.has(day)]).toEqual([day, isOpenOn(calendar, day)]);
        }
        expect(visits.filter((v) => v.correctionCount > 0).length).toBeGreaterThanOrEqual(3);
        expect(visits.some((v) => v.correctionCount === 2)).toBe(true);
        const sources = new Set<string>(visits.map((v) => v.source));
        expect(sources.has('MANUAL')).toBe(true);
        if (['kupang', 'pasuruan'].includes(library.id)) expect(sources.has('GATE_COUNTER')).toBe(true);
      }
      const corrections = await db.getRepository(VisitCorrection).find({ order: { sequence: 'ASC' } });
      const visits = new Map((await db.getRepository(VisitCount).find()).map((v) => [v.id, v]));
      const byVisit = new Map<string, VisitCorrection[]>();
      for (const c of corrections) byVisit.set(c.visitId, [...(byVisit.get(c.visitId) ?? []), c]);
      for (const [visitId, chain] of byVisit) {
        const visit = visits.get(visitId)!;
        expect(chain[0].previousCount).toBe(visit.enteredCount);
        chain.forEach((c, i) => {
          expect(c.sequence).toBe(i + 1);
          if (i > 0) expect(c.previousCount).toBe(chain[i - 1].newCount);
        });
        expect(visit.count).toBe(chain[chain.length - 1].newCount);
        expect(visit.correctionCount).toBe(chain.length);
      }
    });
  });

  describe('recording a day', () => {
    it("lets the library's librarian enter today's count, in the library's zone, and keeps who entered it", async () => {
      const res = await record(tokens.librarian, { date: '2026-11-02', count: 214 });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordVisits).toMatchObject({
        date: '2026-11-02',
        count: 214,
        enteredCount: 214,
        source: 'GATE_COUNTER',
        correctionCount: 0,
        recordedByRole: 'LIBRARIAN',
        recordedByLibrarian: { id: librarian, name: expect.any(String) },
        library: { id: 'kupang' },
      });
    });

    it("refuses a day that has not begun in the library's own zone, with BAD_USER_INPUT on date", async () => {
      // 00:30 on 4 November in Kupang (WITA) is still 23:30 on 3 November in Pasuruan (WIB).
      setToday('2026-11-04', '00:30', 'Asia/Makassar');
      const kupang = await record(tokens.librarian, { date: '2026-11-04', count: 3 });
      expect(kupang.errors).toBeUndefined();
      const pasuruan = await fed.query(RECORD, { token: tokens.pasuruan, variables: { input: { libraryId: 'pasuruan', date: '2026-11-04', count: 3, source: 'MANUAL' } } });
      expect(codes(pasuruan)).toEqual(['BAD_USER_INPUT']);
      expect(pasuruan.errors![0].extensions!.field).toBe('date');
      expect(await db.getRepository(VisitCount).countBy({ libraryId: 'pasuruan', visitDate: '2026-11-04' })).toBe(0);
      const earlier = await fed.query(RECORD, { token: tokens.pasuruan, variables: { input: { libraryId: 'pasuruan', date: '2026-11-03', count: 3, source: 'MANUAL' } } });
      expect(earlier.errors).toBeUndefined();
    });

    it('refuses a second count for the same day with CONFLICT (reason VISITS_ALREADY_RECORDED), also when both arrive at once', async () => {
      const day = freshDay();
      expect((await record(tokens.librarian, { date: day, count: 100 })).errors).toBeUndefined();
      const again = await record(tokens.admin, { date: day, count: 120, source: 'MANUAL' });
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions!.reason).toBe('VISITS_ALREADY_RECORDED');

      const racing = freshDay();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => record(i % 2 ? tokens.admin : tokens.librarian, { date: racing, count: 50 + i })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions!.reason)).toEqual(Array(7).fill('VISITS_ALREADY_RECORDED'));
      expect(await db.getRepository(VisitCount).countBy({ libraryId: 'kupang', visitDate: racing })).toBe(1);
    });

    it.each([
      ['a negative count', { count: -1 }, 'count'],
      ['an absurd count', { count: 1_000_000 }, 'count'],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_what, input, field) => {
      const day = freshDay();
      const res = await record(tokens.librarian, { date: day, ...input });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(await db.getRepository(VisitCount).countBy({ libraryId: 'kupang', visitDate: day })).toBe(0);
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ["another library's staff", 'baubau', 'FORBIDDEN'],
    ])('refuses %s to enter or correct a count', async (_who, token, code) => {
      const day = freshDay();
      const tok = token ? tokens[token] : undefined;
      expect(codes(await record(tok, { date: day, count: 10 }))).toEqual([code]);
      expect((await record(tokens.librarian, { date: day, count: 10 })).errors).toBeUndefined();
      expect(codes(await correct(tok, { date: day, count: 11 }))).toEqual([code]);
      expect((await db.getRepository(VisitCount).findOneByOrFail({ libraryId: 'kupang', visitDate: day })).count).toBe(10);
    });

    it('lets ADMIN enter and correct any library’s count', async () => {
      const day = freshDay();
      expect((await fed.query(RECORD, { token: tokens.superuser, variables: { input: { libraryId: 'baubau', date: day, count: 40, source: 'MANUAL' } } })).errors).toBeUndefined();
      const fixed = await fed.query(CORRECT, { token: tokens.superuser, variables: { input: { libraryId: 'baubau', date: day, count: 44, reason: 'Rekap ulang' } } });
      expect(fixed.data.correctVisits).toMatchObject({ count: 44, correctionCount: 1 });
    });
  });

  describe('corrections', () => {
    it('keeps every correction — count before and after, reason, who — and the count is the latest', async () => {
      const day = freshDay();
      await record(tokens.librarian, { date: day, count: 180 });
      const first = await correct(tokens.otherLibrarian, { date: day, count: 150, reason: 'Penghitung gerbang menghitung ganda' });
      expect(first.errors).toBeUndefined();
      const second = await correct(tokens.admin, { date: day, count: 162, reason: '  Peserta acara di aula belum dihitung ' });
      expect(second.data.correctVisits).toEqual({
        date: day,
        count: 162,
        enteredCount: 180,
        correctionCount: 2,
        corrections: [
          { sequence: 1, previousCount: 180, newCount: 150, reason: 'Penghitung gerbang menghitung ganda', correctedBy: 'librarian:kupang', correctedByRole: 'LIBRARIAN' },
          { sequence: 2, previousCount: 150, newCount: 162, reason: 'Peserta acara di aula belum dihitung', correctedBy: 'library_admin:kupang', correctedByRole: 'LIBRARY_ADMIN' },
        ],
      });
      const listed = await fed.query(VISITS, { token: tokens.librarian, variables: { id: 'kupang', from: day, to: day } });
      const [visit] = listed.data.library.visits;
      expect(visit.corrections.map((c: any) => c.correctedByLibrarian)).toEqual([{ id: demoId('librarian', 'kupang', 4) }, null]);
    });

    it('loses none of many corrections of one day made at the same moment: all are kept, in a chain, and the count is the last', async () => {
      const day = freshDay();
      await record(tokens.librarian, { date: day, count: 300 });
      const wanted = Array.from({ length: 12 }, (_, i) => 200 + i * 7);
      const results: GraphQLResponse[] = await Promise.all(
        wanted.map((count, i) => correct(i % 2 ? tokens.admin : tokens.otherLibrarian, { date: day, count, reason: `Koreksi ${i + 1}` })),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
      const visit = await db.getRepository(VisitCount).findOneByOrFail({ libraryId: 'kupang', visitDate: day });
      const chain = await db.getRepository(VisitCorrection).find({ where: { visitId: visit.id }, order: { sequence: 'ASC' } });
      expect(chain.map((c) => c.sequence)).toEqual(wanted.map((_, i) => i + 1));
      expect(chain.map((c) => c.newCount).sort()).toEqual([...wanted].sort());
      expect(chain[0].previousCount).toBe(300);
      for (let i = 1; i < chain.length; i++) expect(chain[i].previousCount).toBe(chain[i - 1].newCount);
      expect(visit.count).toBe(chain[chain.length - 1].newCount);
      expect(visit.correctionCount).toBe(wanted.length);
      // each caller was told the state its own correction left
      const told = results.map((r) => r.data.correctVisits.correctionCount).sort((a: number, b: number) => a - b);
      expect(told).toEqual(wanted.map((_, i) => i + 1));
    });

    it('refuses to correct a day without a count (NOT_FOUND), a future day and a short reason (BAD_USER_INPUT)', async () => {
      expect(codes(await correct(tokens.librarian, { date: freshDay(), count: 5 }))).toEqual(['NOT_FOUND']);
      expect(codes(await correct(tokens.librarian, { date: '2026-11-03', count: 5 }))).toEqual(['BAD_USER_INPUT']);
      const day = freshDay();
      await record(tokens.librarian, { date: day, count: 10 });
      const short = await correct(tokens.librarian, { date: day, count: 12, reason: ' x ' });
      expect(codes(short)).toEqual(['BAD_USER_INPUT']);
      expect(short.errors![0].extensions!.field).toBe('reason');
      expect(await db.getRepository(VisitCorrection).countBy({ visitId: (await db.getRepository(VisitCount).findOneByOrFail({ libraryId: 'kupang', visitDate: day })).id })).toBe(
        0,
      );
    });
  });

  describe('reading visits', () => {
    const FROM = '2026-08-01';
    const TO = '2026-10-31';

    it("gives the library's staff the day counts with their corrections", async () => {
      const res = await fed.query(VISITS, { token: tokens.librarian, variables: { id: 'kupang', from: FROM, to: TO } });
      expect(res.errors).toBeUndefined();
      const rows = await db.getRepository(VisitCount).find({ where: { libraryId: 'kupang' }, order: { visitDate: 'ASC' } });
      const inPeriod = rows.filter((r) => r.visitDate >= FROM && r.visitDate <= TO);
      expect(res.data.library.visits.map((v: any) => [v.date, v.count])).toEqual(inPeriod.map((r) => [r.visitDate, r.count]));
      expect(res.data.library.visits.some((v: any) => v.corrections.length > 0)).toBe(true);
    });

    it('gives GOVERNMENT totals — visits, days, per day, by source and month — equal to the day counts, and refuses it the audit detail', async () => {
      const totals = await fed.query(TOTALS, { token: tokens.government, variables: { id: 'pasuruan', from: FROM, to: TO } });
      expect(totals.errors).toBeUndefined();
      const rows = (await db.getRepository(VisitCount).findBy({ libraryId: 'pasuruan' })).filter((r) => r.visitDate >= FROM && r.visitDate <= TO);
      const sum = (rs: VisitCount[]) => rs.reduce((s, r) => s + r.count, 0);
      const t = totals.data.library.visitTotals;
      expect(t).toMatchObject({ from: FROM, to: TO, visits: sum(rows), daysReported: rows.length, visitsPerDay: Math.round((sum(rows) / rows.length) * 100) / 100 });
      expect(t.bySource).toEqual([
        { key: 'GATE_COUNTER', count: sum(rows.filter((r) => r.source === 'GATE_COUNTER')) },
        { key: 'MANUAL', count: sum(rows.filter((r) => r.source === 'MANUAL')) },
      ]);
      expect(t.bySource[1].count).toBeGreaterThan(0); // the week the gate counter was broken
      expect(t.byMonth.map((m: any) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
      expect(t.byMonth.reduce((s: number, m: any) => s + m.visits, 0)).toBe(t.visits);

      const audit = await fed.query(VISITS, { token: tokens.government, variables: { id: 'pasuruan', from: FROM, to: TO } });
      expect(codes(audit)).toEqual(['FORBIDDEN']);
      expect(audit.data.library).toEqual({ id: 'pasuruan', visits: null });
    });

    it('answers no visits per day (null, not 0) for a period in which the library counted no day', async () => {
      const totals = await fed.query(TOTALS, { token: tokens.government, variables: { id: 'pasuruan', from: '2020-01-01', to: '2020-12-31' } });
      expect(totals.errors).toBeUndefined();
      expect(totals.data.library.visitTotals).toMatchObject({ visits: 0, daysReported: 0, visitsPerDay: null, byMonth: [] });
    });

    it('gives GOVERNMENT every library’s totals at the cost of one library', async () => {
      const statements = async (query: string) => {
        const before = fed.subgraphs.collections.queries();
        expect((await fed.query(query, { token: tokens.government })).errors).toBeUndefined();
        return fed.subgraphs.collections.queries() - before;
      };
      const fields = `visitTotals(from: "${FROM}", to: "${TO}") { visits visitsPerDay byMonth { visits } }`;
      expect(await statements(`{ libraries { id ${fields} } }`)).toBe(await statements(`{ library(id: "kupang") { id ${fields} } }`));
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ["another library's staff", 'baubau', 'FORBIDDEN'],
    ])('refuses %s both the day counts and the totals, leaving the library readable', async (_who, token, code) => {
      for (const query of [VISITS, TOTALS]) {
        const res = await fed.query(query, { token: token ? tokens[token] : undefined, variables: { id: 'kupang', from: FROM, to: TO } });
        expect(codes(res)).toEqual([code]);
        expect(res.data.library.id).toBe('kupang');
      }
    });

    it('refuses a period that ends before it starts, and a list of day counts longer than a year, with BAD_USER_INPUT on to', async () => {
      for (const [query, from, to] of [
        [TOTALS, TO, FROM],
        [VISITS, '2025-01-01', '2026-06-30'],
      ]) {
        const res = await fed.query(query, { token: tokens.librarian, variables: { id: 'kupang', from, to } });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe('to');
      }
    });
  });
});
