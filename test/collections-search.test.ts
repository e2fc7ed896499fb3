import ISBN from 'isbn3';
import type { DataSource } from 'typeorm';
import { demoCatalogue } from '../subgraphs/collections/demo/catalogue';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { SQLITE_FTS_TRIGGERS } from '../subgraphs/collections/migrations/1795367000000-catalogue-search';
import { parseQuery } from '../subgraphs/collections/catalogue/search.service';
import { newTitle } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const SEARCH = `query ($query: String!, $filter: CatalogueFilter, $first: Int, $after: String) {
  searchCatalogue(query: $query, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title subtitle authors subjects isbn language materialType publishedYear
      availability { library { id } copies available } } }
  }
}`;

describe('search query parsing', () => {
  it('reads an ISBN in either form, with or without hyphens, as its ISBN-13', () => {
    expect(parseQuery('978-602-00-0000-0').isbn).toBeUndefined(); // bad check digit: words, not an ISBN
    const isbn13 = demoCatalogue().find((r) => r.isbn)!.isbn!;
    const parsed = ISBN.parse(isbn13)!;
    for (const form of [isbn13, parsed.isbn13h, ` ${parsed.isbn13h.replace(/-/g, ' ')} `]) expect(parseQuery(form).isbn).toBe(isbn13);
    expect(parseQuery('0-306-40615-2').isbn).toBe('9780306406157');
    expect(parseQuery('030640615X').isbn).toBeUndefined();
  });

  it('splits words on anything but letters and digits, lower-cased, once each', () => {
    expect(parseQuery('  Kura-Kura  dan KURA ').words).toEqual(['kura', 'dan']);
    expect(parseQuery('Tafsir "Juz" Amma*').words).toEqual(['tafsir', 'juz', 'amma']);
  });
});

