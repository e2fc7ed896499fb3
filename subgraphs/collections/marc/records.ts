import { Marc, type MarcRecord } from './marcjs';
import { MarcRejection, MarcRejectionReason } from './rejection';

/**
 * Splitting a MARC file into records and parsing each one with marcjs, so that one damaged
 * record is reported at its position and the others still import.
 *
 * - ISO 2709: records end with the record terminator (0x1D). Before marcjs reads one, its leader
 *   and directory are checked (marcjs itself trusts them and would return garbage tags).
 *   Records are read as UTF-8 (MARC 21 leader/09 = 'a', what SLiMS and Koha write); a record
 *   that is not valid UTF-8 (MARC-8) is rejected rather than imported with broken letters.
 * - MARCXML: each `<record>` … `</record>` is one record. Namespace prefixes (`<marc:record>`,
 *   as the Library of Congress writes) are dropped first: marcjs reads unprefixed elements.
 */

export enum MarcFormat {
  ISO2709 = 'ISO2709',
  MARCXML = 'MARCXML',
}

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;

/** The records of an ISO 2709 file, each with its terminator; whitespace between records (a trailing newline) is ignored. */
export function splitIso2709(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== RECORD_TERMINATOR) continue;
    out.push(trimStart(data.subarray(start, i + 1)));
    start = i + 1;
  }
  const rest = trimStart(data.subarray(start));
  if (rest.length) out.push(rest); // a last record without its terminator: reported as unparsable
  return out;
}

function trimStart(chunk: Buffer): Buffer {
  let i = 0;
  while (i < chunk.length && (chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x20)) i++;
  return chunk.subarray(i);
}

const PREFIXED = /<(\/?)[A-Za-z_][\w.-]*:(collection|record|leader|controlfield|datafield|subfield)\b/g;

/** The `<record>` elements of a MARCXML document (a `<collection>` or a single record). */
export function splitMarcxml(text: string): string[] {
  const xml = text.replace(PREFIXED, '<$1$2');
  const out: string[] = [];
  const open = /<record[\s>]/g;
  let match: RegExpExecArray | null;
  while ((match = open.exec(xml))) {
    const end = xml.indexOf('</record>', match.index);
    if (end === -1) {
      out.push(xml.slice(match.index)); // unterminated: reported as unparsable
      break;
    }
    out.push(xml.slice(match.index, end + '</record>'.length));
    open.lastIndex = end;
  }
  return out;
}

const unparsable = (message: string) => new MarcRejection(MarcRejectionReason.UNPARSABLE, message);

function checkIso2709(raw: Buffer): void {
  if (raw[raw.length - 1] !== RECORD_TERMINATOR) throw unparsable('the record has no record terminator (the file is cut short)');
  const leader = raw.toString('latin1', 0, 24);
  if (raw.length < 25 || !/^\d{5}/.test(leader) || !/^\d{5}$/.test(leader.slice(12, 17))) throw unparsable('the leader is not a MARC leader');
  const base = Number(leader.slice(12, 17));
  if (base < 25 || base > raw.length || raw[base - 1] !== FIELD_TERMINATOR || (base - 25) % 12 !== 0) {
    throw unparsable('the directory does not end where the leader says');
  }
  for (let off = 24; off < base - 1; off += 12) {
    const entry = raw.toString('latin1', off, off + 12);
    if (!/^[0-9A-Za-z]{3}\d{9}$/.test(entry)) throw unparsable(`directory entry ${entry} is not valid`);
    const length = Number(entry.slice(3, 7));
    const start = base + Number(entry.slice(7));
    if (length < 1 || start + length > raw.length - 1 || raw[start + length - 1] !== FIELD_TERMINATOR) {
      throw unparsable(`field ${entry.slice(0, 3)} lies outside the record`);
    }
  }
  if (raw.toString('utf8').includes('\uFFFD')) throw unparsable('the record is not UTF-8 (MARC-8 records are not supported)');
}

function checkParsed(record: MarcRecord): MarcRecord {
  if (!record.leader || record.leader.length !== 24) throw unparsable('the record has no 24-character leader');
  for (const field of record.fields) {
    if (!/^[0-9A-Za-z]{3}$/.test(field[0] ?? '')) throw unparsable(`"${String(field[0]).slice(0, 10)}" is not a MARC tag`);
  }
  if (!record.fields.length) throw unparsable('the record has no fields');
  return record;
}

/** One record, parsed by marcjs; MarcRejection(UNPARSABLE) when it cannot be read. */
export function parseRecord(raw: Buffer | string, format: MarcFormat): MarcRecord {
  try {
    if (format === MarcFormat.ISO2709) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      checkIso2709(bytes);
      return checkParsed(Marc.parse(bytes, 'iso2709'));
    }
    const xml = String(raw);
    if (!xml.includes('</record>')) throw unparsable('the <record> element is not closed');
    return checkParsed(Marc.parse(xml, 'marcxml'));
  } catch (err) {
    if (err instanceof MarcRejection) throw err;
    throw unparsable(`the record cannot be read (${(err as Error).message})`);
  }
}

/** Splits a file in the given format into raw records. */
export function splitRecords(data: Buffer, format: MarcFormat): (Buffer | string)[] {
  return format === MarcFormat.ISO2709 ? splitIso2709(data) : splitMarcxml(data.toString('utf8'));
}
