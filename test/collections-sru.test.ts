import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { loadConfig } from '../shared/platform/config';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { MarcSourceRecord } from '../subgraphs/collections/marc/marc-source.entity';
import { Marc, newMarcRecord, type MarcField } from '../subgraphs/collections/marc/marcjs';
import { cqlFor } from '../subgraphs/collections/marc/sru';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * A real SRU endpoint over HTTP, as Perpusnas or a Koha server answers: searchRetrieve with
 * `bath.isbn =` and `dc.title all` (joined by `or`), MARCXML records with the remote library's
 * holdings (952) and local fields (999), diagnostic 10 for a query it cannot parse. `mode` makes
 * it fail the ways remote catalogues fail.
 */
type Mode = 'normal' | 'slow' | 'html' | 'huge' | 'hugeStream' | 'failing' | 'escaped' | 'changed';

const book = (fields: MarcField[]) => newMarcRecord('00000nam a2200000 i 4500', fields);
const REMOTE = [
  {
    isbns: ['9786020312347', '6020312348'],
    title: 'Ombak di Teluk Kupang',
    record: book([
      ['001', 'PN-0001'],
      ['008', '190301s2019    io                  ind d'],
      ['020', '  ', 'a', '978-602-03-1234-7'],
      ['100', '1 ', 'a', 'Manafe, Yohanes Sanak.'],
      ['245', '10', 'a', 'Ombak di Teluk Kupang :', 'b', 'kumpulan cerita /'],
      ['264', ' 1', 'a', 'Jakarta', 'b', 'Gramedia', 'c', '2019'],
      ['952', '  ', 'a', 'PNRI', 'p', 'PNRI-000001', 'o', '899.221 3 MAN o'],
      ['999', '  ', 'c', '1', 'd', '1'],
    ]),
  },
  {
    isbns: ['9789794615232', '9794615234'],
    title: 'Bumi manusia',
    record: book([
      ['001', 'PN-0002'],
      ['020', '  ', 'a', '9789794615232'],
      ['100', '1 ', 'a', 'Toer, Pramoedya Ananta.'],
      ['245', '10', 'a', 'Bumi manusia /'],
      ['260', '  ', 'a', 'Jakarta', 'b', 'Hasta Mitra', 'c', '1980'],
    ]),
  },
  {
    isbns: [],
    title: 'Ombak dan pantai "Lasiana"',
    record: book([
      ['001', 'PN-0003'],
      ['245', '10', 'a', 'Ombak dan pantai "Lasiana"'],
      ['264', ' 1', 'b', 'Dinas Pariwisata NTT', 'c', '2021'],
    ]),
  },
];

