import ExcelJS from 'exceljs';
import { DEMO_LIBRARIES, DEMO_TODAY } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { rawDate, rawInstant } from '../shared/platform/database';
import { addDays, localDate } from '../shared/platform/time';
import { REGIONAL_HEADER, regionalColumn } from '../gateway/reports';
import { setToday } from './helpers/collections';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

/**
 * Missing is never zero: a figure nothing was recorded for reads null (through GraphQL, the
 * trends and the exports), a real zero reads 0, and every part says from which day to which day
 * its figures are recorded. On the fixture data, whose day is DEMO_TODAY: visitor counts begin on
 * 1 May 2026, so February has none — the test enters a count of 0 for Kupang on a February day,
 * which makes Kupang's February a real zero and leaves the other cities' February unrecorded.
 */

const YEAR = 2026;
const ZERO_DAY = '2026-02-10';
const YESTERDAY = addDays(DEMO_TODAY, -1);
const COVERAGE = 'coverage { from through }';

const TRENDS = `query ($year: Int!) {
  regionalTrends(year: $year) {
    libraryId
    months { from collections { loans visits visitsPerDay overdueRate ${COVERAGE} } events { events attendance attendanceRate ${COVERAGE} } staff { trainingHours } partnerships { fundingReceived activeAgreements } }
  }
}`;

const REPORT = `query ($from: Date!, $to: Date!) {
  regionalReport(from: $from, to: $to) {
    libraryId
    staff { librarians trainedLibrarians trainedPercent trainingHours ${COVERAGE} }
    collections { titles loans activeMembers overdueRate loansPerCapita visits visitsPerDay ${COVERAGE} }
    events { events eventsByType { key count } registrations attendance ${COVERAGE} }
    partnerships { activePartners partnersByKind { key count } schoolVisits fundingReceived ${COVERAGE} }
  }
}`;