describe.each(BACKENDS)('searchCatalogue (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const catalogue = demoCatalogue();
  const search = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fed.query(SEARCH, { variables: { query, ...variables } });
    expect(res.errors).toBeUndefined();
    return res.data.searchCatalogue;
  };
  const titles = (conn: any) => conn.edges.map((e: any) => e.node.title);

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
  });
  afterAll(() => fed?.stop());

  it('finds titles by a word of the title, for anyone', async () => {
    const res = await search('kancil');
    expect(res.totalCount).toBe(catalogue.filter((r) => /kancil/i.test(r.title)).length);
    for (const t of titles(res)) expect(t).toMatch(/Kancil/);
  });

  it('requires every word, the last one also as the beginning of a word', async () => {
    const both = await search('kancil sahab');
    expect(titles(both)).toEqual(['Si Kancil Mencari Sahabat']);
  });

  it('finds titles by an author', async () => {
    expect(titles(await search('Marah Rusli'))).toEqual(['Siti Nurbaya']);
    const author = catalogue.find((r) => r.authors.length === 1 && r.isbn && r.authors[0].split(' ').pop()!.length > 4)!;
    const res = await search(author.authors[0]);
    expect(res.edges.map((e: any) => e.node.id)).toContain(author.id);
  });

  it('finds titles by a subject heading that is not in the title', async () => {
    const res = await search('pertanian', { first: 100 });
    const expected = catalogue.filter((r) => r.subjects.includes('Pertanian') || /pertanian/i.test(r.title));
    expect(res.totalCount).toBe(expected.length);
    expect(titles(res)).toContain('Budidaya Jagung');
  });

  it('finds a title by its ISBN, as ISBN-13 or ISBN-10, with or without hyphens', async () => {
    const record = catalogue.find((r) => r.isbn)!;
    const parsed = ISBN.parse(record.isbn!)!;
    for (const form of [record.isbn!, parsed.isbn13h]) {
      const res = await search(form);
      expect(res.totalCount).toBe(1);
      expect(res.edges[0].node).toMatchObject({ id: record.id, isbn: record.isbn });
    }
    const add = await fed.query(
      `mutation { addBibliographicRecord(input: { title: "Buku Bernomor Sepuluh", authors: ["Anon Uji"], publisher: "Uji", publishedYear: 2020,
         isbn: "0-306-40615-2", language: "ind", materialType: BOOK, ddc: "020" }) { id } }`,
      { token: await fed.token({ role: 'ADMIN' }) },
    );
    expect(add.errors).toBeUndefined();
    for (const form of ['0306406152', '0-306-40615-2', '978-0-306-40615-7']) {
      expect((await search(form)).edges.map((e: any) => e.node.id)).toEqual([add.data.addBibliographicRecord.id]);
    }
  });

  it('ranks a match in the title above a match in the subjects', async () => {
    const inSubject = await newTitle(db, { kupang: 1 }, { title: 'Kain dari Pulau Sawu', subjects: ['Zamrudlintang'] });
    const inTitle = await newTitle(db, { kupang: 1 }, { title: 'Zamrudlintang di Pulau Sawu', subjects: ['Tenun'] });
    const res = await search('zamrudlintang');
    expect(res.edges.map((e: any) => e.node.id)).toEqual([inTitle.record.id, inSubject.record.id]);
  });

  it('filters by library, language, year range, material type and copies on the shelf', async () => {
    const byLibrary = await search('sejarah', { first: 100, filter: { libraryId: 'baubau' } });
    expect(byLibrary.totalCount).toBeGreaterThan(0);
    for (const { node } of byLibrary.edges) expect(node.availability.map((a: any) => a.library.id)).toContain('baubau');
    const all = await search('sejarah', { first: 100 });
    expect(byLibrary.totalCount).toBeLessThanOrEqual(all.totalCount);

    const english = await search('english', { filter: { language: 'eng' } });
    expect(english.totalCount).toBe(catalogue.filter((r) => r.language === 'eng' && /english/i.test(r.title)).length);
    expect(english.edges.every((e: any) => e.node.language === 'eng')).toBe(true);
    expect((await search('sejarah', { filter: { language: 'eng' } })).totalCount).toBe(0);

    const years = await search('sejarah', { first: 100, filter: { yearFrom: 2015, yearTo: 2019 } });
    for (const { node } of years.edges) expect(node.publishedYear).toBeGreaterThanOrEqual(2015);
    for (const { node } of years.edges) expect(node.publishedYear).toBeLessThanOrEqual(2019);

    const maps = await search('peta', { filter: { materialType: 'MAP' } });
    expect(maps.totalCount).toBeGreaterThan(0);
    expect(maps.edges.every((e: any) => e.node.materialType === 'MAP')).toBe(true);

    const onShelf = await search('sejarah', { first: 100, filter: { libraryId: 'kupang', availableOnly: true } });
    for (const { node } of onShelf.edges) expect(node.availability.find((a: any) => a.library.id === 'kupang').available).toBeGreaterThan(0);
    const gone = await newTitle(db, { kupang: 1 }, { title: 'Sejarah yang Hilang dari Rak', status: ItemStatus.MISSING });
    const ids = (c: any) => c.edges.map((e: any) => e.node.id);
    expect(ids(await search('sejarah hilang', { filter: { libraryId: 'kupang' } }))).toEqual([gone.record.id]);
    expect(ids(await search('sejarah hilang', { filter: { libraryId: 'kupang', availableOnly: true } }))).toEqual([]);
  });

  it('tells how many copies each library holds and has on the shelf', async () => {
    const { record } = await newTitle(db, { kupang: 2, pasuruan: 1 }, { title: 'Ketersediaan Eksemplar Uji' });
    await db.getRepository(Item).update({ recordId: record.id, libraryId: 'pasuruan' }, { status: ItemStatus.ON_LOAN });
    const res = await search('ketersediaan eksemplar');
    expect(res.edges[0].node.availability).toEqual([
      { library: { id: 'kupang' }, copies: 2, available: 2 },
      { library: { id: 'pasuruan' }, copies: 1, available: 0 },
    ]);
  });

  it('pages by relevance without repeating or skipping a title', async () => {
    const all = await search('sejarah', { first: 100 });
    expect(all.totalCount).toBeGreaterThan(6);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await search('sejarah', { first: 4, after });
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: any) => e.node.id));
  });

  it('finds a title catalogued a moment ago', async () => {
    const add = await fed.query(
      `mutation { addBibliographicRecord(input: { title: "Ensiklopedia Sasando Pulau Rote", authors: ["Yohanes Ndolu"], publisher: "Uji", publishedYear: 2024,
         language: "ind", materialType: BOOK, ddc: "787.9", subjects: ["Alat musik tradisional", "Nusa Tenggara Timur"] }) { id subjects } }`,
      { token: await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: 'x' }) },
    );
    expect(add.errors).toBeUndefined();
    expect(add.data.addBibliographicRecord.subjects).toEqual(['Alat musik tradisional', 'Nusa Tenggara Timur']);
    const id = add.data.addBibliographicRecord.id;
    for (const q of ['ensiklopedia sasando', 'Ndolu', 'alat musik tradisional']) {
      expect((await search(q)).edges.map((e: any) => e.node.id)).toContain(id);
    }
  });

  it('answers short words gracefully (InnoDB indexes none under three letters)', async () => {
    const short = await search('Si', { first: 50 });
    expect(titles(short).filter((t: string) => t.startsWith('Si Kancil')).length).toBe(catalogue.filter((r) => r.title.startsWith('Si Kancil')).length);
    expect(titles(await search('si kancil', { first: 50 }))).toContain('Si Kancil Mencari Sahabat');
    expect(titles(await search('English for young'))).toEqual(['English for Young Learners']);
  });

  it('refuses a blank query, a bad page size and an inverted year range with BAD_USER_INPUT', async () => {
    for (const [variables, field] of [
      [{ query: '   ' }, 'query'],
      [{ query: '!!!' }, 'query'],
      [{ query: 'sejarah', first: 0 }, 'first'],
      [{ query: 'sejarah', filter: { yearFrom: 2020, yearTo: 2010 } }, 'filter.yearTo'],
      [{ query: 'sejarah', after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ] as const) {
      const res = await fed.query(SEARCH, { variables });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
    }
  });

  it('costs the same number of statements for a page of 5 titles as for 20 (no N+1)', async () => {
    const statements = async (first: number) => {
      const before = fed.subgraphs.collections.queries();
      await search('sejarah', { first });
      return fed.subgraphs.collections.queries() - before;
    };
    expect(await statements(20)).toBe(await statements(5));
  });

  if (backend === 'sqlite') {
    it('keeps the FTS5 table in step with the records through its triggers', async () => {
      const triggers: { name: string }[] = await db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'");
      expect(triggers.map((t) => t.name)).toEqual(expect.arrayContaining(SQLITE_FTS_TRIGGERS));
      const [{ fts }] = await db.query('SELECT COUNT(*) AS fts FROM record_fts');
      expect(fts).toBe(await db.getRepository(BibliographicRecord).count());
      const { record } = await newTitle(db, {}, { title: 'Judul Lama Sekali' });
      await db.getRepository(BibliographicRecord).update({ id: record.id }, { title: 'Judul Baru Berkilau' });
      expect((await search('berkilau')).edges.map((e: any) => e.node.id)).toEqual([record.id]);
      expect((await search('lama sekali')).totalCount).toBe(0);
    });
  }
});
