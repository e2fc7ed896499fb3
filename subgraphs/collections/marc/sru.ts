import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ISBN from 'isbn3';
import { AppError, BadUserInputError } from '../../../shared/platform/errors';
import type { SruSettings } from '../../../shared/platform/config';
import { newMarcRecord, type MarcField, type MarcRecord } from './marcjs';

/**
 * An SRU client (searchRetrieve over HTTP, SRU 1.2 and 2.0) for copy cataloguing: what the
 * cataloguer types becomes a CQL query, the remote catalogue answers MARCXML records.
 *
 * - The request: the target's URL (its own parameters kept: `version`, `recordSchema` … given
 *   there win) plus `operation=searchRetrieve`, `version=1.2`, `query`, `startRecord`,
 *   `maximumRecords`, `recordSchema=marcxml` and `recordPacking=xml` (`recordXMLEscaping=xml` for
 *   2.0). Redirects are not followed: configure the URL they point to.
 * - The targets are the operator's configuration (SRU_TARGETS), never a caller's: no caller can
 *   choose the host, so the outbound guard of webhooks (public addresses only) does not apply,
 *   and a city's own Koha on its private network can be a target.
 * - A target that does not answer in SRU_TIMEOUT_MS, answers more than SRU_MAX_RESPONSE_BYTES,
 *   answers something that is not an SRU searchRetrieve response, or an SRU diagnostic about
 *   itself, is SERVICE_UNAVAILABLE with `target` and a `reason`. A diagnostic about the query
 *   (SRU diagnostics 10 to 47: syntax, unsupported index or relation …) is BAD_USER_INPUT on
 *   `query`, with the diagnostic.
 */

/** Why a remote catalogue gave no usable answer (`extensions.reason` of SERVICE_UNAVAILABLE). */
export type SruFailure = 'TIMEOUT' | 'UNREACHABLE' | 'HTTP_ERROR' | 'TOO_LARGE' | 'NOT_SRU' | 'NOT_MARCXML' | 'DIAGNOSTIC';

export interface SruDiagnostic {
  uri: string;
  message: string | null;
  details: string | null;
}

export class RemoteCatalogueError extends AppError {
  constructor(target: string, reason: SruFailure, message: string, diagnostic?: SruDiagnostic) {
    super('SERVICE_UNAVAILABLE', `The remote catalogue ${target} ${message}`, { target, reason, ...(diagnostic ? { diagnostic } : {}) });
  }
}

// ---- what the cataloguer types → CQL ------------------------------------------------------

/** Characters with a meaning inside a quoted CQL term (escape, quote, masking, anchoring): taken literally. */
const escapeTerm = (text: string) => `"${text.replace(/[\\"*?^]/g, '\\$&')}"`;

const INDEXES = { title: 'dc.title', author: 'dc.creator', any: 'cql.anywhere' } as const;

/** The longest text a cataloguer may type. */
export const MAX_QUERY_LENGTH = 500;

/**
 * The CQL query for what the cataloguer typed:
 * - an ISBN-10 or ISBN-13 (hyphens, spaces allowed), or `isbn: …` → `bath.isbn="<ISBN-13>" or bath.isbn="<ISBN-10>"`;
 * - `title: …`, `author: …`, `any: …` → `dc.title`, `dc.creator`, `cql.anywhere` `all "<words>"`;
 * - `cql: …` → the CQL after the prefix, sent as it is;
 * - any other text → `dc.title all "<text>"`.
 * Terms are quoted and escaped: `"`, `\`, `*`, `?` and `^` are searched for as written.
 */
