import type { ApolloServer } from '@apollo/server';
import { Router, type Response } from 'express';
import { identityFromAuthorization, signInternalToken, type Identity } from '../shared/platform/auth';
import type { Config } from '../shared/platform/config';
import type { Logger } from '../shared/platform/logger';
import { oidcVerifier } from '../shared/platform/oidc';
import { LITERACY_ELEMENTS, type LiteracyElementCode } from '../shared/domain/literacy';
import { isCalendarDate } from '../shared/platform/scalars';

/**
 * The regional report as files for the government console: `GET /reports/regional.csv`
 * and `GET /reports/regional.xlsx`, `?from=YYYY-MM-DD&to=YYYY-MM-DD[&year=YYYY][&province=…]`, for
 * GOVERNMENT and ADMIN bearer tokens. They carry every figure the console shows for the period and
 * the year (by default from's year): `Query.regionalReport`'s figures, the monthly loans, visits and
 * event attendance of `Query.regionalTrends`, and the literacy index of `Query.literacyIndex` with
 * its elements and the figures behind them; headers are for people ("Loans (checkouts)"), the
 * "Columns" sheet of the XLSX names each one's GraphQL path. The export runs those very queries
 * through the gateway's own ApolloServer (`executeOperation`, the caller's identity in the
 * context), so it goes through the same plan, subgraphs and checks as a client's request.
 */

/** Who may download the export (a LIBRARY_ADMIN reads their own row through GraphQL instead). */
const EXPORT_ROLES = ['GOVERNMENT', 'ADMIN'];

/** A column of the export: its human header (with the unit), the GraphQL path it reads, or a computed value. */
export interface RegionalColumn {
  /** The figure's path in the joined row (the report row, its `trend` and its `literacy`), e.g. `collections.loans`: stable, for machines. */
  key: string;
  /** The header a person reads, with the unit: "Loans (checkouts)". */
  label: string;
  /** Reads the figure when it is not simply at `key` (computed, or found by code in a list); null when there is none. */
  read?: (row: RegionalExportRow) => unknown;
}

/** One library's row: its regionalReport row, with its regionalTrends row and literacyIndex row of the year. */
export type RegionalExportRow = Record<string, unknown> & { trend?: Record<string, unknown> | null; literacy?: Record<string, unknown> | null };

type Part = 'staff' | 'collections' | 'events' | 'partnerships';
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * The console's "Loans per 1,000" (loansPerCapita is rounded and reads 0 for a city's few loans):
 * collections.loans × 1000 / population, two decimals.
 */
function loansPer1000(row: RegionalExportRow): number | null {
  const loans = (row.collections as { loans?: number | null } | null)?.loans;
  const population = row.population as number | null;
  return loans == null || !population ? null : round((1000 * loans) / population, 2);
}

/**
 * A part's figures in export order: field → header, and how to compute the figures that are not a
 * field (the part's data range comes last, as two date columns).
 */
const FIGURES: Record<Part, [field: string, label: string, read?: (row: RegionalExportRow) => unknown][]> = {
  staff: [
    ['librarians', 'Librarians (people)'],
    ['trainedLibrarians', 'Librarians trained in the period (people)'],
    ['trainedPercent', 'Librarians trained (%)'],
    ['trainingHours', 'Training hours (JP, lesson hours)'],
    ['trainingHoursPerLibrarian', 'Training hours per librarian (JP)'],
    ['averageTrainingRating', 'Average training rating (1–5)'],
  ],
  collections: [
    ['titles', 'Titles held (titles)'],
    ['items', 'Copies held (copies)'],
    ['members', 'Members (card holders)'],
    ['activeMembers', 'Active members (card holders who borrowed)'],
    ['loans', 'Loans (checkouts)'],
    ['returns', 'Returns (copies)'],
    ['holdsPlaced', 'Holds placed (holds)'],
    ['loansPerCapita', 'Loans per inhabitant (checkouts)'],
    ['loansPer1000', 'Loans per 1,000 inhabitants (checkouts)', loansPer1000],
    ['overdueRate', 'Overdue rate (share of loans due, 0–1)'],
    ['finesCharged', 'Fines charged (IDR)'],
    ['finesPaid', 'Fines paid (IDR)'],
    ['visits', 'Visits (visitors)'],
    ['visitsPerDay', 'Visits per counted day (visitors)'],
  ],
  events: [
    ['events', 'Events (events)'],
    ['eventsByType', 'Events by type (TYPE:events; …)'],
    ['eventsByAudience', 'Events by audience (AUDIENCE:events; …)'],
    ['registrations', 'Event registrations (people)'],
    ['attendance', 'Event attendance (people)'],
    ['walkIns', 'Event walk-ins (people)'],
    ['noShows', 'Event no-shows (people)'],
    ['attendanceRate', 'Event attendance rate (share of registrants, 0–1)'],
    ['ratings', 'Event ratings (ratings)'],
    ['averageRating', 'Average event rating (1–5)'],
    ['satisfactionResponses', 'Satisfaction survey responses (responses)'],
    ['satisfactionScore', 'Satisfaction score (1–5)'],
  ],
  partnerships: [
    ['activePartners', 'Active partners (partners)'],
    ['partnersByKind', 'Active partners by kind (KIND:partners; …)'],
    ['activeAgreements', 'Agreements in force (agreements)'],
    ['schoolVisits', 'School visits (visits)'],
    ['studentsReached', 'Students reached (students)'],
    ['copiesLentToSchools', 'Copies lent to schools (copies)'],
    ['internsHosted', 'Interns hosted (interns)'],
    ['fundingReceived', 'Funding received (IDR)'],
  ],
};
const PART_NAMES: Record<Part, string> = { staff: 'Staff', collections: 'Collections', events: 'Events', partnerships: 'Partnerships' };
const KEY_COUNT_FIELDS = new Set(['eventsByType', 'eventsByAudience', 'partnersByKind']);
/** From which day to which day the part's figures are recorded: two columns, `<part>.coverage.from` and `.through`. */
const COVERAGE_FIELDS = ['from', 'through'];