const SRU = 'xmlns:zs="http://www.loc.gov/zing/srw/"';
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const diagnostic = (n: number, message: string, details: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<zs:searchRetrieveResponse ${SRU}><zs:version>1.2</zs:version><zs:numberOfRecords>0</zs:numberOfRecords>
<zs:diagnostics><diag:diagnostic xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/"><diag:uri>info:srw/diagnostic/1/${n}</diag:uri><diag:details>${escapeXml(details)}</diag:details><diag:message>${message}</diag:message></diag:diagnostic></zs:diagnostics>
</zs:searchRetrieveResponse>\n`;

/** The records a CQL query of `bath.isbn = "…"` / `dc.title all "…"` clauses joined by `or` matches; null when it cannot be parsed. */
function matching(cql: string): typeof REMOTE | null {
  const clauses = cql.split(/\s+or\s+/).map((c) => /^(bath\.isbn|dc\.title)\s*(=|all)\s*"((?:[^"\\]|\\.)*)"$/.exec(c.trim()));
  if (clauses.some((c) => !c)) return null;
  return REMOTE.filter((r) =>
    clauses.some((c) => {
      const term = c![3].replace(/\\(.)/g, '$1');
      if (c![1] === 'bath.isbn') return r.isbns.includes(term.replace(/-/g, ''));
      const words = r.title.toLowerCase().split(/\s+/);
      return term
        .toLowerCase()
        .split(/\s+/)
        .every((w) => words.includes(w));
    }),
  );
}

interface SruServer {
  url: string;
  mode: Mode;
  requests: URLSearchParams[];
  stop(): Promise<void>;
}

async function startSruServer(): Promise<SruServer> {
  const state = { mode: 'normal' as Mode, requests: [] as URLSearchParams[] };
  const server = http.createServer((req, res) => {
    const params = new URL(req.url!, 'http://sru').searchParams;
    state.requests.push(params);
    const send = (body: string, status = 200, type = 'text/xml; charset=utf-8') => res.writeHead(status, { 'content-type': type }).end(body);
    if (state.mode === 'slow') return void setTimeout(() => send(diagnostic(1, 'Too late', '')), 5_000).unref();
    if (state.mode === 'html') return send('<html><body><h1>Sedang dalam pemeliharaan</h1></body></html>', 200, 'text/html');
    if (state.mode === 'failing') return send(diagnostic(1, 'General system error', 'Zebra is not running'));
    if (state.mode === 'hugeStream') {
      // Chunked, without a content-length: the cap must hold while reading.
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write(`<?xml version="1.0"?><zs:searchRetrieveResponse ${SRU}><!-- `);
      for (let i = 0; i < 20; i++) res.write('x'.repeat(10_000));
      return void res.end(' --></zs:searchRetrieveResponse>');
    }
    const found = matching(params.get('query') ?? '');
    if (!found) return send(diagnostic(10, 'Query syntax error', params.get('query') ?? ''));
    const start = Number(params.get('startRecord') ?? 1);
    const page = found.slice(start - 1, start - 1 + Number(params.get('maximumRecords') ?? 10));
    const records = page.map((r, i) => {
      let marc = Marc.format(r.record, 'marcxml').replace('<record>', '<record xmlns="http://www.loc.gov/MARC21/slim">');
      if (state.mode === 'changed') marc = marc.replace(/Ombak/g, 'Gelombang');
      const data = state.mode === 'escaped' ? escapeXml(marc) : marc;
      return `<zs:record><zs:recordSchema>info:srw/schema/1/marcxml-v1.1</zs:recordSchema><zs:recordPacking>${state.mode === 'escaped' ? 'string' : 'xml'}</zs:recordPacking><zs:recordData>${data}</zs:recordData><zs:recordPosition>${start + i}</zs:recordPosition></zs:record>`;
    });
    const padding = state.mode === 'huge' ? `<!-- ${'x'.repeat(100_000)} -->` : '';
    send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<zs:searchRetrieveResponse ${SRU}><zs:version>1.2</zs:version><zs:numberOfRecords>${found.length}</zs:numberOfRecords><zs:records>${records.join('')}</zs:records>${padding}</zs:searchRetrieveResponse>\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sru`,
    get mode() {
      return state.mode;
    },
    set mode(mode: Mode) {
      state.mode = mode;
    },
    requests: state.requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address where nothing listens. */
async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/sru`;
}

const SEARCH = `query ($libraryId: ID!, $target: String!, $query: String!, $first: Int) {
  remoteCatalogueSearch(libraryId: $libraryId, target: $target, query: $query, first: $first) {
    target cql totalCount
    records { id position controlNumber title subtitle authors isbn publisher publishedYear problem marcxml }
  }
}`;
const IMPORT = `mutation ($libraryId: ID!, $target: String!, $recordId: ID!) {
  importRemoteRecord(libraryId: $libraryId, target: $target, recordId: $recordId) {
    total created merged unchanged copiesCreated
    records { outcome controlNumber record { id title isbn } }
    rejected { reason }
  }
}`;

describe('SRU configuration', () => {
  it('reads SRU_TARGETS as name=url pairs, with the timeout and size cap', () => {
    const config = loadConfig({
      SRU_TARGETS: ' perpusnas=https://sru.example.go.id/sru?x-db=pnri , koha-kupang=http://10.0.0.5/biblios',
      SRU_TIMEOUT_MS: '3000',
      SRU_MAX_RESPONSE_BYTES: '512kb',
    });
    expect(config.sru).toEqual({
      targets: [
        { name: 'perpusnas', url: 'https://sru.example.go.id/sru?x-db=pnri' },
        { name: 'koha-kupang', url: 'http://10.0.0.5/biblios' },
      ],
      timeoutMs: 3000,
      maxResponseBytes: 512 * 1024,
    });
    expect(loadConfig({}).sru).toEqual({ targets: [], timeoutMs: 10_000, maxResponseBytes: 2 * 1024 ** 2 });
  });

  it('refuses a target that is not name=url, not http(s), or named twice, naming SRU_TARGETS', () => {
    for (const value of ['https://sru.example.go.id/sru', 'perpusnas=ftp://sru.example.go.id', 'a=http://x.example,a=http://y.example', 'bad name=http://x.example']) {
      expect(() => loadConfig({ SRU_TARGETS: value })).toThrow(/SRU_TARGETS/);
    }
  });
});

describe('cqlFor', () => {
  it('searches an ISBN in both its 13- and 10-digit forms, whatever the hyphens', () => {
    expect(cqlFor('602-03-1234-8')).toBe('bath.isbn="9786020312347" or bath.isbn="6020312348"');
    expect(cqlFor('isbn: 978 602 03 1234 7')).toBe('bath.isbn="9786020312347" or bath.isbn="6020312348"');
  });

  it('searches other text as title words, quoted and escaped so that nothing typed becomes CQL', () => {
    expect(cqlFor('  Ombak   di teluk ')).toBe('dc.title all "Ombak di teluk"');
    expect(cqlFor('pantai "Lasiana" or dc.creator=x*')).toBe('dc.title all "pantai \\"Lasiana\\" or dc.creator=x\\*"');
    expect(cqlFor('author: Toer')).toBe('dc.creator all "Toer"');
    expect(cqlFor('any: tenun ikat')).toBe('cql.anywhere all "tenun ikat"');
  });

  it('sends what follows "cql:" as it is', () => {
    expect(cqlFor('cql: dc.title any "ombak pantai" and dc.date=2019')).toBe('dc.title any "ombak pantai" and dc.date=2019');
  });

  it('refuses an empty query and an invalid ISBN with BAD_USER_INPUT', () => {
    expect(() => cqlFor('   ')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'query' }) }));
    expect(() => cqlFor('isbn: 978-602-03-1234-0')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});

describe.each(BACKENDS)('copy cataloguing over SRU (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  let sru: SruServer;
  const tokens: Record<string, string | undefined> = {};
  const search = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    fed.query(SEARCH, { token, variables: { libraryId: 'kupang', target: 'perpusnas', query, ...variables } });
  const importAs = (token: string | undefined, recordId: string, variables: Record<string, unknown> = {}) =>
    fed.query(IMPORT, { token, variables: { libraryId: 'kupang', target: 'perpusnas', recordId, ...variables } });
  const counts = async () => ({
    records: await db.getRepository(BibliographicRecord).count(),
    sources: await db.getRepository(MarcSourceRecord).count(),
    items: await db.getRepository(Item).count(),
  });
  /** The id of the first record a search finds, as a cataloguer would take it. */
  const idOf = async (query: string) => {
    const found = await search(tokens.librarian, query);
    expect(found.errors).toBeUndefined();
    return found.data.remoteCatalogueSearch.records[0].id as string;
  };

  beforeAll(async () => {
    sru = await startSruServer();
    fed = await startFederation(backend, {
      config: {
        sru: {
          targets: [
            { name: 'perpusnas', url: `${sru.url}?x-collection=pnri` },
            { name: 'offline', url: await closedPortUrl() },
            { name: 'sru2', url: `${sru.url}?version=2.0` },
          ],
          timeoutMs: 500,
          maxResponseBytes: 64 * 1024,
        },
      },
    });
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3) });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 1) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
  });
  beforeEach(() => {
    sru.mode = 'normal';
  });
  afterAll(async () => {
    await fed?.stop();
    await sru?.stop();
  });

  describe('Query.remoteCatalogueSearch', () => {
    it('finds a record by ISBN and shows its title, authors, ISBN, publisher and year', async () => {
      const res = await search(tokens.librarian, '602-03-1234-8');
      expect(res.errors).toBeUndefined();
      const result = res.data.remoteCatalogueSearch;
      expect(result).toMatchObject({ target: 'perpusnas', cql: 'bath.isbn="9786020312347" or bath.isbn="6020312348"', totalCount: 1 });
      expect(result.records).toEqual([
        expect.objectContaining({
          position: 1,
          controlNumber: 'PN-0001',
          title: 'Ombak di Teluk Kupang',
          subtitle: 'kumpulan cerita',
          authors: ['Yohanes Sanak Manafe'],
          isbn: '9786020312347',
          publisher: 'Gramedia',
          publishedYear: 2019,
          problem: null,
        }),
      ]);
    });

    it('asks the remote catalogue for MARCXML by SRU 1.2 searchRetrieve, keeping the parameters of the configured URL', async () => {
      await search(tokens.librarian, 'bumi manusia', { first: 5 });
      const sent = sru.requests[sru.requests.length - 1];
      expect(Object.fromEntries(sent)).toEqual({
        'x-collection': 'pnri',
        version: '1.2',
        operation: 'searchRetrieve',
        query: 'dc.title all "bumi manusia"',
        startRecord: '1',
        maximumRecords: '5',
        recordSchema: 'marcxml',
        recordPacking: 'xml',
      });
    });

    it('asks an SRU 2.0 catalogue for unescaped XML with recordXMLEscaping', async () => {
      const res = await search(tokens.librarian, 'bumi manusia', { target: 'sru2' });
      expect(res.data.remoteCatalogueSearch.records[0].title).toBe('Bumi manusia');
      const sent = sru.requests[sru.requests.length - 1];
      expect([sent.get('version'), sent.get('recordXMLEscaping'), sent.has('recordPacking')]).toEqual(['2.0', 'xml', false]);
    });

    it('shows the record without the remote library’s holdings and local fields, with its catalogue as 003', async () => {
      const res = await search(tokens.librarian, '9786020312347');
      const { marcxml } = res.data.remoteCatalogueSearch.records[0];
      expect(marcxml).toContain('<controlfield tag="003">perpusnas</controlfield>');
      expect(marcxml).not.toContain('tag="952"');
      expect(marcxml).not.toContain('tag="999"');
      expect(marcxml).toContain('tag="245"');
    });

    it('finds records by title words, quotes included, and says how many match', async () => {
      const ombak = await search(tokens.librarian, 'ombak');
      expect(ombak.data.remoteCatalogueSearch.totalCount).toBe(2);
      expect(ombak.data.remoteCatalogueSearch.records.map((r: { title: string }) => r.title)).toEqual(['Ombak di Teluk Kupang', 'Ombak dan pantai "Lasiana"']);
      const quoted = await search(tokens.librarian, 'pantai "Lasiana"');
      expect(quoted.data.remoteCatalogueSearch).toMatchObject({ cql: 'dc.title all "pantai \\"Lasiana\\""', totalCount: 1 });
    });

    it('shows only the first matches asked for', async () => {
      const res = await search(tokens.librarian, 'ombak', { first: 1 });
      expect(res.data.remoteCatalogueSearch.totalCount).toBe(2);
      expect(res.data.remoteCatalogueSearch.records).toHaveLength(1);
    });

    it('reads records the remote catalogue sends as escaped text (recordPacking=string)', async () => {
      sru.mode = 'escaped';
      const res = await search(tokens.librarian, 'bumi manusia');
      expect(res.errors).toBeUndefined();
      expect(res.data.remoteCatalogueSearch.records[0]).toMatchObject({ title: 'Bumi manusia', authors: ['Pramoedya Ananta Toer'], publisher: 'Hasta Mitra', publishedYear: 1980 });
    });

    it('refuses an unknown target with BAD_USER_INPUT on target', async () => {
      const res = await search(tokens.librarian, 'ombak', { target: 'worldcat' });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('target');
    });

    it('refuses more than 20 records at once with BAD_USER_INPUT', async () => {
      expect(codes(await search(tokens.librarian, 'ombak', { first: 21 }))).toEqual(['BAD_USER_INPUT']);
    });

    it('answers a query the remote catalogue cannot parse (SRU diagnostic 10) with BAD_USER_INPUT on query and the diagnostic', async () => {
      const res = await search(tokens.librarian, 'cql: dc.title = (ombak');
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions).toMatchObject({ field: 'query', diagnostic: { uri: 'info:srw/diagnostic/1/10', message: 'Query syntax error' } });
    });

    it('answers SERVICE_UNAVAILABLE with the reason when the remote catalogue fails', async () => {
      const cases: [Mode | 'offline', string][] = [
        ['slow', 'TIMEOUT'],
        ['html', 'NOT_SRU'],
        ['huge', 'TOO_LARGE'],
        ['hugeStream', 'TOO_LARGE'],
        ['failing', 'DIAGNOSTIC'],
        ['offline', 'UNREACHABLE'],
      ];
      for (const [mode, reason] of cases) {
        sru.mode = mode === 'offline' ? 'normal' : mode;
        const res = await search(tokens.librarian, 'ombak', mode === 'offline' ? { target: 'offline' } : {});
        expect([mode, codes(res), res.errors?.[0].extensions]).toEqual([
          mode,
          ['SERVICE_UNAVAILABLE'],
          expect.objectContaining({ target: mode === 'offline' ? 'offline' : 'perpusnas', reason }),
        ]);
        expect(res.errors![0].message).not.toContain('127.0.0.1');
      }
    });

    it('gives up on a remote catalogue after SRU_TIMEOUT_MS', async () => {
      sru.mode = 'slow';
      const started = Date.now();
      const res = await search(tokens.librarian, 'ombak');
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('lets the library’s LIBRARY_ADMIN and ADMIN search', async () => {
      for (const token of [tokens.libraryAdmin, tokens.admin]) {
        const res = await search(token, 'ombak');
        expect(res.errors).toBeUndefined();
        expect(res.data.remoteCatalogueSearch.totalCount).toBe(2);
      }
    });

    it.each([
      ['a member', 'member', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a librarian of another library', 'baubauLibrarian', 'FORBIDDEN'],
      ['a caller without a token', 'none', 'UNAUTHENTICATED'],
    ])('refuses %s, asking the remote catalogue nothing', async (_who, key, code) => {
      const asked = sru.requests.length;
      const res = await search(tokens[key], 'ombak');
      expect(codes(res)).toEqual([code]);
      expect(res.data?.remoteCatalogueSearch ?? null).toBeNull();
      expect(sru.requests.length).toBe(asked);
    });
  });

  describe('Mutation.importRemoteRecord', () => {
    let recordId: string;
    let first: { data?: any; errors?: unknown };
    let before: Awaited<ReturnType<typeof counts>>;

    beforeAll(async () => {
      sru.mode = 'normal';
      recordId = await idOf('9786020312347');
      before = await counts();
      first = await importAs(tokens.librarian, recordId);
    });

    it('imports the record into the catalogue through the MARC import: CREATED, with its fields', async () => {
      expect(first.errors).toBeUndefined();
      expect(first.data.importRemoteRecord).toMatchObject({ total: 1, created: 1, merged: 0, unchanged: 0, copiesCreated: 0, rejected: [] });
      const created = await db.getRepository(BibliographicRecord).findOneByOrFail({ isbn: '9786020312347' });
      expect(first.data.importRemoteRecord.records).toEqual([
        { outcome: 'CREATED', controlNumber: 'PN-0001', record: { id: created.id, title: 'Ombak di Teluk Kupang', isbn: '9786020312347' } },
      ]);
      expect(created).toMatchObject({ subtitle: 'kumpulan cerita', authors: ['Yohanes Sanak Manafe'], publisher: 'Gramedia', publishedYear: 2019 });
    });

    it('adds no copy from the remote library’s holdings, and keeps the source record with its catalogue as 003', async () => {
      const created = await db.getRepository(BibliographicRecord).findOneByOrFail({ isbn: '9786020312347' });
      expect(await db.getRepository(Item).countBy({ recordId: created.id })).toBe(0);
      const sources = await db.getRepository(MarcSourceRecord).findBy({ recordId: created.id });
      expect(sources.map(({ libraryId, controlNumber, controlSource, revision }) => ({ libraryId, controlNumber, controlSource, revision }))).toEqual([
        { libraryId: 'kupang', controlNumber: 'PN-0001', controlSource: 'perpusnas', revision: 1 },
      ]);
      const tags = (JSON.parse(sources[0].marc) as { fields: string[][] }).fields.map((f) => f[0]);
      expect(tags).toEqual(['001', '003', '008', '020', '100', '245', '264']);
      expect(await counts()).toEqual({ records: before.records + 1, sources: before.sources + 1, items: before.items });
    });

    it('imports it again as UNCHANGED, writing nothing', async () => {
      const again = await importAs(tokens.librarian, await idOf('ombak di teluk kupang'));
      expect(again.errors).toBeUndefined();
      expect(again.data.importRemoteRecord).toMatchObject({ total: 1, created: 0, merged: 0, unchanged: 1, records: [{ outcome: 'UNCHANGED', controlNumber: 'PN-0001' }] });
      expect(again.data.importRemoteRecord.records[0].record.id).toBe(first.data.importRemoteRecord.records[0].record.id);
      expect(await counts()).toEqual({ records: before.records + 1, sources: before.sources + 1, items: before.items });
    });

    it('refuses with CONFLICT (REMOTE_RECORD_CHANGED) a record that changed since the search, writing nothing', async () => {
      const id = await idOf('bumi manusia');
      const changing = await idOf('ombak dan pantai');
      const was = await counts();
      sru.mode = 'changed';
      const res = await importAs(tokens.librarian, changing);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('REMOTE_RECORD_CHANGED');
      sru.mode = 'normal';
      expect(await counts()).toEqual(was);
      // The unchanged one still imports.
      expect((await importAs(tokens.libraryAdmin, id)).data.importRemoteRecord.created).toBe(1);
    });

    it('writes nothing when the remote catalogue times out, is not SRU or answers a diagnostic', async () => {
      const id = await idOf('ombak dan pantai');
      const was = await counts();
      for (const mode of ['slow', 'html', 'failing'] as const) {
        sru.mode = mode;
        expect(codes(await importAs(tokens.librarian, id))).toEqual(['SERVICE_UNAVAILABLE']);
      }
      expect(await counts()).toEqual(was);
    });

    it('refuses an id that is not a search result’s, or one found in another catalogue, with BAD_USER_INPUT', async () => {
      const id = await idOf('ombak dan pantai');
      const notAnId = await importAs(tokens.librarian, 'PN-0003');
      expect([codes(notAnId), notAnId.errors![0].extensions!.field]).toEqual([['BAD_USER_INPUT'], 'recordId']);
      const elsewhere = await importAs(tokens.librarian, id, { target: 'offline' });
      expect([codes(elsewhere), elsewhere.errors![0].extensions!.field]).toEqual([['BAD_USER_INPUT'], 'recordId']);
      expect(codes(await importAs(tokens.librarian, id, { target: 'worldcat' }))).toEqual(['BAD_USER_INPUT']);
    });

    it.each([
      ['a member', 'member', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a librarian of another library', 'baubauLibrarian', 'FORBIDDEN'],
      ['a caller without a token', 'none', 'UNAUTHENTICATED'],
    ])('refuses %s, asking the remote catalogue nothing and writing nothing', async (_who, key, code) => {
      const id = await idOf('ombak dan pantai');
      const was = await counts();
      const asked = sru.requests.length;
      const res = await importAs(tokens[key], id);
      expect(codes(res)).toEqual([code]);
      expect(sru.requests.length).toBe(asked);
      expect(await counts()).toEqual(was);
    });

    it('lets ADMIN import for any library', async () => {
      const res = await importAs(tokens.admin, await idOf('ombak dan pantai'), { libraryId: 'baubau' });
      expect(res.errors).toBeUndefined();
      expect(res.data.importRemoteRecord.records[0]).toMatchObject({ outcome: 'CREATED', controlNumber: 'PN-0003', record: { title: 'Ombak dan pantai "Lasiana"', isbn: null } });
    });
  });
});
