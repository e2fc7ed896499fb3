import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { main as importMarcCli } from '../scripts/import-marc';
import { setClock } from '../shared/platform/clock';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Hold } from '../subgraphs/collections/circulation/hold.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { fromMarc, toMarc } from '../subgraphs/collections/marc/mapping';
import { Marc, newMarcRecord, type MarcField } from '../subgraphs/collections/marc/marcjs';
import { MarcFormat, parseRecord, splitMarcxml } from '../subgraphs/collections/marc/records';
import { kohaSample, slimsSample } from '../subgraphs/collections/marc/samples/generate';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const SAMPLES = path.join(__dirname, '../subgraphs/collections/marc/samples');
const IMPORT = `mutation ($libraryId: ID!, $format: MarcFormat!, $data: String!) {
  importMarcRecords(libraryId: $libraryId, format: $format, data: $data) {
    total created merged unchanged copiesCreated
    records { position controlNumber outcome copiesCreated record { id title isbn } }
    rejected { position controlNumber reason message }
  }
}`;
const EXPORT = `query ($libraryId: ID!, $recordIds: [ID!], $search: String) { marcExport(libraryId: $libraryId, recordIds: $recordIds, search: $search) }`;
const ADD_RECORD = `mutation ($input: AddBibliographicRecordInput!) { addBibliographicRecord(input: $input) { id } }`;

const book = (fields: MarcField[]) => newMarcRecord('00000nam a2200000 i 4500', fields);
const iso2709 = (...records: ReturnType<typeof book>[]) => Buffer.from(records.map((r) => Marc.format(r, 'iso2709')).join(''), 'utf8');
const marcxml = (...records: ReturnType<typeof book>[]) =>
  `<collection xmlns="http://www.loc.gov/MARC21/slim">\n${records.map((r) => Marc.format(r, 'marcxml')).join('')}</collection>\n`;
const rejectedOf = (summary: { rejected: { position: number; controlNumber: string | null; reason: string }[] }) =>
  summary.rejected.map(({ position, controlNumber, reason }) => ({ position, controlNumber, reason }));

/** What the catalogue keeps of a record, for comparisons. */
const fieldsOf = ({ id: _id, ...fields }: BibliographicRecord) => fields;

describe('MARC samples', () => {
  it('are the files the generator script writes', () => {
    expect(fs.readFileSync(path.join(SAMPLES, 'slims-sample.mrc')).equals(slimsSample())).toBe(true);
    expect(fs.readFileSync(path.join(SAMPLES, 'koha-sample.xml'), 'utf8')).toBe(kohaSample());
  });
});