const selection = (part: Part) =>
  [...FIGURES[part].filter(([, , read]) => !read).map(([f]) => (KEY_COUNT_FIELDS.has(f) ? `${f} { key count }` : f)), `coverage { ${COVERAGE_FIELDS.join(' ')} }`].join(' ');
const partColumns = (part: Part): RegionalColumn[] => [
  ...FIGURES[part].map(([field, label, read]) => ({ key: `${part}.${field}`, label, ...(read ? { read } : {}) })),
  { key: `${part}.coverage.from`, label: `${PART_NAMES[part]} data recorded from (date)` },
  { key: `${part}.coverage.through`, label: `${PART_NAMES[part]} data recorded through (date)` },
];

/** The console's monthly charts (regionalTrends): per month of the year, these figures. */
const MONTHLY: [path: string, label: string][] = [
  ['collections.loans', 'Loans in {month} (checkouts)'],
  ['collections.visits', 'Visits in {month} (visitors)'],
  ['events.attendance', 'Event attendance in {month} (people)'],
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The literacy index's elements and the figures behind each (as shared/domain/literacy.ts computes
 * them; the population is the row's own Population column). test/regional-export.test.ts checks
 * that every figure the literacy index answers has its column here.
 */
const LITERACY_FIGURES: Record<LiteracyElementCode, [name: string, label: string][]> = {
  UPLM1: [['libraries', 'libraries (service points)']],
  UPLM2: [
    ['copies', 'copies held (copies)'],
    ['titles', 'titles held (titles)'],
  ],
  UPLM3: [['librarians', 'librarians (people)']],
  UPLM4: [
    ['visits', 'visits in the year (visitors)'],
    ['daysCounted', 'days with a visitor count (days)'],
    ['visitsPerDay', 'visits per counted day (visitors)'],
  ],
  UPLM5: [
    ['accreditationYear', 'accreditation year (year)'],
    ['meetsStandard', 'meets the national standard (1 yes, 0 no)'],
    ['libraries', 'libraries (service points)'],
  ],
  UPLM6: [
    ['events', 'events in the year (events)'],
    ['participants', 'participants (people)'],
  ],
  UPLM7: [['members', 'members (card holders)']],
};
/** "service coverage" from "Pemerataan layanan perpustakaan (service coverage)". */
const glossOf = (name: string) => /\(([^)]+)\)\s*$/.exec(name)?.[1] ?? name;
interface LiteracyElementAnswer {
  code: string;
  value: number | null;
  reason: string | null;
  figures: { name: string; value: number | null }[];
}
const elementOf = (row: RegionalExportRow, code: string) => ((row.literacy?.elements ?? []) as LiteracyElementAnswer[]).find((e) => e.code === code);
const figureOf = (row: RegionalExportRow, code: string, figure: string) => elementOf(row, code)?.figures.find((f) => f.name === figure)?.value;

