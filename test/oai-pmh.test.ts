import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ts from 'typescript';
import type { DataSource } from 'typeorm';
import { readResumptionToken, signResumptionToken } from '../gateway/oai/resumption';
import { setClock } from '../shared/platform/clock';
import { loadConfig } from '../shared/platform/config';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { MarcSourceRecord } from '../subgraphs/collections/marc/marc-source.entity';
import { newTitle } from './helpers/collections';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

/**
 * The harvester: the npm package `oai-pmh` (paperhive), as a harvester outside would run it, over
 * HTTP: `harvest` makes a batch of calls and gets back each answer, or the OAI error code the
 * harvester failed with.
 */
interface HarvestedHeader {
  $?: { status?: string };
  identifier: string;
  datestamp: string;
  setSpec?: string | string[];
}
interface HarvestedRecord {
  header: HarvestedHeader;
  metadata?: Record<string, any>;
}
type Call =
  | ['identify']
  | ['listMetadataFormats', { identifier?: string }?]
  | ['listSets']
  | ['listIdentifiers', Record<string, string>]
  | ['listRecords', Record<string, string>]
  | ['getRecord', string, string];
type Answer = { value?: any; error?: string };

/** The package's `OaiPmh` class, compiled once per run (`compiledHarvester`). */
type Harvester = new (base: string, options: { retry: boolean }) => Record<string, (...args: unknown[]) => unknown>;
let harvesterClass: Harvester | undefined;

/**
 * The package's entry point loads its ES-module sources through the `esm` loader, which breaks on
 * Node 22 and later and inside jest's module system. Its sources are compiled to CommonJS once,
 * with TypeScript's transpileModule (already here), into a temporary folder that links to the
 * project's node_modules, and required from there: in this process, no child Node per batch.
 */