describe.each(BACKENDS)('MARC exchange (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const records = () => db.getRepository(BibliographicRecord);
  const items = () => db.getRepository(Item);
  const importAs = (token: string | undefined, format: 'ISO2709' | 'MARCXML', data: string, libraryId = 'kupang') =>
    fed.query(IMPORT, { token, variables: { libraryId, format, data } });
  const exportAs = (token: string | undefined, variables: Record<string, unknown>) => fed.query(EXPORT, { token, variables: { libraryId: 'kupang', ...variables } });
  const runCli = async (args: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: '', err: '' };
    out.on('data', (c) => (chunks.out += c));
    err.on('data', (c) => (chunks.err += c));
    const code = await importMarcCli(args, { out, err, config: fed.config });
    return { code, ...chunks };
  };

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3) });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 1) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterEach(async () => expect(await circulationViolations(db)).toEqual([]));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('importing the SLiMS ISO 2709 sample with the CLI', () => {
    let before: { records: number; items: number };
    let run: { code: number; out: string; err: string };

    beforeAll(async () => {
      setToday('2026-11-02');
      before = { records: await records().count(), items: await items().count() };
      run = await runCli(['--library', 'kupang', path.join(SAMPLES, 'slims-sample.mrc')]);
    });

    it('prints the summary: 5 records, 3 created, 4 copies, 2 rejected with position, control number and reason', () => {
      expect(run.code).toBe(0);
      expect(run.out).toContain('MARC import of slims-sample.mrc (ISO2709) into kupang');
      expect(run.out).toMatch(/records\s+5\n/);
      expect(run.out).toMatch(/created\s+3\n/);
      expect(run.out).toMatch(/merged\s+0\n/);
      expect(run.out).toMatch(/unchanged\s+0\n/);
      expect(run.out).toMatch(/copies created\s+4\n/);
      expect(run.out).toMatch(/rejected\s+2\n/);
      expect(run.out).toMatch(/\n2\s+SLIMS-0002\s+MISSING_TITLE\s+/);
      expect(run.out).toMatch(/\n4\s+-\s+UNPARSABLE\s+/);
      expect(run.err).toContain('5/5 records');
    });

    it('catalogues the good records with the fields of the file', async () => {
      const ombak = await records().findOneByOrFail({ isbn: '9786237000013' });
      expect(fieldsOf(ombak)).toEqual({
        title: 'Ombak di Teluk Kupang',
        subtitle: 'kumpulan cerita pendek',
        authors: ['Yohanes Sanak Manafe'],
        publisher: 'Lima Bintang',
        publishedYear: 2019,
        edition: 'Cet. 2.',
        isbn: '9786237000013',
        subjects: ['Cerita pendek Indonesia', 'Nusa Tenggara Timur -- Kehidupan sosial'],
        language: 'ind',
        materialType: 'BOOK',
        ddc: '899.2213',
        callNumber: '899.221 3 MAN o',
      });
      const jagung = await records().findOneByOrFail({ title: 'Jagung di lahan kering' });
      expect(jagung).toMatchObject({ isbn: null, authors: ['Balai Pengkajian Teknologi Pertanian NTT.'], publisher: 'BPTP NTT', publishedYear: 2022, ddc: '633.15' });
    });

    it("makes the holdings copies of the library: the file's barcodes, else the library's series", async () => {
      const ombak = await records().findOneByOrFail({ isbn: '9786237000013' });
      const copies = await items().find({ where: { recordId: ombak.id }, order: { barcode: 'ASC' } });
      expect(
        copies.map(({ barcode, libraryId, location, collectionType, status, acquiredOn, price }) => ({ barcode, libraryId, location, collectionType, status, acquiredOn, price })),
      ).toEqual([
        { barcode: 'SLIMS-00001', libraryId: 'kupang', location: 'Koleksi Lokal', collectionType: 'LOCAL', status: 'AVAILABLE', acquiredOn: '2026-11-02', price: 0 },
        { barcode: 'SLIMS-00002', libraryId: 'kupang', location: 'Koleksi Lokal', collectionType: 'LOCAL', status: 'AVAILABLE', acquiredOn: '2026-11-02', price: 0 },
      ]);
      const jagung = await records().findOneByOrFail({ title: 'Jagung di lahan kering' });
      const series = await items().find({ where: { recordId: jagung.id }, order: { barcode: 'ASC' } });
      expect(series.map((i) => [i.collectionType, i.location])).toEqual(
        expect.arrayContaining([
          ['REFERENCE', 'Ruang Referensi'],
          ['GENERAL', 'Rak Umum'],
        ]),
      );
      for (const copy of series) expect(copy.barcode).toMatch(/^KPG-\d{6}$/);
    });

    it('leaves no row of the rejected records', async () => {
      expect(await records().count()).toBe(before.records + 3);
      expect(await items().count()).toBe(before.items + 4);
      expect(await records().existsBy({ title: 'Sejarah Pelabuhan Tenau' })).toBe(false);
    });

    it('catalogues a record with an invalid ISBN without one (the 020 is kept for the export)', async () => {
      expect(await records().findOneByOrFail({ title: 'Masakan Sabu Raijua' })).toMatchObject({ isbn: null, publisher: 'Pustaka Timur', publishedYear: 2021, ddc: '641.5' });
    });

    it('exits non-zero, writing nothing, only when the file cannot be read', async () => {
      const missing = await runCli(['--library', 'kupang', path.join(os.tmpdir(), 'no-such-file.mrc')]);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('Cannot read');
      expect((await runCli(['kupang.mrc'])).code).toBe(2);
      const junk = path.join(os.tmpdir(), `junk-${process.pid}.mrc`);
      fs.writeFileSync(junk, 'this is not MARC');
      const bad = await runCli(['--library', 'kupang', junk]);
      fs.rmSync(junk);
      expect(bad.code).toBe(0);
      expect(bad.out).toMatch(/rejected\s+1\n/);
      expect(bad.out).toMatch(/\n1\s+-\s+UNPARSABLE\s+/);
    });
  });

  describe('importing the Koha MARCXML sample through the API', () => {
    let summary: any;

    beforeAll(async () => {
      setToday('2026-11-02');
      const res = await importAs(tokens.librarian, 'MARCXML', fs.readFileSync(path.join(SAMPLES, 'koha-sample.xml'), 'utf8'));
      expect(res.errors).toBeUndefined();
      summary = res.data.importMarcRecords;
    });

    it('answers the summary: two created (one without a year), one merged by ISBN, three copies, one rejected with its reason', async () => {
      const ombak = await records().findOneByOrFail({ isbn: '9786237000013' });
      expect(summary).toMatchObject({ total: 4, created: 2, merged: 1, unchanged: 0, copiesCreated: 3 });
      expect(summary.records.map((r: any) => [r.position, r.controlNumber, r.outcome, r.copiesCreated])).toEqual([
        [1, 'KOHA-101', 'MERGED', 1],
        [2, 'KOHA-102', 'CREATED', 2],
        [3, 'KOHA-103', 'CREATED', 0],
      ]);
      expect(summary.records[0].record.id).toBe(ombak.id);
      expect(rejectedOf(summary)).toEqual([{ position: 4, controlNumber: 'KOHA-104', reason: 'DUPLICATE_BARCODE' }]);
      expect(await records().existsBy({ title: 'Walking the islands of Flores' })).toBe(false);
      expect(await records().findOneByOrFail({ title: 'Cerita rakyat Alor' })).toMatchObject({ publisher: 'Dinas Kebudayaan', publishedYear: null, ddc: '398.2' });
    });

    it('merges without overwriting: the catalogued fields stay, the copy is added with its shelf, date and price', async () => {
      const ombak = await records().findOneByOrFail({ isbn: '9786237000013' });
      expect(ombak).toMatchObject({
        subtitle: 'kumpulan cerita pendek',
        edition: 'Cet. 2.',
        ddc: '899.2213',
        subjects: ['Cerita pendek Indonesia', 'Nusa Tenggara Timur -- Kehidupan sosial'],
      });
      expect(await items().findOneByOrFail({ barcode: 'KOHA-00101' })).toMatchObject({
        recordId: ombak.id,
        libraryId: 'kupang',
        collectionType: 'REFERENCE',
        location: 'Ruang Referensi',
        acquiredOn: '2025-03-01',
        price: 85_000,
        status: 'AVAILABLE',
      });
    });

    it('reads inverted names, escaped characters and not-for-loan copies', async () => {
      const tenun = await records().findOneByOrFail({ isbn: '9786237000020' });
      expect(tenun).toMatchObject({
        title: 'Tenun ikat Sumba & Timor',
        subtitle: 'makna dan motif',
        authors: ['Maria Goreti Toelle', 'Yakobus Lado'],
        publisher: 'Penerbit "Ombak"',
        publishedYear: 2024,
        edition: 'Edisi revisi',
        subjects: ['Tenun ikat', 'Kebudayaan -- Nusa Tenggara Timur'],
        callNumber: '306.089 922 TOE t',
      });
      expect(await items().findOneByOrFail({ barcode: 'KOHA-00103' })).toMatchObject({ recordId: tenun.id, status: 'NOT_FOR_LOAN', collectionType: 'LOCAL' });
    });

    it('adds nothing when the same file is imported again: every record unchanged', async () => {
      const again = await importAs(tokens.libraryAdmin, 'MARCXML', kohaSample());
      expect(again.errors).toBeUndefined();
      expect(again.data.importMarcRecords).toMatchObject({ total: 4, created: 0, merged: 0, unchanged: 3, copiesCreated: 0 });
      expect(rejectedOf(again.data.importMarcRecords).map((r) => r.reason)).toEqual(['DUPLICATE_BARCODE']);
    });
  });

  describe('importing ISO 2709 through the API (base64)', () => {
    it('merges into a catalogued record with the same ISBN, filling only what it lacks', async () => {
      const added = await fed.query(ADD_RECORD, {
        token: tokens.librarian,
        variables: {
          input: {
            title: 'Garam dari Timur',
            authors: [],
            publisher: 'Pustaka Flobamora',
            publishedYear: 2021,
            isbn: '9786237000037',
            language: 'ind',
            materialType: 'BOOK',
            ddc: '338.4',
          },
        },
      });
      const id = added.data.addBibliographicRecord.id;
      const file = iso2709(
        book([
          // Rejected by its copy after its fields were merged: the merge is undone with it.
          ['001', 'X-1'],
          ['020', '  ', 'a', '978-623-7000-03-7'],
          ['082', '04', 'a', '664.4'],
          ['100', '0 ', 'a', 'Penulis Lain'],
          ['245', '10', 'a', 'Garam di pesisir :', 'b', 'anak judul yang ditolak'],
          ['250', '  ', 'a', 'Cet. 9'],
          ['264', ' 1', 'b', 'Penerbit Lain', 'c', '2022'],
          ['650', ' 4', 'a', 'Garam'],
          ['952', '  ', 'a', 'KPG', 'd', '2026-11-03', 'p', 'X-FUTURE'],
        ]),
        book([
          ['001', 'X-2'],
          ['020', '  ', 'a', '978-623-7000-03-7'],
          ['082', '04', 'a', '664.4'],
          ['100', '0 ', 'a', 'Nona Bessie'],
          ['245', '10', 'a', 'Garam di pesisir :', 'b', 'usaha rakyat Kupang'],
          ['250', '  ', 'a', 'Cet. 1'],
          ['264', ' 1', 'b', 'Penerbit Lain', 'c', '2022'],
          ['650', ' 4', 'a', 'Garam'],
          ['952', '  ', 'a', 'KPG', 'g', 'Rp 65.000'],
        ]),
      );
      const res = await importAs(tokens.librarian, 'ISO2709', file.toString('base64'));
      expect(res.errors).toBeUndefined();
      const summary = res.data.importMarcRecords;
      expect(summary).toMatchObject({ total: 2, created: 0, merged: 1, copiesCreated: 1 });
      expect(rejectedOf(summary)).toEqual([{ position: 1, controlNumber: 'X-1', reason: 'INVALID_HOLDING' }]);
      expect(summary.records[0].record.id).toBe(id);
      expect(await records().findOneByOrFail({ id })).toMatchObject({
        title: 'Garam dari Timur',
        publisher: 'Pustaka Flobamora',
        publishedYear: 2021,
        ddc: '338.4',
        subtitle: 'usaha rakyat Kupang',
        edition: 'Cet. 1',
        authors: ['Nona Bessie'],
        subjects: ['Garam'],
      });
      const [copy] = await items().findBy({ recordId: id });
      expect(copy).toMatchObject({ libraryId: 'kupang', price: 65_000, acquiredOn: '2026-11-02' });
      expect(copy.barcode).toMatch(/^KPG-\d{6}$/);
      expect(await items().existsBy({ barcode: 'X-FUTURE' })).toBe(false);
    });

    it('puts a copy of a title members wait for straight on the hold shelf', async () => {
      const title = await newTitle(db, { kupang: 1 }, { title: 'Judul Antrean MARC', status: ItemStatus.REPAIR });
      await records().update({ id: title.record.id }, { isbn: '9786237000044' });
      const member = await newMember(db, 'kupang');
      const memberToken = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: member.id });
      const held = await fed.query(`mutation ($r: ID!, $m: ID!) { placeHold(recordId: $r, memberId: $m, pickupLibraryId: "kupang") { id status } }`, {
        token: memberToken,
        variables: { r: title.record.id, m: member.id },
      });
      expect(held.errors).toBeUndefined();
      const res = await importAs(
        tokens.librarian,
        'ISO2709',
        iso2709(
          book([
            ['020', '  ', 'a', '9786237000044'],
            ['082', '04', 'a', '020'],
            ['245', '10', 'a', 'Judul Antrean MARC'],
            ['264', ' 1', 'b', 'Uji', 'c', '2024'],
            ['952', '  ', 'p', 'Q-MARC-1'],
          ]),
        ).toString('base64'),
      );
      expect(res.data.importMarcRecords.copiesCreated).toBe(1);
      expect(await items().findOneByOrFail({ barcode: 'Q-MARC-1' })).toMatchObject({ status: 'ON_HOLD_SHELF' });
      expect(await db.getRepository(Hold).findOneByOrFail({ id: held.data.placeHold.id })).toMatchObject({ status: 'READY' });
    });
  });

  describe('exporting MARCXML', () => {
    it('round-trips: every field of a record comes back when its export is read again, copies as 952 holdings', async () => {
      const tenun = await records().findOneByOrFail({ isbn: '9786237000020' });
      const res = await exportAs(tokens.librarian, { recordIds: [tenun.id] });
      expect(res.errors).toBeUndefined();
      const xml: string = res.data.marcExport;
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<collection xmlns="http:\/\/www.loc.gov\/MARC21\/slim">/);
      const [raw] = splitMarcxml(xml);
      const back = fromMarc(parseRecord(raw, MarcFormat.MARCXML), { nextYear: 2027 });
      expect(back.controlNumber).toBe('KOHA-102'); // imported from MARC: its own control number, as imported
      expect(back.fields).toEqual(fieldsOf(tenun));
      expect(back.holdings.map((h) => [h.barcode, h.status, h.collectionType, h.location, h.acquiredOn, h.price])).toEqual([
        ['KOHA-00102', 'AVAILABLE', 'GENERAL', 'Rak Umum', '2025-04-10', 120_000],
        ['KOHA-00103', 'NOT_FOR_LOAN', 'LOCAL', 'Koleksi Lokal', '2025-04-10', 120_000],
      ]);
    });

    it('round-trips the whole catalogue, every kind of material, field for field', async () => {
      const catalogue = await records().find({ order: { id: 'ASC' } });
      expect(new Set(catalogue.map((r) => r.materialType)).size).toBe(8);
      for (let i = 0; i < catalogue.length; i += 200) {
        const page = catalogue.slice(i, i + 200);
        const res = await exportAs(tokens.admin, { recordIds: page.map((r) => r.id) });
        expect(res.errors).toBeUndefined();
        const back = splitMarcxml(res.data.marcExport).map((raw) => fromMarc(parseRecord(raw, MarcFormat.MARCXML), { nextYear: 2027 }).fields);
        expect(back).toEqual(page.map(fieldsOf));
      }
    });

    it('round-trips through ISO 2709 as well', async () => {
      const tenun = await records().findOneByOrFail({ isbn: '9786237000020' });
      const copies = await items().findBy({ recordId: tenun.id, libraryId: 'kupang' });
      const bytes = Buffer.from(Marc.format(toMarc(tenun, copies), 'iso2709'), 'utf8');
      expect(fromMarc(parseRecord(bytes, MarcFormat.ISO2709), { nextYear: 2027 }).fields).toEqual(fieldsOf(tenun));
    });

    it('exports the titles the library holds that match a search', async () => {
      const res = await exportAs(tokens.libraryAdmin, { search: 'Tenun ikat Sumba' });
      expect(res.errors).toBeUndefined();
      expect(splitMarcxml(res.data.marcExport).map((raw) => fromMarc(parseRecord(raw, MarcFormat.MARCXML), { nextYear: 2027 }).fields.isbn)).toContain('9786237000020');
    });

    it('refuses a set that is not one: both or neither way, too many ids (BAD_USER_INPUT), an unknown id (NOT_FOUND)', async () => {
      expect(codes(await exportAs(tokens.librarian, {}))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await exportAs(tokens.librarian, { recordIds: ['x'], search: 'garam' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await exportAs(tokens.librarian, { recordIds: Array.from({ length: 201 }, (_, i) => `id-${i}`) }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await exportAs(tokens.librarian, { recordIds: ['00000000-0000-0000-0000-000000000000'] }))).toEqual(['NOT_FOUND']);
    });
  });

  describe('two imports of the same new ISBN at once', () => {
    it('catalogue it once: one creates the record, the other finds it unchanged and adds nothing', async () => {
      const file = marcxml(
        book([
          ['020', '  ', 'a', '9786237000075'],
          ['082', '04', 'a', '020'],
          ['245', '10', 'a', 'Dua Impor Sekaligus'],
          ['264', ' 1', 'b', 'Uji', 'c', '2024'],
          ['952', '  ', 'c', 'Rak Umum'],
        ]),
      );
      const [a, b] = await Promise.all([importAs(tokens.librarian, 'MARCXML', file), importAs(tokens.libraryAdmin, 'MARCXML', file)]);
      expect([a.errors, b.errors]).toEqual([undefined, undefined]);
      const outcomes = [a, b].map((r) => r.data.importMarcRecords.records[0].outcome).sort();
      expect(outcomes).toEqual(['CREATED', 'UNCHANGED']);
      const rows = await records().findBy({ isbn: '9786237000075' });
      expect(rows).toHaveLength(1);
      expect(await items().countBy({ recordId: rows[0].id })).toBe(1);
    });
  });

  describe('limits', () => {
    it('refuses more than 100 records or 64 KiB in one call, writing nothing (BAD_USER_INPUT)', async () => {
      const count = await records().count();
      const many = marcxml(
        ...Array.from({ length: 101 }, (_, i) =>
          book([
            ['082', '04', 'a', '020'],
            ['245', '10', 'a', `Batas ${i}`],
            ['264', ' 1', 'b', 'Uji', 'c', '2024'],
          ]),
        ),
      );
      const res = await importAs(tokens.librarian, 'MARCXML', many);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('data');
      expect(codes(await importAs(tokens.librarian, 'MARCXML', `<collection>${' '.repeat(70 * 1024)}</collection>`))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await importAs(tokens.librarian, 'ISO2709', 'not base64 at all!'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await importAs(tokens.admin, 'MARCXML', kohaSample(), 'atlantis'))).toEqual(['BAD_USER_INPUT']);
      expect(await records().count()).toBe(count);
    });
  });

  describe('who may import and export', () => {
    const one = marcxml(
      book([
        ['082', '04', 'a', '020'],
        ['245', '10', 'a', 'Judul Terlarang'],
        ['264', ' 1', 'b', 'Uji', 'c', '2024'],
      ]),
    );

    it.each([
      ['a member', 'member', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ["another library's librarian", 'baubauLibrarian', 'FORBIDDEN'],
      ['an anonymous caller', 'none', 'UNAUTHENTICATED'],
    ])('refuses %s, writing nothing', async (_who, token, code) => {
      expect(codes(await importAs(tokens[token], 'MARCXML', one))).toEqual([code]);
      expect(codes(await exportAs(tokens[token], { search: 'garam' }))).toEqual([code]);
      expect(await records().existsBy({ title: 'Judul Terlarang' })).toBe(false);
    });

    it('lets the library staff and ADMIN import into the library', async () => {
      const res = await importAs(tokens.admin, 'MARCXML', one, 'baubau');
      expect(res.data.importMarcRecords).toMatchObject({ created: 1, rejected: [] });
      expect(codes(await exportAs(tokens.baubauLibrarian, { search: 'garam', libraryId: 'baubau' }))).toEqual([]);
    });
  });
});
