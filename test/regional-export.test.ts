import ExcelJS from 'exceljs';
import { REGIONAL_COLUMNS, REGIONAL_EXPORT_QUERY, cellOf, renderCsv } from '../gateway/reports';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

const FROM = '2026-01-01';
const TO = '2026-10-31';

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

describe('renderCsv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and defuses spreadsheet formulas', () => {
    const csv = renderCsv([{ library: { id: 'x', name: 'Perpustakaan "Kota", Kupang\nNTT', city: '=HYPERLINK("x")', province: 'P' } }]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row] = parseCsv(csv);
    expect(header).toEqual(REGIONAL_COLUMNS);
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
  const viaGraphQL = async (token: string, variables: Record<string, unknown>) => {
    const res = await fed.query(REGIONAL_EXPORT_QUERY, { token, variables });
    expect(res.errors).toBeUndefined();
    return res.data.regionalReport as Record<string, any>[];
  };

  it("gives GOVERNMENT a CSV with a header and one row per library, every figure equal to the query's", async () => {
    const res = await download('csv', `from=${FROM}&to=${TO}`, tokens.government);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('regional-2026-01-01-2026-10-31.csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(REGIONAL_COLUMNS);
    expect(rows.map((r) => r[0]).sort()).toEqual(DEMO_LIBRARIES.map((l) => l.id).sort());
    const expected = await viaGraphQL(tokens.government, { from: FROM, to: TO });
    expect(rows).toEqual(expected.map((row) => REGIONAL_COLUMNS.map((c) => asCsvText(cellOf(row, c)))));
    // Real figures, not an empty shell.
    const loans = REGIONAL_COLUMNS.indexOf('collections.loans');
    expect(rows.some((r) => Number(r[loans]) > 0)).toBe(true);
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
    expect(header).toEqual(REGIONAL_COLUMNS);
    const expected = await viaGraphQL(tokens.government, { from: FROM, to: TO });
    // Empty cells (nulls) come back as holes: compare them as null.
    const normalise = (row: unknown[]) => REGIONAL_COLUMNS.map((_, i) => row[i] ?? null);
    expect(rows.map(normalise)).toEqual(expected.map((row) => REGIONAL_COLUMNS.map((c) => cellOf(row, c))));
  });

  it('answers 404 for another format', async () => {
    expect((await download('pdf' as 'csv', `from=${FROM}&to=${TO}`, tokens.government)).status).toBe(404);
  });
});