const literacyColumns = (): RegionalColumn[] => [
  { key: 'literacy.index', label: 'Literacy index IPLM of the year (0–100)' },
  { key: 'literacy.bandLabel', label: 'Literacy index band' },
  { key: 'literacy.missingElements', label: 'Literacy elements missing (codes)' },
  ...LITERACY_ELEMENTS.flatMap(({ code, name }): RegionalColumn[] => [
    { key: `literacy.elements.${code}.value`, label: `${code} ${glossOf(name)}: score (0–100)`, read: (row) => elementOf(row, code)?.value },
    { key: `literacy.elements.${code}.reason`, label: `${code} ${glossOf(name)}: why missing`, read: (row) => elementOf(row, code)?.reason },
    ...[...LITERACY_FIGURES[code], ['ratio', 'ratio (against the standard)'], ['standard', 'standard (the ratio that scores 100)']].map(([figure, label]) => ({
      key: `literacy.elements.${code}.figures.${figure}`,
      label: `${code} ${label}`,
      read: (row: RegionalExportRow) => figureOf(row, code, figure),
    })),
  ]),
];

/** The query the export runs: exactly the figures of the columns below. */
export const REGIONAL_EXPORT_QUERY = `query RegionalExport($from: Date!, $to: Date!, $year: Int!, $province: String) {
  regionalReport(from: $from, to: $to, province: $province) {
    libraryId from to population
    library { id name city province }
    staff { ${selection('staff')} }
    collections { ${selection('collections')} }
    events { ${selection('events')} }
    partnerships { ${selection('partnerships')} }
  }
  regionalTrends(year: $year, province: $province) {
    libraryId
    months { from to collections { loans visits } events { attendance } }
  }
  literacyIndex(year: $year, province: $province) {
    libraryId year index bandLabel missingElements
    elements { code value reason figures { name value } }
  }
}`;

type Cell = string | number | null;

/** The columns, in order: a header a person reads (with the unit) and the figure's key. */
export const REGIONAL_COLUMNS: RegionalColumn[] = [
  { key: 'library.id', label: 'Library ID' },
  { key: 'library.name', label: 'Library' },
  { key: 'library.city', label: 'City' },
  { key: 'library.province', label: 'Province' },
  { key: 'population', label: 'Population (inhabitants)' },
  { key: 'from', label: 'Period from (date)' },
  { key: 'to', label: 'Period to (date)' },
  ...partColumns('staff'),
  ...partColumns('collections'),
  ...partColumns('events'),
  ...partColumns('partnerships'),
  { key: 'year', label: 'Year of the monthly figures and the literacy index (year)' },
  ...MONTHLY.flatMap(([path, label]) => MONTHS.map((month, i) => ({ key: `trend.months.${i}.${path}`, label: label.replace('{month}', month) }))),
  ...literacyColumns(),
];

/** The header row. */
export const REGIONAL_HEADER = REGIONAL_COLUMNS.map((c) => c.label);

/** The column of a key (`collections.visits`), for readers that look a figure up. */
export const regionalColumn = (key: string): RegionalColumn => {
  const column = REGIONAL_COLUMNS.find((c) => c.key === key);
  if (!column) throw new Error(`No export column ${key}`);
  return column;
};

/**
 * A row's value in a column; key counts become "KEY:count;KEY:count", lists "A;B". A figure that
 * was not recorded (null) is an empty cell in both formats, never 0.
 */
export function cellOf(row: RegionalExportRow, column: RegionalColumn): Cell {
  const value = column.read ? column.read(row) : column.key.split('.').reduce<unknown>((v, key) => (v == null ? null : (v as Record<string, unknown>)[key]), row);
  if (value == null) return null;
  if (Array.isArray(value)) return value.map((v: string | { key: string; count: number }) => (typeof v === 'string' ? v : `${v.key}:${v.count}`)).join(';');
  return value as string | number;
}

