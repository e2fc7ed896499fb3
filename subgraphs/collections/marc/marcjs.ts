/**
 * The part of marcjs (CommonJS, no type declarations) the MARC exchange uses. A record is a
 * leader and fields in file order: `[tag, value]` for control fields (001-009),
 * `[tag, indicators, code, value, code, value …]` for data fields.
 */

export type MarcField = string[];

export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

interface MarcApi {
  parse(raw: Buffer | string, type: 'iso2709' | 'marcxml'): MarcRecord;
  format(record: MarcRecord, type: 'iso2709' | 'marcxml'): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const marcjs = require('marcjs') as { Marc: MarcApi; Record: new () => MarcRecord };

export const Marc = marcjs.Marc;

export function newMarcRecord(leader: string, fields: MarcField[]): MarcRecord {
  const record = new marcjs.Record();
  record.leader = leader;
  record.fields = fields;
  return record;
}

/** A data field's subfields, as [code, value] pairs. */
export function subfields(field: MarcField): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 2; i + 1 < field.length; i += 2) out.push([field[i], field[i + 1]]);
  return out;
}

/** Data fields with one of the tags, in file order. */
export const fieldsOf = (record: MarcRecord, ...tags: string[]): MarcField[] => record.fields.filter((f) => tags.includes(f[0]) && f.length > 2);

/** The first value of a subfield in a data field. */
export const sub = (field: MarcField | undefined, code: string): string | undefined => (field ? subfields(field).find(([c]) => c === code)?.[1] : undefined);

/** A control field's value (001 …). */
export const control = (record: MarcRecord, tag: string): string | undefined => record.fields.find((f) => f[0] === tag && f.length === 2)?.[1];
