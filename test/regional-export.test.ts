import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import { REGIONAL_COLUMNS, REGIONAL_EXPORT_QUERY, REGIONAL_HEADER, cellOf, joinRegionalRows, regionalColumn, renderCsv } from '../gateway/reports';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

const FROM = '2026-01-01';
const TO = '2026-10-31';
const YEAR = 2026;

/** RFC 4180 parsing: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const asCsvText = (v: string | number | null) => (v == null ? '' : String(v));

// ---- the console's figures, read from its own code (gateway/console/console.js) ------------------

const CONSOLE = fs.readFileSync(path.join(__dirname, '../gateway/console/console.js'), 'utf8');
/** A top-level `const NAME = …;` of console.js, as source. */
function consoleSource(name: string, pattern: RegExp): string {
  const match = pattern.exec(CONSOLE);
  if (!match) throw new Error(`console.js no longer has ${name}: update this test`);
  return match[0];
}
/** A query of console.js (a `const NAME = …` template marked as GraphQL, what persisted/console.json registers), as text. */
const consoleQuery = (name: string) => consoleSource(name, new RegExp(`^const ${name} = (?:/\\* GraphQL \\*/ )?\`([\\s\\S]*?)\`;$`, 'm')).replace(/^[^`]*`|`;$/g, '');
/** The console's table columns, its charts and its parts, evaluated as the page does (they hold only arrow functions). */
const consoleFigures = vm.runInNewContext(
  [
    consoleSource('perThousand', /^const perThousand = .*;$/m),
    consoleSource('COLUMNS', /^const COLUMNS = \[[\s\S]*?^\];$/m),
    consoleSource('PARTS', /^const PARTS = \[[\s\S]*?^\];$/m),
    consoleSource('CHARTS', /^const CHARTS = \[[\s\S]*?^\];$/m),
    '({ COLUMNS, PARTS, CHARTS })',
  ].join('\n'),
) as {
  COLUMNS: { label: string; kind: string; head?: boolean; get: (row: any) => any }[];
  PARTS: [string, (row: any) => any][];
  CHARTS: { canvas: string; value: (month: any) => any }[];
};

/** One figure the console shows, per library; `key` when the console reads it straight from a field. */
interface ConsoleFigure {
  name: string;
  key?: string;
  values: Record<string, unknown>;
}

/** `(r) => r.collections?.loans` → `collections.loans`; a computed figure has no key. */
const keyOf = (get: (row: any) => any) => {
  const match = /^\(r\) => r\.(\w+)(?:\?\.(\w+))?$/.exec(get.toString());
  return match ? [match[1], match[2]].filter(Boolean).join('.') : undefined;
};

/** The same figure as the export writes it in a CSV: empty for nothing recorded, lists joined with ";". */
const asCell = (value: unknown): string | number => (value == null ? '' : Array.isArray(value) ? value.join(';') : (value as string | number));
const sameCell = (shown: unknown, cell: string) => {
  const expected = asCell(shown);
  if (typeof expected === 'number') return cell !== '' && Math.abs(Number(cell) - expected) <= 0.005;
  return cell === expected;
};

describe('renderCsv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and defuses spreadsheet formulas', () => {
    const csv = renderCsv([{ library: { id: 'x', name: 'Perpustakaan "Kota", Kupang\nNTT', city: '=HYPERLINK("x")', province: 'P' } }]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row] = parseCsv(csv);
    expect(header).toEqual(REGIONAL_HEADER);
    expect(row[1]).toBe('Perpustakaan "Kota", Kupang\nNTT');
    expect(row[2]).toBe(`'=HYPERLINK("x")`);
    expect(csv).toContain('"Perpustakaan ""Kota"", Kupang\nNTT"');
  });
});