/** The export's rows: each regionalReport row with its library's trend and literacy rows of `year`. */
export function joinRegionalRows(
  data: { regionalReport: Record<string, unknown>[]; regionalTrends?: Record<string, unknown>[] | null; literacyIndex?: Record<string, unknown>[] | null },
  year: number,
): RegionalExportRow[] {
  const byLibrary = (rows: Record<string, unknown>[] | null | undefined) => new Map((rows ?? []).map((r) => [r.libraryId as string, r]));
  const trends = byLibrary(data.regionalTrends);
  const literacy = byLibrary(data.literacyIndex);
  return data.regionalReport.map((row) => ({ ...row, year, trend: trends.get(row.libraryId as string) ?? null, literacy: literacy.get(row.libraryId as string) ?? null }));
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; text that a spreadsheet would run as a formula is defused. */
function csvField(value: Cell): string {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(rows: RegionalExportRow[]): string {
  const lines = [REGIONAL_HEADER, ...rows.map((row) => REGIONAL_COLUMNS.map((c) => cellOf(row, c)))];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export async function renderXlsx(rows: RegionalExportRow[], period: { from: string; to: string; year: number; province?: string }): Promise<Buffer> {
  // Loaded on the first XLSX export: exceljs and its zip libraries take ~0.15 s to load, which every start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Library services supergraph';
  const sheet = workbook.addWorksheet('Regional report', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  const header = sheet.addRow(REGIONAL_HEADER);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const row of rows) sheet.addRow(REGIONAL_COLUMNS.map((c) => cellOf(row, c)));
  // Long headers wrap instead of widening their column past 30 characters.
  sheet.columns.forEach((column, i) => (column.width = Math.min(30, Math.max(12, REGIONAL_HEADER[i].length + 2))));
  const about = workbook.addWorksheet('About');
  about.addRows([
    ['Period from', period.from],
    ['Period to', period.to],
    ['Year of the monthly figures and the literacy index', period.year],
    ['Province', period.province ?? '(all)'],
    ['Source', 'Query.regionalReport, Query.regionalTrends and Query.literacyIndex'],
    ['Empty cell', 'nothing recorded for that figure in the period (tidak ada data): not counted, not happened yet, or before the records begin; a 0 is a real zero'],
    ['… data recorded from / through', "from which day to which day the part's figures are recorded (first recorded fact to the last closed day)"],
  ]);
  // For machines: each header's GraphQL path (or how it is computed).
  const columns = workbook.addWorksheet('Columns');
  columns.addRow(['Column', 'Key (path in the GraphQL answers; loansPer1000 is computed)']).font = { bold: true };
  columns.addRows(REGIONAL_COLUMNS.map((c) => [c.label, c.key]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const STATUS_BY_CODE: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

function fail(res: Response, status: number, code: string, message: string, field?: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}

/** `/reports/regional.csv` and `/reports/regional.xlsx` over the gateway's own ApolloServer. */
export function reportsRouter<C extends { identity: Identity; internalToken: string }>(apollo: ApolloServer<C>, config: Config, log: Logger): Router {
  const router = Router();
  router.get('/regional.:format', async (req, res) => {
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') return fail(res, 404, 'NOT_FOUND', 'The regional report comes as .csv or .xlsx');
    let identity: Identity;
    try {
      identity = await identityFromAuthorization(req.header('authorization'), config.jwtSecret, { maxTtlSeconds: config.tokenMaxTtl, provider: oidcVerifier(config) });
    } catch (err) {
      return fail(res, 401, 'UNAUTHENTICATED', (err as Error).message);
    }
    if (identity.role === 'PUBLIC') return fail(res, 401, 'UNAUTHENTICATED', 'Send a GOVERNMENT or ADMIN bearer token');
    if (!EXPORT_ROLES.includes(identity.role)) return fail(res, 403, 'FORBIDDEN', 'The export is for GOVERNMENT and ADMIN');

    const { from, to, province, year: yearParam } = req.query;
    if (!isCalendarDate(from)) return fail(res, 400, 'BAD_USER_INPUT', 'from is a date YYYY-MM-DD', 'from');
    if (!isCalendarDate(to)) return fail(res, 400, 'BAD_USER_INPUT', 'to is a date YYYY-MM-DD', 'to');
    if (province !== undefined && typeof province !== 'string') return fail(res, 400, 'BAD_USER_INPUT', 'province is given once', 'province');
    if (yearParam !== undefined && (typeof yearParam !== 'string' || !/^\d{4}$/.test(yearParam))) return fail(res, 400, 'BAD_USER_INPUT', 'year is a year such as 2026', 'year');
    // The monthly figures and the literacy index are the console's year: from's, unless asked.
    const year = yearParam === undefined ? Number(from.slice(0, 4)) : Number(yearParam);

    const variables = { from, to, year, province: province || undefined };
    const response = await apollo.executeOperation(
      { query: REGIONAL_EXPORT_QUERY, variables },
      { contextValue: { identity, internalToken: await signInternalToken(identity, config.gatewaySecret) } as C },
    );
    if (response.body.kind !== 'single') return fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected incremental answer');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      // No partial file: a report with a hole in it would read as zeros.
      const first = errors[0];
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
      const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
      if (!STATUS_BY_CODE[code]) log.warn({ code, errors: errors.length }, 'regional export failed');
      return fail(res, STATUS_BY_CODE[code] ?? 502, code, first.message, field);
    }
    const rows = joinRegionalRows(data as Parameters<typeof joinRegionalRows>[0], year);
    const name = `regional-${from}-${to}${
      province
        ? `-${String(province)
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')}`
        : ''
    }`;
    res.setHeader('cache-control', 'no-store');
    if (format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8; header=present');
      res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
      res.send(renderCsv(rows));
    } else {
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="${name}.xlsx"`);
      res.send(await renderXlsx(rows, { from, to, year, province }));
    }
  });
  return router;
}