export function cqlFor(typed: string): string {
  const text = typed.trim().replace(/\s+/g, ' ');
  if (!text) throw new BadUserInputError('query', 'query must contain an ISBN, words or CQL');
  if (text.length > MAX_QUERY_LENGTH) throw new BadUserInputError('query', `query must be at most ${MAX_QUERY_LENGTH} characters`);
  const prefixed = /^(isbn|title|author|any|cql)\s*:\s*(.*)$/i.exec(text);
  const kind = (prefixed?.[1].toLowerCase() ?? null) as keyof typeof INDEXES | 'isbn' | 'cql' | null;
  const rest = prefixed ? prefixed[2] : text;
  if (!rest) throw new BadUserInputError('query', `Give what to search for after "${prefixed![1]}:"`);
  if (kind === 'cql') return rest;
  const compact = rest.replace(/[\s-]/g, '');
  const looksLikeIsbn = /^(\d{9}[\dXx]|97[89]\d{10})$/.test(compact);
  if (kind === 'isbn' || (kind === null && looksLikeIsbn)) {
    const parsed = looksLikeIsbn ? ISBN.parse(compact) : null;
    if (!parsed?.isbn13) throw new BadUserInputError('query', `${rest} is not a valid ISBN-10 or ISBN-13`);
    return [parsed.isbn13, parsed.isbn10]
      .filter(Boolean)
      .map((isbn) => `bath.isbn=${escapeTerm(isbn!)}`)
      .join(' or ');
  }
  return `${INDEXES[kind ?? 'title']} all ${escapeTerm(rest)}`;
}

// ---- the request ----------------------------------------------------------------------------

export interface SruPage {
  /** numberOfRecords: how many records match in the remote catalogue. */
  total: number;
  /** The MARC records answered, with their position in the result set (from 1). */
  records: { position: number; record: MarcRecord }[];
}

/** The request URL: the target's, its own parameters kept. */
export function searchUrl(target: { url: string }, cql: string, startRecord: number, maximumRecords: number): URL {
  const url = new URL(target.url);
  const set = (name: string, value: string) => {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  };
  set('version', '1.2');
  const v2 = url.searchParams.get('version')!.startsWith('2');
  set('operation', 'searchRetrieve');
  url.searchParams.set('query', cql);
  url.searchParams.set('startRecord', String(startRecord));
  url.searchParams.set('maximumRecords', String(maximumRecords));
  set('recordSchema', 'marcxml');
  set(v2 ? 'recordXMLEscaping' : 'recordPacking', 'xml');
  return url;
}

/** The answer's text, at most `maxBytes` (checked on the declared length first, then while reading). */
async function fetchText(name: string, url: URL, settings: Pick<SruSettings, 'timeoutMs' | 'maxResponseBytes'>): Promise<{ status: number; text: string }> {
  const tooLarge = () => new RemoteCatalogueError(name, 'TOO_LARGE', `answered more than ${settings.maxResponseBytes} bytes`);
  try {
    const res = await fetch(url, { headers: { accept: 'application/xml, text/xml' }, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs) });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new RemoteCatalogueError(name, 'HTTP_ERROR', `answered HTTP ${res.status} (a redirect): configure the address it points to`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > settings.maxResponseBytes) {
      await res.body?.cancel();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > settings.maxResponseBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return { status: res.status, text: Buffer.concat(chunks).toString('utf8') };
  } catch (err) {
    if (err instanceof RemoteCatalogueError) throw err;
    if ((err as Error).name === 'TimeoutError') throw new RemoteCatalogueError(name, 'TIMEOUT', `did not answer within ${settings.timeoutMs} ms`);
    throw new RemoteCatalogueError(name, 'UNREACHABLE', 'cannot be reached');
  }
}

// ---- the answer -----------------------------------------------------------------------------

const LISTS = new Set(['record', 'diagnostic', 'controlfield', 'datafield', 'subfield']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // 008 and indicators are fixed-width: their spaces count.
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => LISTS.has(name),
});

type Node = Record<string, unknown>;
const asNode = (value: unknown): Node | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
/** An element's text: a plain string, or `#text` beside attributes. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof asNode(value)?.['#text'] === 'string' ? (asNode(value)!['#text'] as string) : '');
const attr = (node: Node, name: string): string => (typeof node[`@${name}`] === 'string' ? (node[`@${name}`] as string) : '');

function diagnosticsOf(node: Node | undefined): SruDiagnostic[] {
  return list(asNode(node?.diagnostics)?.diagnostic).map((d) => {
    const n = asNode(d) ?? {};
    return { uri: textOf(n.uri).trim(), message: textOf(n.message).trim() || null, details: textOf(n.details).trim() || null };
  });
}

/** SRU's diagnostic number (info:srw/diagnostic/1/<n>); null for another set. */
const diagnosticNumber = (uri: string): number | null => {
  const m = /^info:srw\/diagnostic\/1\/(\d+)$/.exec(uri);
  return m ? Number(m[1]) : null;
};

