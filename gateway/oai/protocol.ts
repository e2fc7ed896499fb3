/**
 * OAI-PMH 2.0 requests: which arguments each verb takes, and what a request's arguments mean —
 * checked before anything is asked of the catalogue. Every failure is an OAI error code
 * (`OaiError`), never an HTTP error.
 */

export type OaiErrorCode =
  'badArgument' | 'badResumptionToken' | 'badVerb' | 'cannotDisseminateFormat' | 'idDoesNotExist' | 'noRecordsMatch' | 'noMetadataFormats' | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const;
export type Verb = (typeof VERBS)[number];

/** The arguments each verb allows: required ones, optional ones, and whether a resumptionToken may stand for them. */
const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; resumable: boolean }> = {
  Identify: { required: [], optional: [], resumable: false },
  ListMetadataFormats: { required: [], optional: ['identifier'], resumable: false },
  ListSets: { required: [], optional: [], resumable: true },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], resumable: true },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], resumable: true },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [], resumable: false },
};

/** The formats served: prefix → the collections subgraph's enum, schema, namespace. */
export const METADATA_FORMATS = {
  oai_dc: { format: 'OAI_DC', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
  marcxml: { format: 'MARCXML', schema: 'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd', namespace: 'http://www.loc.gov/MARC21/slim' },
} as const;
export type MetadataPrefix = keyof typeof METADATA_FORMATS;

export interface OaiRequest {
  verb: Verb;
  /** The arguments as sent (for the response's request element), verb excluded. */
  args: Record<string, string>;
}

/**
 * The verb and arguments of a request (query string or form body): badVerb for a missing,
 * repeated or unknown verb; badArgument for an argument repeated, not allowed for the verb, or
 * missing, and for a resumptionToken with other arguments.
 */
export function parseRequest(params: Record<string, unknown>): OaiRequest {
  const verb = params.verb;
  if (typeof verb !== 'string') throw new OaiError('badVerb', Array.isArray(verb) ? 'The verb argument is repeated' : 'The verb argument is missing');
  if (!(VERBS as readonly string[]).includes(verb)) throw new OaiError('badVerb', `${verb} is not an OAI-PMH verb`);
  const allowed = ARGUMENTS[verb as Verb];
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'verb') continue;
    if (typeof value !== 'string') throw new OaiError('badArgument', `The argument ${name} is repeated or malformed`);
    const known = allowed.required.includes(name) || allowed.optional.includes(name) || (name === 'resumptionToken' && allowed.resumable);
    if (!known) throw new OaiError('badArgument', `${verb} does not take the argument ${name}`);
    args[name] = value;
  }
  if (args.resumptionToken !== undefined) {
    if (Object.keys(args).length > 1) throw new OaiError('badArgument', 'resumptionToken is an exclusive argument');
    return { verb: verb as Verb, args };
  }
  for (const name of allowed.required) if (!args[name]) throw new OaiError('badArgument', `${verb} needs the argument ${name}`);
  return { verb: verb as Verb, args };
}

/** A metadataPrefix this repository serves, else cannotDisseminateFormat. */
export function metadataPrefix(value: string): MetadataPrefix {
  if (!Object.hasOwn(METADATA_FORMATS, value)) throw new OaiError('cannotDisseminateFormat', `The metadata format ${value} is not served (oai_dc, marcxml)`);
  return value as MetadataPrefix;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A from/until value: a day (YYYY-MM-DD) or a second (YYYY-MM-DDThh:mm:ssZ) in UTC; `end` reads a day as its last second. */
function instant(value: string, name: string, end: boolean): { at: Date; granularity: 'day' | 'second' } {
  const day = DAY.exec(value);
  const second = SECOND.exec(value);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) throw new OaiError('badArgument', `${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`);
  const [y, mo, d, h = end && day ? 23 : 0, mi = end && day ? 59 : 0, s = end && day ? 59 : 0] = parts;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d || at.getUTCHours() !== h || at.getUTCMinutes() !== mi || at.getUTCSeconds() !== s) {
    throw new OaiError('badArgument', `${name} is not a real date and time`);
  }
  return { at, granularity: day ? 'day' : 'second' };
}

/** from and until, both inclusive: the same granularity, from not after until. */
export function dateRange(from: string | undefined, until: string | undefined): { from?: Date; until?: Date } {
  const f = from !== undefined ? instant(from, 'from', false) : undefined;
  const u = until !== undefined ? instant(until, 'until', true) : undefined;
  if (f && u && f.granularity !== u.granularity) throw new OaiError('badArgument', 'from and until must have the same granularity');
  if (f && u && f.at > u.at) throw new OaiError('badArgument', 'from must not be after until');
  return { from: f?.at, until: u?.at };
}

/** An instant as OAI-PMH writes it: YYYY-MM-DDThh:mm:ssZ. */
export const utcSeconds = (at: Date): string => `${at.toISOString().slice(0, 19)}Z`;

/** `oai:<repository>:<record id>` → the record id; null when the identifier is not one of ours. */
export function recordIdOf(identifier: string, repositoryId: string): string | null {
  const prefix = `oai:${repositoryId}:`;
  if (!identifier.startsWith(prefix)) return null;
  const id = identifier.slice(prefix.length);
  return /^[A-Za-z0-9-]{1,36}$/.test(id) ? id : null;
}

export const identifierOf = (recordId: string, repositoryId: string): string => `oai:${repositoryId}:${recordId}`;