function compiledHarvester(): Harvester {
  if (harvesterClass) return harvesterClass;
  const pkg = path.dirname(require.resolve('oai-pmh/package.json'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oai-pmh-cjs-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.copyFileSync(path.join(pkg, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.resolve(pkg, '..'), path.join(dir, 'node_modules'), 'dir');
  for (const file of fs.readdirSync(path.join(pkg, 'src')).filter((f) => f.endsWith('.js') && f !== 'index-entry.js')) {
    const source = fs.readFileSync(path.join(pkg, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, allowJs: true },
    });
    fs.writeFileSync(path.join(dir, 'src', file), outputText);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file compiled at run time
  harvesterClass = (require(path.join(dir, 'src', 'index.js')) as { OaiPmh: Harvester }).OaiPmh;
  return harvesterClass;
}

/** Runs the calls in order with one harvester: each answer as JSON would carry it, or the OAI error code the harvester failed with. */
async function harvest(base: string, calls: Call[]): Promise<Answer[]> {
  const harvester = new (compiledHarvester())(base, { retry: false });
  const answers: Answer[] = [];
  for (const [method, ...args] of calls) {
    try {
      let value = await harvester[method](...args);
      if (value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
        const items = [];
        for await (const item of value as AsyncIterable<unknown>) items.push(item);
        value = items;
      }
      answers.push(value === undefined ? {} : { value: JSON.parse(JSON.stringify(value)) as unknown });
    } catch (err) {
      answers.push({ error: (err as { code?: string }).code || String(err) });
    }
  }
  return answers;
}

const REPOSITORY = 'katalog.test';
/** Three records a page: a library's set of a dozen records or more comes in several pages. */
const PAGE_SIZE = 3;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ARRAYS = new Set(['header', 'record', 'set', 'setSpec', 'metadataFormat', 'dc:creator', 'dc:subject', 'dc:type', 'dc:source', 'datafield', 'subfield']);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ARRAYS.has(name) });

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe.each(BACKENDS)('OAI-PMH provider at /oai (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  let base: string;
  /** The harvester's answers to the calls, in order: each its value, or the OAI error code it failed with. */
  const run = (...calls: Call[]) => harvest(base, calls);
  const valueOf = <T = any>(answer: Answer): T => {
    if (answer.error) throw new Error(`the harvester failed: ${answer.error}`);
    return answer.value as T;
  };
  const idOf = (recordId: string) => `oai:${REPOSITORY}:${recordId}`;

  /** A raw request, GET with a query string or POST with a form: the status, the text, the parsed OAI-PMH element. */
  async function oai(params: [string, string][], method: 'GET' | 'POST' = 'GET') {
    const body = new URLSearchParams(params).toString();
    const res = method === 'GET' ? await fetch(`${base}?${body}`) : await fetch(base, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), text, root: parser.parse(text)['OAI-PMH'] as Record<string, any> };
  }

  /** The records of a library's set, as the catalogue knows them: copies held (not withdrawn), or imported. */
  async function setOf(libraryId: string): Promise<string[]> {
    const held = await db
      .getRepository(Item)
      .createQueryBuilder('i')
      .select('i.recordId', 'id')
      .distinct(true)
      .where('i.libraryId = :libraryId AND i.status <> :w', { libraryId, w: 'WITHDRAWN' })
      .getRawMany<{ id: string }>();
    const imported = await db.getRepository(MarcSourceRecord).find({ where: { libraryId } });
    return [...new Set([...held.map((r) => r.id), ...imported.map((s) => s.recordId)])].sort();
  }

  /**
   * The harvester reads a page of exactly one record as an object, not a list, and fails on it (it
   * parses with xml2js' explicitArray: false). Harvesting a list of `size` records, the page size
   * is set so that no page holds one record and the list still takes three pages or more.
   */
  async function withPagesForTheHarvester<T>(size: number, harvestAll: () => Promise<T>): Promise<T> {
    const pageSize = [3, 4, 5, 6].find((n) => size % n !== 1 && size > 2 * n);
    if (!pageSize) throw new Error(`no page size suits a list of ${size}`);
    fed.config.oai.pageSize = pageSize;
    try {
      return await harvestAll();
    } finally {
      fed.config.oai.pageSize = PAGE_SIZE;
    }
  }

  beforeAll(async () => {
    setClock('2026-11-02T03:00:00Z');
    const { oai: defaults } = loadConfig({ ...process.env, NODE_ENV: 'test' });
    fed = await startFederation(backend, { config: { oai: { ...defaults, repositoryId: REPOSITORY, pageSize: PAGE_SIZE, refreshIntervalMs: 0 } } });
    db = fed.subgraphs.collections.db;
    base = fed.gateway.url.replace(/\/graphql$/, '/oai');
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('Identify, ListMetadataFormats and ListSets', () => {
    // One harvester run for the three (each run starts a Node process).
    let identify: any, formats: { metadataPrefix: string }[], sets: { setSpec: string; setName: string }[];
    beforeAll(async () => {
      const answers = await run(['identify'], ['listMetadataFormats'], ['listSets']);
      [identify, formats, sets] = answers.map((a) => valueOf(a));
    });

    it('describes the repository: protocol 2.0, persistent deletions, seconds granularity, UTC earliest datestamp, the identifier scheme', async () => {
      expect(identify).toMatchObject({
        repositoryName: fed.config.oai.repositoryName,
        baseURL: base,
        protocolVersion: '2.0',
        adminEmail: fed.config.oai.adminEmail,
        deletedRecord: 'persistent',
        granularity: 'YYYY-MM-DDThh:mm:ssZ',
      });
      expect(identify.earliestDatestamp).toMatch(SECOND);
      expect(identify.description['oai-identifier']).toMatchObject({ scheme: 'oai', repositoryIdentifier: REPOSITORY, delimiter: ':' });
    });

    it('serves oai_dc and marcxml', () => {
      expect(asList(formats).map((f) => f.metadataPrefix)).toEqual(['oai_dc', 'marcxml']);
    });

    it('has one set per library of the directory, named after it', () => {
      expect(sets.map((s) => s.setSpec)).toEqual(['baubau', 'kupang', 'pasuruan', 'pematang-siantar']);
      expect(sets.every((s) => s.setName.length > 0)).toBe(true);
    });
  });

  describe('every answer', () => {
    it('is well-formed XML in the OAI-PMH namespace with a UTC responseDate and the request echoed, by GET and by POST alike', async () => {
      for (const method of ['GET', 'POST'] as const) {
        const res = await oai(
          [
            ['verb', 'ListIdentifiers'],
            ['metadataPrefix', 'oai_dc'],
            ['set', 'baubau'],
          ],
          method,
        );
        expect(res.status).toBe(200);
        expect(res.type).toMatch(/^text\/xml; charset=utf-8/);
        expect(XMLValidator.validate(res.text)).toBe(true);
        expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"')).toBe(true);
        expect(res.root['@_xsi:schemaLocation']).toBe('http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd');
        expect(res.root.responseDate).toMatch(SECOND);
        expect(res.root.request).toEqual({ '#text': base, '@_verb': 'ListIdentifiers', '@_metadataPrefix': 'oai_dc', '@_set': 'baubau' });
      }
    });

    it('is the same for a caller with a token as without one: the provider is public and a token adds nothing', async () => {
      const admin = await fed.token({ role: 'ADMIN' });
      const url = `${base}?verb=ListRecords&metadataPrefix=marcxml&set=kupang`;
      const withToken = await (await fetch(url, { headers: { authorization: `Bearer ${admin}` } })).text();
      const without = await (await fetch(url)).text();
      const stable = (xml: string) =>
        xml
          .replace(/<responseDate>[^<]*<\/responseDate>/, '')
          .replace(/<resumptionToken[^>]*>[^<]*<\/resumptionToken>/, '')
          .replace(/<controlfield tag="005">[^<]*</g, '');
      expect(stable(withToken)).toBe(stable(without));
      // Public catalogue only: no member, loan or hold data in a record.
      expect(without).not.toMatch(/member|borrower|peminjam/i);
    });
  });

  describe('harvesting a set', () => {
    it.each(['oai_dc', 'marcxml'])('gives every record of the library exactly once over several resumption tokens (%s)', async (metadataPrefix) => {
      const expected = await setOf('kupang');
      const records = await withPagesForTheHarvester(expected.length, async () => valueOf<HarvestedRecord[]>((await run(['listRecords', { metadataPrefix, set: 'kupang' }]))[0]));
      const ids = records.map((r) => r.header.identifier);
      expect(ids.sort()).toEqual(expected.map(idOf).sort());
      for (const r of records) {
        expect(r.header.datestamp).toMatch(SECOND);
        expect(asList(r.header.setSpec)).toContain('kupang');
        expect(r.metadata).toBeDefined();
      }
    });

    it('pages with opaque tokens carrying completeListSize and cursor, and closes the list with an empty token', async () => {
      const size = (await setOf('pasuruan')).length;
      let res = await oai([
        ['verb', 'ListIdentifiers'],
        ['metadataPrefix', 'oai_dc'],
        ['set', 'pasuruan'],
      ]);
      const seen: string[] = [];
      const cursors: number[] = [];
      for (;;) {
        const list = res.root.ListIdentifiers;
        seen.push(...list.header.map((h: { identifier: string }) => h.identifier));
        const token = list.resumptionToken;
        expect(Number(token['@_completeListSize'])).toBe(size);
        cursors.push(Number(token['@_cursor']));
        if (!token['#text']) break;
        expect(token['@_expirationDate']).toMatch(SECOND);
        res = await oai([
          ['verb', 'ListIdentifiers'],
          ['resumptionToken', token['#text']],
        ]);
        expect(res.root.request['@_resumptionToken']).toBe(token['#text']);
      }
      expect(cursors).toEqual(cursors.map((_, i) => i * PAGE_SIZE));
      expect(seen).toHaveLength(size);
      expect(new Set(seen).size).toBe(size);
    });

    it('costs the same number of statements for a page of 6 records as for 3 (no N+1)', async () => {
      const statements = async () => {
        const before = fed.subgraphs.collections.queries();
        await oai([
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'marcxml'],
        ]);
        return fed.subgraphs.collections.queries() - before;
      };
      const three = await statements();
      fed.config.oai.pageSize = 6;
      try {
        const six = await statements();
        expect(six).toBe(three);
      } finally {
        fed.config.oai.pageSize = PAGE_SIZE;
      }
    });

    it('gives the same identifiers with ListIdentifiers as with ListRecords', async () => {
      const headers = await withPagesForTheHarvester((await setOf('kupang')).length, async () =>
        valueOf<HarvestedHeader[]>((await run(['listIdentifiers', { metadataPrefix: 'marcxml', set: 'kupang' }]))[0]),
      );
      expect(headers.map((h) => h.identifier).sort()).toEqual((await setOf('kupang')).map(idOf).sort());
    });
  });

  describe('GetRecord', () => {
    it('gives a record as Dublin Core built from the catalogue and as MARCXML from the export', async () => {
      const [recordId] = await setOf('kupang');
      const record = await db.getRepository(BibliographicRecord).findOneByOrFail({ id: recordId });
      const dc = valueOf<HarvestedRecord>((await run(['getRecord', idOf(recordId), 'oai_dc']))[0]);
      expect(dc.header.identifier).toBe(idOf(recordId));
      const dcRoot = dc.metadata!['oai_dc:dc'];
      expect(dcRoot['dc:title']).toBe(record.subtitle ? `${record.title} : ${record.subtitle}` : record.title);
      expect(asList(dcRoot['dc:creator'])).toEqual(record.authors);
      expect(dcRoot['dc:language']).toBe(record.language);

      const raw = await oai([
        ['verb', 'GetRecord'],
        ['identifier', idOf(recordId)],
        ['metadataPrefix', 'marcxml'],
      ]);
      const marc = raw.root.GetRecord.record[0].metadata.record[0];
      expect(marc['@_xmlns']).toBe('http://www.loc.gov/MARC21/slim');
      const title = marc.datafield.find((f: { '@_tag': string }) => f['@_tag'] === '245');
      expect(title.subfield[0]['#text'].startsWith(record.title)).toBe(true);
      // Holdings: only copies of libraries the directory lists.
      const holdingLibraries = marc.datafield
        .filter((f: { '@_tag': string }) => f['@_tag'] === '952')
        .flatMap((f: { subfield: { '@_code': string; '#text': string }[] }) => f.subfield.filter((s) => s['@_code'] === 'a').map((s) => s['#text']));
      expect(holdingLibraries.every((l: string) => ['kupang', 'baubau', 'pasuruan', 'pematang-siantar'].some((id) => l.toLowerCase().includes(id.split('-')[0])))).toBe(true);
    });
  });

  describe('from and until', () => {
    let changed: string;
    beforeAll(async () => {
      // Everything seen so far has a datestamp of 2026-11-02T03:00:00Z; a title catalogued three days later gets its own.
      await oai([['verb', 'Identify']]);
      setClock('2026-11-05T10:00:00Z');
      changed = (await newTitle(db, { baubau: 1 })).record.id;
    });

    it('selects by day and by second, both inclusive, in UTC', async () => {
      // One header: asked directly (the harvester cannot read a list of one, see withPagesForTheHarvester).
      const headers = async (range: [string, string][]) =>
        (await oai([['verb', 'ListIdentifiers'], ['metadataPrefix', 'oai_dc'], ['set', 'baubau'], ...range])).root.ListIdentifiers.header.map(
          (h: { identifier: string; datestamp: string }) => [h.identifier, h.datestamp],
        );
      const only = [[idOf(changed), '2026-11-05T10:00:00Z']];
      expect(await headers([['from', '2026-11-05']])).toEqual(only);
      expect(await headers([['from', '2026-11-05T10:00:00Z']])).toEqual(only);
      expect(
        await headers([
          ['from', '2026-11-05T10:00:00Z'],
          ['until', '2026-11-05T10:00:00Z'],
        ]),
      ).toEqual(only);
      expect(
        await headers([
          ['from', '2026-11-05'],
          ['until', '2026-11-05'],
        ]),
      ).toEqual(only);
      const earlier = (await setOf('baubau')).filter((id) => id !== changed);
      const before = await withPagesForTheHarvester(earlier.length, async () =>
        valueOf<HarvestedHeader[]>((await run(['listIdentifiers', { metadataPrefix: 'oai_dc', set: 'baubau', until: '2026-11-04' }]))[0]),
      );
      expect(before.map((h) => h.identifier).sort()).toEqual(earlier.map(idOf).sort());
    });

    it('dates a change made through the API: a copy added in another library puts the record in that set, with a new datestamp', async () => {
      setClock('2026-11-05T12:00:00Z');
      const admin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'pasuruan' });
      const added = await fed.query(`mutation ($input: AddItemInput!) { addItem(input: $input) { item { barcode } } }`, {
        token: admin,
        variables: { input: { recordId: changed, libraryId: 'pasuruan', barcode: 'PSR-OAI-1', location: 'Rak Umum', acquiredOn: '2026-11-05', price: 50000 } },
      });
      expect(added.errors).toBeUndefined();
      const res = await oai([
        ['verb', 'ListIdentifiers'],
        ['metadataPrefix', 'oai_dc'],
        ['set', 'pasuruan'],
        ['from', '2026-11-05T12:00:00Z'],
      ]);
      expect(res.root.ListIdentifiers.header).toEqual([{ identifier: idOf(changed), datestamp: '2026-11-05T12:00:00Z', setSpec: ['baubau', 'pasuruan'] }]);
    });

    it('answers noRecordsMatch for a range nothing falls in', async () => {
      const answers = await run(
        ['listIdentifiers', { metadataPrefix: 'oai_dc', from: '2026-11-05T12:00:01Z' }],
        ['listRecords', { metadataPrefix: 'oai_dc', until: '2026-11-01' }],
      );
      expect(answers.map((a) => a.error)).toEqual(['noRecordsMatch', 'noRecordsMatch']);
    });
  });

  describe('deleted records', () => {
    let gone: string;
    beforeAll(async () => {
      setClock('2026-11-06T08:30:00Z');
      const title = await newTitle(db, { kupang: 2 });
      gone = title.record.id;
      await oai([['verb', 'Identify']]); // the provider sees it
      // The catalogue has no way to remove a record yet; a merge will remove the merged-away record as this does.
      setClock('2026-11-07T08:30:00Z');
      await db.getRepository(Item).delete({ recordId: gone });
      await db.getRepository(BibliographicRecord).delete({ id: gone });
    });

    it('reports a record gone from the catalogue with status="deleted", its datestamp the time it was seen gone, and no metadata', async () => {
      const record = valueOf<HarvestedRecord>((await run(['getRecord', idOf(gone), 'oai_dc']))[0]);
      expect(record.header.$?.status).toBe('deleted');
      expect(record.header.datestamp).toBe('2026-11-07T08:30:00Z');
      expect(record.metadata).toBeUndefined();
    });

    it('keeps the tombstone in the sets the record was in, for incremental harvests', async () => {
      const res = await oai([
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'marcxml'],
        ['set', 'kupang'],
        ['from', '2026-11-07'],
      ]);
      const records = res.root.ListRecords.record as { header: { identifier: string; '@_status'?: string; setSpec: string[] }[]; metadata?: unknown }[];
      expect(records.map((r) => [r.header[0].identifier, r.header[0]['@_status'], r.header[0].setSpec, r.metadata])).toEqual([[idOf(gone), 'deleted', ['kupang'], undefined]]);
    });

    it('has no metadata formats left for a deleted record (noMetadataFormats)', async () => {
      expect((await run(['listMetadataFormats', { identifier: idOf(gone) }]))[0].error).toBe('noMetadataFormats');
    });

    it('reports a record withdrawn from every library as deleted, and brings it back when a library holds a copy again', async () => {
      setClock('2026-11-08T09:00:00Z');
      const { record, items } = await newTitle(db, { kupang: 1, baubau: 1 });
      await oai([['verb', 'Identify']]); // the provider sees it
      setClock('2026-11-09T09:00:00Z');
      for (const item of items) {
        const staff = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: item.libraryId });
        const res = await fed.query('mutation ($barcode: String!) { setItemStatus(barcode: $barcode, status: WITHDRAWN) { item { status } } }', {
          token: staff,
          variables: { barcode: item.barcode },
        });
        expect(res.errors).toBeUndefined();
      }
      const getRecord = async () =>
        (
          await oai([
            ['verb', 'GetRecord'],
            ['identifier', idOf(record.id)],
            ['metadataPrefix', 'oai_dc'],
          ])
        ).root.GetRecord.record[0] as { header: { '@_status'?: string; datestamp: string; setSpec: string[] }[]; metadata?: unknown };
      let found = await getRecord();
      expect([found.header[0]['@_status'], found.header[0].datestamp, found.header[0].setSpec, found.metadata]).toEqual([
        'deleted',
        '2026-11-09T09:00:00Z',
        ['baubau', 'kupang'],
        undefined,
      ]);

      setClock('2026-11-10T09:00:00Z');
      const added = await fed.query('mutation ($input: AddItemInput!) { addItem(input: $input) { item { barcode } } }', {
        token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }),
        variables: { input: { recordId: record.id, libraryId: 'kupang', barcode: 'KPG-OAI-BACK', location: 'Rak Umum', acquiredOn: '2026-11-10', price: 50000 } },
      });
      expect(added.errors).toBeUndefined();
      found = await getRecord();
      expect([found.header[0]['@_status'], found.header[0].datestamp, found.header[0].setSpec]).toEqual([undefined, '2026-11-10T09:00:00Z', ['kupang']]);
      expect(found.metadata).toBeDefined();
    });
  });

  describe('errors', () => {
    const errorOf = async (params: [string, string][]) => {
      const res = await oai(params);
      expect(res.status).toBe(200);
      expect(XMLValidator.validate(res.text)).toBe(true);
      return { code: res.root.error?.['@_code'] as string | undefined, request: res.root.request };
    };

    it('answers badVerb for a missing, unknown or repeated verb, echoing only the base URL', async () => {
      for (const params of [
        [],
        [['verb', 'ListEverything']],
        [
          ['verb', 'Identify'],
          ['verb', 'ListSets'],
        ],
      ] as [string, string][][]) {
        const { code, request } = await errorOf(params);
        expect(code).toBe('badVerb');
        expect(request).toBe(base);
      }
    });

    it('answers badArgument for a missing, unknown or repeated argument, a malformed date, mixed granularities and a token with other arguments', async () => {
      const cases: [string, string][][] = [
        [['verb', 'ListRecords']],
        [
          ['verb', 'GetRecord'],
          ['metadataPrefix', 'oai_dc'],
        ],
        [
          ['verb', 'Identify'],
          ['set', 'kupang'],
        ],
        [
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'oai_dc'],
          ['metadataPrefix', 'marcxml'],
        ],
        [
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'oai_dc'],
          ['from', '2026-13-01'],
        ],
        [
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'oai_dc'],
          ['from', '2026-11-01T10:00:00'],
        ],
        [
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'oai_dc'],
          ['from', '2026-11-01'],
          ['until', '2026-11-30T00:00:00Z'],
        ],
        [
          ['verb', 'ListRecords'],
          ['metadataPrefix', 'oai_dc'],
          ['from', '2026-11-30'],
          ['until', '2026-11-01'],
        ],
        [
          ['verb', 'ListIdentifiers'],
          ['metadataPrefix', 'oai_dc'],
          ['resumptionToken', 'x'],
        ],
      ];
      for (const params of cases) {
        const { code, request } = await errorOf(params);
        expect([params, code]).toEqual([params, 'badArgument']);
        expect(request).toBe(base);
      }
    });

    it('answers cannotDisseminateFormat for a format it does not serve', async () => {
      const [recordId] = await setOf('kupang');
      const answers = await run(['listRecords', { metadataPrefix: 'mods' }], ['getRecord', idOf(recordId), 'mods']);
      expect(answers.map((a) => a.error)).toEqual(['cannotDisseminateFormat', 'cannotDisseminateFormat']);
    });

    it('answers idDoesNotExist for an identifier of another repository, a malformed one and an unknown record', async () => {
      const [recordId] = await setOf('kupang');
      const identifiers = [`oai:elsewhere.example:${recordId}`, 'kupang-1', idOf('00000000-0000-4000-8000-000000000000')];
      const answers = await run(
        ...identifiers.flatMap((identifier): Call[] => [
          ['getRecord', identifier, 'oai_dc'],
          ['listMetadataFormats', { identifier }],
        ]),
      );
      expect(answers.map((a) => a.error)).toEqual(identifiers.flatMap(() => ['idDoesNotExist', 'idDoesNotExist']));
    });

    it('answers noRecordsMatch for a set that is not a library', async () => {
      expect((await run(['listIdentifiers', { metadataPrefix: 'oai_dc', set: 'atlantis' }]))[0].error).toBe('noRecordsMatch');
    });

    it('answers badResumptionToken for a forged, altered, expired or misused token', async () => {
      const first = await oai([
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
      ]);
      const token: string = first.root.ListRecords.resumptionToken['#text'];
      const state = await readResumptionToken(token, fed.config.gatewaySecret);
      const expired = await signResumptionToken(state, fed.config.gatewaySecret, new Date(Date.now() - 60_000));
      const forged = await signResumptionToken(state, 'another-secret-of-at-least-thirty-two-chars', new Date(Date.now() + 60_000));
      const altered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      for (const [verb, resumptionToken] of [
        ['ListRecords', 'not-a-token'],
        ['ListRecords', altered],
        ['ListRecords', forged],
        ['ListRecords', expired],
        ['ListIdentifiers', token],
        ['ListSets', token],
      ]) {
        const { code } = await errorOf([
          ['verb', verb],
          ['resumptionToken', resumptionToken],
        ]);
        expect([verb, code]).toEqual([verb, 'badResumptionToken']);
      }
      // The genuine token still works.
      expect(
        (
          await errorOf([
            ['verb', 'ListRecords'],
            ['resumptionToken', token],
          ])
        ).code,
      ).toBeUndefined();
    });
  });
});