describe.each(BACKENDS)('GET /reports/regional.csv and .xlsx (%s)', (backend) => {
  let fed: Federation;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fed = await startFederation(backend);
    base = fed.gateway.url.replace(/\/graphql$/, '');
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 3) });
  });
  afterAll(() => fed?.stop());

  const download = (format: 'csv' | 'xlsx', query: string, token?: string) =>
    fetch(`${base}/reports/regional.${format}?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** The same report through GraphQL, as a client would ask it. */
  const viaGraphQL = async (token: string, variables: { from: string; to: string; year: number; province?: string }) => {
    const res = await fed.query(REGIONAL_EXPORT_QUERY, { token, variables });
    expect(res.errors).toBeUndefined();
    return joinRegionalRows(res.data, variables.year);
  };

  it("gives GOVERNMENT a CSV with a header and one row per library, every figure equal to the query's", async () => {
    const res = await download('csv', `from=${FROM}&to=${TO}`, tokens.government);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('regional-2026-01-01-2026-10-31.csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(REGIONAL_HEADER);
    expect(rows.map((r) => r[0]).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    const expected = await viaGraphQL(tokens.government, { from: FROM, to: TO, year: YEAR });
    expect(rows).toEqual(expected.map((row) => REGIONAL_COLUMNS.map((c) => asCsvText(cellOf(row, c)))));
    // Real figures, not an empty shell: loans in the period, in a month, and a literacy index.
    for (const key of ['collections.loans', 'trend.months.4.collections.loans', 'literacy.index']) {
      const column = header.indexOf(regionalColumn(key).label);
      expect(rows.some((r) => Number(r[column]) > 0)).toBe(true);
    }
  });

  it('filters by province and serves ADMIN too', async () => {
    const res = await download('csv', `from=${FROM}&to=${TO}&province=${encodeURIComponent('Jawa Timur')}`, tokens.admin);
    expect(res.status).toBe(200);
    const [, ...rows] = parseCsv(await res.text());
    expect(rows.map((r) => r[0])).toEqual(['pasuruan']);
  });

  it('answers 401 without a token or with a forged one, 403 for a library admin or a member', async () => {
    expect((await download('csv', `from=${FROM}&to=${TO}`)).status).toBe(401);
    expect((await download('csv', `from=${FROM}&to=${TO}`, `${tokens.government}x`)).status).toBe(401);
    const refused = await download('csv', `from=${FROM}&to=${TO}`, tokens.kupangAdmin);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await download('xlsx', `from=${FROM}&to=${TO}`, tokens.member)).status).toBe(403);
  });

  it('answers 400 with the field for a missing date, a backwards period, a period over 366 days and an unknown province', async () => {
    const cases: [string, string][] = [
      [`to=${TO}`, 'from'],
      [`from=2026-05-01&to=2026-04-30`, 'to'],
      [`from=2025-01-01&to=2026-01-02`, 'to'],
      [`from=${FROM}&to=${TO}&province=Atlantis`, 'province'],
      [`from=${FROM}&to=${TO}&year=26`, 'year'],
      [`from=${FROM}&to=${TO}&year=1999`, 'year'],
    ];
    for (const [query, field] of cases) {
      const res = await download('csv', query, tokens.government);
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const notADate = await download('csv', `from=2026-13-01&to=${TO}`, tokens.government);
    expect(notADate.status).toBe(400);
    expect(((await notADate.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it("gives GOVERNMENT an .xlsx workbook with the query's figures", async () => {
    const res = await download('xlsx', `from=${FROM}&to=${TO}`, tokens.government);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const sheet = workbook.getWorksheet('Regional report')!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r: any) => (r as unknown[]).slice(1));
    const [header, ...rows] = values;
    expect(header).toEqual(REGIONAL_HEADER);
    const expected = await viaGraphQL(tokens.government, { from: FROM, to: TO, year: YEAR });
    // Empty cells (nulls) come back as holes: compare them as null.
    const normalise = (row: unknown[]) => REGIONAL_COLUMNS.map((_, i) => row[i] ?? null);
    expect(rows.map(normalise)).toEqual(expected.map((row) => REGIONAL_COLUMNS.map((c) => cellOf(row, c))));
  });

  it('carries every figure the console shows for a city and year, under a header a person reads', async () => {
    const byLibrary = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.libraryId, r]));
    const run = async (name: string, variables: Record<string, unknown>) => {
      const res = await fed.query(consoleQuery(name), { token: tokens.government, variables });
      expect(res.errors).toBeUndefined();
      return Object.values(res.data)[0] as any[];
    };
    const report = byLibrary(await run('REPORT_QUERY', { from: FROM, to: TO }));
    const trends = byLibrary(await run('TRENDS_QUERY', { year: YEAR }));
    const literacy = byLibrary(await run('LITERACY_QUERY', { year: YEAR }));
    const ids = Object.keys(report).sort();
    const per = (read: (id: string) => unknown) => Object.fromEntries(ids.map((id) => [id, read(id)]));

    const figures: ConsoleFigure[] = [];
    // The table, its coverage tooltip (every part's data range) …
    for (const column of consoleFigures.COLUMNS.filter((c) => !c.head)) {
      if (column.kind === 'coverage') continue;
      figures.push({ name: column.label, key: keyOf(column.get), values: per((id) => column.get(report[id])) });
    }
    for (const [name, part] of consoleFigures.PARTS) {
      for (const end of ['from', 'through']) figures.push({ name: `${name}: data recorded ${end}`, values: per((id) => part(report[id])?.coverage?.[end]) });
    }
    // … the monthly charts …
    const months = trends[ids[0]].months.length;
    expect(months).toBe(12);
    for (const chart of consoleFigures.CHARTS) {
      for (let m = 0; m < months; m++) figures.push({ name: `${chart.canvas}, month ${m + 1}`, values: per((id) => chart.value(trends[id].months[m])) });
    }
    // … and the literacy index with its elements and, in their tooltips, the figures behind them.
    for (const field of ['index', 'bandLabel', 'missingElements']) figures.push({ name: `literacy ${field}`, values: per((id) => literacy[id][field]) });
    for (const element of literacy[ids[0]].elements) {
      const elementOf = (id: string) => literacy[id].elements.find((e: any) => e.code === element.code);
      figures.push({ name: `${element.code} value`, values: per((id) => elementOf(id).value) });
      figures.push({ name: `${element.code} reason`, values: per((id) => elementOf(id).reason) });
      for (const figure of element.figures) {
        figures.push({ name: `${element.code} ${figure.name}`, values: per((id) => elementOf(id).figures.find((f: any) => f.name === figure.name).value) });
      }
    }
    expect(figures.length).toBeGreaterThan(60);

    const res = await download('csv', `from=${FROM}&to=${TO}`, tokens.government);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text());
    const rowOf = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(Object.keys(rowOf).sort()).toEqual(ids);
    const matches = (figure: ConsoleFigure, column: number) => ids.every((id) => sameCell(figure.values[id], rowOf[id][column]));
    const missing: string[] = [];
    for (const figure of figures) {
      if (figure.key) {
        // Read straight from a field: that field's own column carries it.
        const column = header.indexOf(regionalColumn(figure.key).label);
        if (column < 0 || !matches(figure, column)) missing.push(`${figure.name} (${figure.key})`);
      } else if (!header.some((_, column) => matches(figure, column))) missing.push(figure.name);
    }
    expect(missing).toEqual([]);

    // Headers for people: words with the unit in brackets for numbers, no GraphQL paths or camelCase.
    for (const [i, label] of header.entries()) {
      expect(label).toMatch(/^[A-Z]/);
      expect(label).not.toMatch(/[a-z][A-Z]|\w\.\w/);
      if (rows.some((r) => r[i] !== '' && !Number.isNaN(Number(r[i])))) expect(label).toMatch(/\(.+\)/);
    }
    expect(new Set(header).size).toBe(header.length);
  });

  it('answers 404 for another format', async () => {
    expect((await download('pdf' as 'csv', `from=${FROM}&to=${TO}`, tokens.government)).status).toBe(404);
  });
});