/** RFC 4180 records (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      records[records.length - 1].push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records[records.length - 1].push(field);
      records.push([]);
      field = '';
      i++;
    } else field += c;
  }
  return records.filter((r) => r.length);
}

describe.each(BACKENDS)('figures that were not recorded read null, not 0 (%s)', (backend) => {
  let fed: Federation;
  let government: string;
  const byLibrary = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.libraryId, r]));

  beforeAll(async () => {
    fed = await startFederation(backend);
    government = await fed.token({ role: 'GOVERNMENT' });
    setToday(DEMO_TODAY);
    // Kupang counted its visitors on a February day and nobody came: a real zero.
    const res = await fed.query(`mutation { recordVisits(input: { libraryId: "kupang", date: "${ZERO_DAY}", count: 0, source: MANUAL }) { count } }`, {
      token: await fed.token({ role: 'ADMIN' }),
    });
    expect(res.errors).toBeUndefined();
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  const ask = async (query: string, variables: Record<string, unknown>) => {
    const res = await fed.query(query, { token: government, variables });
    expect(res.errors).toBeUndefined();
    return res.data;
  };

  describe('regionalTrends', () => {
    let months: Record<string, any[]>;
    beforeAll(async () => {
      const data = await ask(TRENDS, { year: YEAR });
      months = Object.fromEntries(data.regionalTrends.map((t: any) => [t.libraryId, t.months]));
    });

    it('gives a month in which no visitor count was entered no visits (null), and a month with a count of 0 zero visits', () => {
      const february = 1;
      expect(months.kupang[february].collections).toMatchObject({ visits: 0, visitsPerDay: 0 });
      for (const id of ['baubau', 'pasuruan', 'pematang-siantar']) {
        expect(months[id][february].collections).toMatchObject({ visits: null, visitsPerDay: null });
      }
      // From May, every city counted.
      for (const id of Object.keys(months)) expect(months[id][4].collections.visits).toBeGreaterThan(0);
    });

    it('gives the months of the current year still ahead no loans, visits, attendance, training hours nor funding (null), while agreements already in force count', () => {
      const december = 11;
      for (const id of Object.keys(months)) {
        const month = months[id][december];
        expect(month.from).toBe(`${YEAR}-12-01`);
        expect(month.collections).toMatchObject({ loans: null, visits: null, visitsPerDay: null, overdueRate: null });
        expect(month.events).toMatchObject({ attendance: null, attendanceRate: null });
        expect(month.staff.trainingHours).toBeNull();
        expect(month.partnerships.fundingReceived).toBeNull();
        expect(typeof month.partnerships.activeAgreements).toBe('number');
      }
      // The month of today has happened in part: its loans are counted.
      for (const id of Object.keys(months)) expect(typeof months[id][10].collections.loans).toBe('number');
    });
  });

  it("says from which day to which day each library's figures are recorded: its first loan or visitor count to yesterday", async () => {
    const data = await ask(REPORT, { from: `${YEAR}-01-01`, to: DEMO_TODAY });
    const db = fed.subgraphs.collections.db;
    for (const row of data.regionalReport) {
      const zone = DEMO_LIBRARIES.find((l) => l.id === row.libraryId)!.timezone;
      const [loan] = await db.query('SELECT MIN(checkedOutAt) AS first FROM loan WHERE libraryId = ?', [row.libraryId]);
      const [visit] = await db.query('SELECT MIN(visitDate) AS first FROM visit_count WHERE libraryId = ?', [row.libraryId]);
      const first = [localDate(rawInstant(loan.first), zone), rawDate(visit.first)].sort()[0];
      expect(row.collections.coverage).toEqual({ from: first, through: YESTERDAY });
      for (const part of ['staff', 'events', 'partnerships']) {
        expect(row[part].coverage.through).toBe(YESTERDAY);
        expect(row[part].coverage.from < YESTERDAY).toBe(true);
      }
    }
    // Kupang's first count is now the zero in February, before the demo's counts began.
    expect(byLibrary(data.regionalReport).kupang.collections.coverage.from <= ZERO_DAY).toBe(true);
  });

  it("gives a period before any library's records began nulls for what happens in it, and keeps what is held (titles, librarians)", async () => {
    const data = await ask(REPORT, { from: '2001-01-01', to: '2001-12-31' });
    for (const row of data.regionalReport) {
      expect(row.collections).toMatchObject({ loans: null, activeMembers: null, overdueRate: null, loansPerCapita: null, visits: null, visitsPerDay: null });
      expect(typeof row.collections.titles).toBe('number');
      expect(row.events).toMatchObject({ events: null, eventsByType: [], registrations: null, attendance: null });
      expect(row.staff).toMatchObject({ trainedLibrarians: null, trainedPercent: null, trainingHours: null });
      expect(row.staff.librarians).toBeGreaterThan(0);
      expect(row.partnerships).toMatchObject({ activePartners: null, partnersByKind: [], schoolVisits: null, fundingReceived: null });
      // The coverage does not depend on the period asked.
      expect(row.collections.coverage.through).toBe(YESTERDAY);
    }
  });

  it('gives a year without visitor counts no visits in the literacy index (null) and says UPLM4 is missing', async () => {
    const data = await ask('query ($year: Int!) { literacyIndex(year: $year) { libraryId missingElements elements { code missing figures { name value } } } }', { year: 2025 });
    for (const row of data.literacyIndex) {
      expect(row.missingElements).toContain('UPLM4');
      const uplm4 = row.elements.find((e: any) => e.code === 'UPLM4');
      expect(uplm4.figures.find((f: any) => f.name === 'visits').value).toBeNull();
    }
  });

  describe('the exports', () => {
    const FROM = `${YEAR}-02-01`;
    const TO = `${YEAR}-02-28`;
    const download = (format: 'csv' | 'xlsx') =>
      fetch(`${fed.gateway.url.replace(/\/graphql$/, '')}/reports/regional.${format}?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${government}` } });

    it('leave the cell of a figure nothing was recorded for empty in the CSV, and write a real zero as 0', async () => {
      const res = await download('csv');
      expect(res.status).toBe(200);
      const [header, ...rows] = parseCsv(await res.text());
      expect(header).toEqual(REGIONAL_HEADER);
      const visits = header.indexOf(regionalColumn('collections.visits').label);
      const cell = (id: string, column: number) => rows.find((r) => r[0] === id)![column];
      expect(cell('kupang', visits)).toBe('0');
      expect(cell('baubau', visits)).toBe('');
      expect(cell('pasuruan', visits)).toBe('');
      expect(cell('kupang', header.indexOf(regionalColumn('collections.coverage.through').label))).toBe(YESTERDAY);
    });

    it('leave it empty in the XLSX too', async () => {
      const res = await download('xlsx');
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const sheet = workbook.getWorksheet('Regional report')!;
      const column = REGIONAL_HEADER.indexOf(regionalColumn('collections.visits').label) + 1;
      const rowOf = (id: string) => {
        for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === id) return sheet.getRow(r);
        throw new Error(`no row ${id}`);
      };
      expect(rowOf('kupang').getCell(column).value).toBe(0);
      expect(rowOf('baubau').getCell(column).value).toBeNull();
    });
  });
});
