import type { ApolloServer } from '@apollo/server';
import { Router, type Response } from 'express';
import { identityFromAuthorization, signInternalToken, type Identity } from '../shared/platform/auth';
import type { Config } from '../shared/platform/config';
import type { Logger } from '../shared/platform/logger';
import { oidcVerifier } from '../shared/platform/oidc';
import { isCalendarDate } from '../shared/platform/scalars';

/**
 * The regional report as files for the government console: `GET /reports/regional.csv`
 * and `GET /reports/regional.xlsx`, `?from=YYYY-MM-DD&to=YYYY-MM-DD[&province=…]`, for GOVERNMENT
 * and ADMIN bearer tokens. The figures are those of `Query.regionalReport`: the export runs that
 * very query through the gateway's own ApolloServer (`executeOperation`, the caller's identity in
 * the context), so it goes through the same plan, subgraphs and checks as a client's request.
 */

/** Who may download the export (a LIBRARY_ADMIN reads their own row through GraphQL instead). */
const EXPORT_ROLES = ['GOVERNMENT', 'ADMIN'];

const STAFF = ['librarians', 'trainedLibrarians', 'trainedPercent', 'trainingHours', 'trainingHoursPerLibrarian', 'averageTrainingRating', 'coverage'];
const COLLECTIONS = [
  'titles',
  'items',
  'members',
  'activeMembers',
  'loans',
  'returns',
  'holdsPlaced',
  'loansPerCapita',
  'overdueRate',
  'finesCharged',
  'finesPaid',
  'visits',
  'visitsPerDay',
  'coverage',
];
const EVENTS = [
  'events',
  'eventsByType',
  'eventsByAudience',
  'registrations',
  'attendance',
  'walkIns',
  'noShows',
  'attendanceRate',
  'ratings',
  'averageRating',
  'satisfactionResponses',
  'satisfactionScore',
  'coverage',
];
const PARTNERSHIPS = [
  'activePartners',
  'partnersByKind',
  'activeAgreements',
  'schoolVisits',
  'studentsReached',
  'copiesLentToSchools',
  'internsHosted',
  'fundingReceived',
  'coverage',
];
const KEY_COUNT_FIELDS = new Set(['eventsByType', 'eventsByAudience', 'partnersByKind']);
/** From which day to which day the part's figures are recorded: two columns, `<part>.coverage.from` and `.through`. */
const COVERAGE_FIELDS = ['from', 'through'];

const selection = (fields: string[]) =>
  fields.map((f) => (KEY_COUNT_FIELDS.has(f) ? `${f} { key count }` : f === 'coverage' ? `coverage { ${COVERAGE_FIELDS.join(' ')} }` : f)).join(' ');
/** A part's column paths: `collections.loans`, …, `collections.coverage.from`, `collections.coverage.through`. */
const columnsOf = (part: string, fields: string[]) => fields.flatMap((f) => (f === 'coverage' ? COVERAGE_FIELDS.map((c) => `${part}.coverage.${c}`) : [`${part}.${f}`]));

/** The query the export runs: exactly the figures of the columns below. */
export const REGIONAL_EXPORT_QUERY = `query RegionalExport($from: Date!, $to: Date!, $province: String) {
  regionalReport(from: $from, to: $to, province: $province) {
    libraryId from to population
    library { id name city province }
    staff { ${selection(STAFF)} }
    collections { ${selection(COLLECTIONS)} }
    events { ${selection(EVENTS)} }
    partnerships { ${selection(PARTNERSHIPS)} }
  }
}`;

type Cell = string | number | null;

/** The columns, in order: the header is the field's path in the GraphQL answer. */
export const REGIONAL_COLUMNS: string[] = [
  'library.id',
  'library.name',
  'library.city',
  'library.province',
  'population',
  'from',
  'to',
  ...columnsOf('staff', STAFF),
  ...columnsOf('collections', COLLECTIONS),
  ...columnsOf('events', EVENTS),
  ...columnsOf('partnerships', PARTNERSHIPS),
];

/**
 * A row's value at a column path; key counts become "KEY:count;KEY:count". A figure that was not
 * recorded (null) is an empty cell in both formats, never 0.
 */
export function cellOf(row: Record<string, unknown>, path: string): Cell {
  const value = path.split('.').reduce<unknown>((v, key) => (v == null ? null : (v as Record<string, unknown>)[key]), row);
  if (value == null) return null;
  if (Array.isArray(value)) return value.map((kc: { key: string; count: number }) => `${kc.key}:${kc.count}`).join(';');
  return value as string | number;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; text that a spreadsheet would run as a formula is defused. */
function csvField(value: Cell): string {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(rows: Record<string, unknown>[]): string {
  const lines = [REGIONAL_COLUMNS, ...rows.map((row) => REGIONAL_COLUMNS.map((c) => cellOf(row, c)))];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export async function renderXlsx(rows: Record<string, unknown>[], period: { from: string; to: string; province?: string }): Promise<Buffer> {
  // Loaded on the first XLSX export: exceljs and its zip libraries take ~0.15 s to load, which every start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Library services supergraph';
  const sheet = workbook.addWorksheet('Regional report', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  sheet.addRow(REGIONAL_COLUMNS).font = { bold: true };
  for (const row of rows) sheet.addRow(REGIONAL_COLUMNS.map((c) => cellOf(row, c)));
  sheet.columns.forEach((column, i) => (column.width = Math.max(12, REGIONAL_COLUMNS[i].length + 2)));
  const about = workbook.addWorksheet('About');
  about.addRows([
    ['from', period.from],
    ['to', period.to],
    ['province', period.province ?? '(all)'],
    ['source', 'Query.regionalReport'],
    ['empty cell', 'nothing recorded for that figure in the period (tidak ada data): not counted, not happened yet, or before the records begin; a 0 is a real zero'],
    ['<part>.coverage', "from which day to which day the part's figures are recorded (first recorded fact to the last closed day)"],
  ]);
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

    const { from, to, province } = req.query;
    if (!isCalendarDate(from)) return fail(res, 400, 'BAD_USER_INPUT', 'from is a date YYYY-MM-DD', 'from');
    if (!isCalendarDate(to)) return fail(res, 400, 'BAD_USER_INPUT', 'to is a date YYYY-MM-DD', 'to');
    if (province !== undefined && typeof province !== 'string') return fail(res, 400, 'BAD_USER_INPUT', 'province is given once', 'province');

    const variables = { from, to, province: province || undefined };
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
    const rows = (data as { regionalReport: Record<string, unknown>[] }).regionalReport;
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
      res.send(await renderXlsx(rows, { from, to, province }));
    }
  });
  return router;
}