/** The MARC record (a MARCXML `record`, possibly inside a `collection`) in a recordData; null when it holds none. */
function marcIn(recordData: Node): MarcRecord | null {
  let data: Node | undefined = recordData;
  // recordPacking=string (SRU 1.2) or recordXMLEscaping=string (2.0): the record is escaped text.
  const escaped = textOf(recordData).trim();
  if (escaped.startsWith('<') && !asNode(recordData)?.record && !asNode(recordData)?.collection) {
    if (XMLValidator.validate(escaped) !== true) return null;
    data = asNode(parser.parse(escaped));
  }
  const marc = asNode(list(data?.record)[0]) ?? asNode(list(asNode(data?.collection)?.record)[0]);
  if (!marc || typeof marc.leader === 'undefined') return null;
  const fields: MarcField[] = [];
  for (const c of list(marc.controlfield)) fields.push([attr(asNode(c) ?? {}, 'tag'), textOf(c)]);
  for (const d of list(marc.datafield)) {
    const node = asNode(d) ?? {};
    const field: MarcField = [attr(node, 'tag'), `${attr(node, 'ind1') || ' '}${attr(node, 'ind2') || ' '}`.slice(0, 2)];
    for (const s of list(node.subfield)) field.push(attr(asNode(s) ?? {}, 'code'), textOf(s));
    fields.push(field);
  }
  return newMarcRecord(textOf(marc.leader), fields);
}

/** Reads a searchRetrieveResponse; RemoteCatalogueError or BAD_USER_INPUT (a diagnostic about the query) otherwise. */
export function readSearchResponse(name: string, http: { status: number; text: string }, startRecord: number): SruPage {
  const parsed = XMLValidator.validate(http.text) === true ? asNode(parser.parse(http.text)) : undefined;
  const response = asNode(parsed?.searchRetrieveResponse);
  // Some servers answer a fatal error with a bare <diagnostics> document.
  const diagnostics = diagnosticsOf(response ?? parsed);
  if (diagnostics.length && !asNode(response?.records)) {
    const [first] = diagnostics;
    const n = diagnosticNumber(first.uri);
    const said = [first.message, first.details].filter(Boolean).join(': ') || first.uri;
    if (n !== null && n >= 10 && n <= 47) {
      throw new AppError('BAD_USER_INPUT', `The remote catalogue ${name} cannot run this query (${said})`, { field: 'query', diagnostic: first });
    }
    throw new RemoteCatalogueError(name, 'DIAGNOSTIC', `answered with an error (${said})`, first);
  }
  if (http.status < 200 || http.status >= 300) throw new RemoteCatalogueError(name, 'HTTP_ERROR', `answered HTTP ${http.status}`);
  if (!response || !/^\d+$/.test(textOf(response.numberOfRecords).trim())) {
    throw new RemoteCatalogueError(name, 'NOT_SRU', 'did not answer an SRU searchRetrieve response');
  }
  const records: SruPage['records'] = [];
  for (const [index, r] of list(asNode(response.records)?.record).entries()) {
    const node = asNode(r) ?? {};
    const data = asNode(node.recordData) ?? { '#text': textOf(node.recordData) };
    // A surrogate diagnostic stands in for a record the server could not give: skipped.
    if (/diagnostic/i.test(textOf(node.recordSchema)) || asNode(data.diagnostic)) continue;
    const record = marcIn(data);
    if (!record) throw new RemoteCatalogueError(name, 'NOT_MARCXML', 'did not answer MARCXML records (is recordSchema=marcxml supported? set the schema name in its URL)');
    const position = Number(textOf(node.recordPosition).trim()) || startRecord + index;
    records.push({ position, record });
  }
  return { total: Number(textOf(response.numberOfRecords).trim()), records };
}

/** One searchRetrieve request to a target: `maximumRecords` records from `startRecord` (from 1). */
export async function searchRetrieve(
  target: { name: string; url: string },
  cql: string,
  page: { startRecord: number; maximumRecords: number },
  settings: Pick<SruSettings, 'timeoutMs' | 'maxResponseBytes'>,
): Promise<SruPage> {
  const answer = await fetchText(target.name, searchUrl(target, cql, page.startRecord, page.maximumRecords), settings);
  return readSearchResponse(target.name, answer, page.startRecord);
}
