import ISBN from 'isbn3';
import { IsNull, Not } from 'typeorm';
import { INTERNAL_HEADER, signInternalToken, type Identity } from '../shared/platform/auth';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { collections } from '../subgraphs/collections';
import { demoCatalogue } from '../subgraphs/collections/demo/catalogue';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { Member, MemberType } from '../subgraphs/collections/members/member.entity';
import { BACKENDS, codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

const kupangMember = demoId('member', 'kupang', 5);
const otherKupangMember = demoId('member', 'kupang', 6);

const ITEMS = `query ($id: ID!, $first: Int, $after: String) {
  library(id: $id) { id items(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id barcode status location record { id title isbn } library { id } } }
  } }
}`;
const MEMBERS = `query ($id: ID!) { library(id: $id) { id members(first: 100) { totalCount edges { node { id name cardNumber } } } } }`;
const MEMBER = `query ($id: ID!) {
  member(id: $id) { id name email cardNumber memberType status library { id }
    loans(first: 100) { totalCount edges { node { id checkedOutAt dueOn returnedAt item { barcode status } member { id } } } } }
}`;
const ADD = `mutation ($input: AddBibliographicRecordInput!) {
  addBibliographicRecord(input: $input) { id title authors publisher publishedYear isbn language materialType ddc callNumber }
}`;

const recordInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Pustaka Desa di Pesisir Flores',
  authors: ['Maria Goreti Lamawuran'],
  publisher: 'Yayasan Pustaka Obor Indonesia',
  publishedYear: 2024,
  language: 'ind',
  materialType: 'BOOK',
  ddc: '027.4',
  ...overrides,
});

describe('the demo catalogue', () => {
  const catalogue = demoCatalogue();

  it('holds at least 220 titles', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(220);
    expect(new Set(catalogue.map((r) => r.id)).size).toBe(catalogue.length);
  });

  it('gives every ISBN a valid ISBN-13 under the Indonesian groups 978-602 and 978-623, none twice', () => {
    const isbns = catalogue.map((r) => r.isbn).filter((i): i is string => i !== null);
    expect(isbns.length).toBeGreaterThan(200);
    expect(new Set(isbns).size).toBe(isbns.length);
    for (const isbn of isbns) {
      const parsed = ISBN.parse(isbn);
      expect(parsed?.isbn13).toBe(isbn);
      expect(['978-602', '978-623']).toContain(`${parsed!.prefix}-${parsed!.group}`);
    }
  });
});

describe.each(BACKENDS)('collections (%s)', (backend) => {
  let fed: Federation;
  const tokens: Record<string, string> = {};
  const entities = async (identity: Identity, typename: string, id: string) =>
    postGraphQL(
      fed.subgraphs.collections.url,
      { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id } } }`, variables: { r: [{ __typename: typename, id }] } },
      { [INTERNAL_HEADER]: await signInternalToken(identity, fed.config.gatewaySecret) },
    );

  beforeAll(async () => {
    fed = await startFederation(backend);
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.kupangLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    tokens.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: kupangMember });
    tokens.otherMember = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: otherKupangMember });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(() => fed?.stop());

  describe('demo data', () => {
    it('spreads at least 560 copies over the four libraries', async () => {
      const repo = fed.subgraphs.collections.db.getRepository(Item);
      expect(await repo.count()).toBeGreaterThanOrEqual(560);
      for (const library of DEMO_LIBRARIES) expect(await repo.countBy({ libraryId: library.id })).toBeGreaterThan(100);
    });

    it('marks a copy ON_LOAN exactly when a loan of it is still out, some of them overdue', async () => {
      const db = fed.subgraphs.collections.db;
      const out = await db.getRepository(Loan).findBy({ returnedAt: IsNull() });
      const onLoan = await db.getRepository(Item).findBy({ status: ItemStatus.ON_LOAN });
      expect(out.map((l) => l.itemId).sort()).toEqual(onLoan.map((i) => i.id).sort());
      expect(out.filter((l) => l.dueOn < DEMO_TODAY).length).toBeGreaterThan(0);
      expect(out.filter((l) => l.dueOn > DEMO_TODAY).length).toBeGreaterThan(0);
      expect(await db.getRepository(Loan).countBy({ returnedAt: Not(IsNull()) })).toBeGreaterThan(0);
    });

    it('gives each library its card holders, the first three standing for the partner schools', async () => {
      const repo = fed.subgraphs.collections.db.getRepository(Member);
      for (const library of DEMO_LIBRARIES) {
        expect(await repo.countBy({ libraryId: library.id })).toBe(DEMO_COUNTS.membersPerLibrary);
        for (let i = 0; i < 3; i++) {
          const school = await repo.findOneByOrFail({ id: demoId('member', library.id, i) });
          expect(school).toMatchObject({ memberType: MemberType.INSTITUTION, partnerId: demoId('partner', library.id, i) });
          expect(school.name).toMatch(/^S(D|MP|MA) Negeri /);
        }
      }
    });

    it('adds nothing when seeded a second time', async () => {
      const db = fed.subgraphs.collections.db;
      const before = await db.getRepository(Item).count();
      expect(await collections.seed(db)).toEqual({});
      expect(await db.getRepository(Item).count()).toBe(before);
    });
  });

  describe('Library.items', () => {
    it("lists a library's copies by barcode to anyone, PUBLIC included", async () => {
      const res = await fed.query(ITEMS, { variables: { id: 'kupang', first: 10 } });
      expect(res.errors).toBeUndefined();
      const { totalCount, edges } = res.data.library.items;
      expect(totalCount).toBeGreaterThan(100);
      const barcodes = edges.map((e: any) => e.node.barcode);
      expect(barcodes).toHaveLength(10);
      expect(barcodes).toEqual([...barcodes].sort());
      for (const { node } of edges) {
        expect(node.barcode).toMatch(/^KPG-\d{6}$/);
        expect(node.library.id).toBe('kupang');
        expect(node.record.title).toMatch(/\S/);
      }
    });

    it('pages on from the end cursor without repeating or skipping a copy', async () => {
      const all = await fed.query(ITEMS, { variables: { id: 'baubau', first: 14 } });
      const first = await fed.query(ITEMS, { variables: { id: 'baubau', first: 7 } });
      const next = await fed.query(ITEMS, { variables: { id: 'baubau', first: 7, after: first.data.library.items.pageInfo.endCursor } });
      const ids = (res: any) => res.data.library.items.edges.map((e: any) => e.node.id);
      expect([...ids(first), ...ids(next)]).toEqual(ids(all));
      expect(next.data.library.items.pageInfo.hasNextPage).toBe(true);
    });
  });

  describe('Library.members', () => {
    it("lists the library's card holders by name to its LIBRARIAN", async () => {
      const res = await fed.query(MEMBERS, { token: tokens.kupangLibrarian, variables: { id: 'kupang' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.library.members.totalCount).toBe(DEMO_COUNTS.membersPerLibrary);
      const names = res.data.library.members.edges.map((e: any) => e.node.name);
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('lists them to ADMIN', async () => {
      const res = await fed.query(MEMBERS, { token: tokens.admin, variables: { id: 'pasuruan' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.library.members.totalCount).toBe(DEMO_COUNTS.membersPerLibrary);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED, leaving the rest of the library readable', async () => {
      const res = await fed.query(MEMBERS, { variables: { id: 'kupang' } });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data.library).toMatchObject({ id: 'kupang', members: null });
    });

    it.each([
      ['GOVERNMENT', 'government'],
      ["another library's LIBRARY_ADMIN", 'baubauAdmin'],
      ['a MEMBER', 'member'],
      ['a PARTNER', 'partner'],
    ])('refuses %s with FORBIDDEN', async (_who, token) => {
      const res = await fed.query(MEMBERS, { token: tokens[token], variables: { id: 'kupang' } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.library.members).toBeNull();
    });
  });

  describe('Query.member', () => {
    it('shows members their own card and loans, oldest loan first', async () => {
      const res = await fed.query(MEMBER, { token: tokens.member, variables: { id: kupangMember } });
      expect(res.errors).toBeUndefined();
      expect(res.data.member).toMatchObject({ id: kupangMember, library: { id: 'kupang' } });
      const loans = res.data.member.loans.edges.map((e: any) => e.node);
      const times = loans.map((l: any) => l.checkedOutAt);
      expect(times).toEqual([...times].sort());
      for (const loan of loans) expect(loan.member.id).toBe(kupangMember);
    });

    it("pages through a member's loans by checkout time without repeating or skipping one", async () => {
      const [busiest] = await fed.subgraphs.collections.db
        .getRepository(Loan)
        .createQueryBuilder('l')
        .select('l.memberId', 'memberId')
        .addSelect('COUNT(*)', 'n')
        .where('l.libraryId = :lib', { lib: 'kupang' })
        .groupBy('l.memberId')
        .orderBy('n', 'DESC')
        .getRawMany();
      const PAGE = `query ($id: ID!, $after: String) {
        member(id: $id) { loans(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }
      }`;
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const res = await fed.query(PAGE, { token: tokens.kupangAdmin, variables: { id: busiest.memberId, after } });
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo, totalCount } = res.data.member.loans;
        expect(totalCount).toBe(Number(busiest.n));
        seen.push(...edges.map((e: any) => e.node.id));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      const all = await fed.query(MEMBER, { token: tokens.kupangAdmin, variables: { id: busiest.memberId } });
      expect(seen).toEqual(all.data.member.loans.edges.map((e: any) => e.node.id));
      expect(seen.length).toBeGreaterThanOrEqual(3);
    });

    it("shows a member to their library's LIBRARIAN", async () => {
      const res = await fed.query(MEMBER, { token: tokens.kupangLibrarian, variables: { id: otherKupangMember } });
      expect(res.errors).toBeUndefined();
      expect(res.data.member.id).toBe(otherKupangMember);
    });

    it.each([
      ['another member', 'otherMember'],
      ["another library's LIBRARY_ADMIN", 'baubauAdmin'],
      ['GOVERNMENT', 'government'],
    ])('refuses %s with FORBIDDEN', async (_who, token) => {
      const res = await fed.query(MEMBER, { token: tokens[token], variables: { id: kupangMember } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED, known id or not', async () => {
      expect(codes(await fed.query(MEMBER, { variables: { id: kupangMember } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(MEMBER, { variables: { id: demoId('member', 'nowhere', 1) } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('answers NOT_FOUND to staff for an unknown id', async () => {
      const res = await fed.query(MEMBER, { token: tokens.kupangAdmin, variables: { id: demoId('member', 'nowhere', 1) } });
      expect(codes(res)).toEqual(['NOT_FOUND']);
    });
  });

  describe('Member as a federation reference', () => {
    it("resolves for the member themself and their library's staff", async () => {
      for (const identity of [
        { sub: 'm', role: 'MEMBER', libraryId: 'kupang', memberId: kupangMember },
        { sub: 'a', role: 'LIBRARY_ADMIN', libraryId: 'kupang' },
      ] as Identity[]) {
        const res = await entities(identity, 'Member', kupangMember);
        expect(res.errors).toBeUndefined();
        expect(res.data._entities[0].id).toBe(kupangMember);
      }
    });

    it("refuses another library's staff and GOVERNMENT with FORBIDDEN, PUBLIC with UNAUTHENTICATED", async () => {
      expect(codes(await entities({ sub: 'b', role: 'LIBRARY_ADMIN', libraryId: 'baubau' }, 'Member', kupangMember))).toEqual(['FORBIDDEN']);
      expect(codes(await entities({ sub: 'g', role: 'GOVERNMENT' }, 'Member', kupangMember))).toEqual(['FORBIDDEN']);
      expect(codes(await entities({ sub: 'anonymous', role: 'PUBLIC' }, 'Member', kupangMember))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a loan to anyone but the borrower and the lending library', async () => {
      const loan = await fed.subgraphs.collections.db.getRepository(Loan).findOneByOrFail({ libraryId: 'kupang' });
      const borrower = { sub: 'm', role: 'MEMBER', libraryId: 'kupang', memberId: loan.memberId } as Identity;
      expect((await entities(borrower, 'Loan', loan.id)).data._entities[0].id).toBe(loan.id);
      expect(codes(await entities({ sub: 'b', role: 'LIBRARIAN', libraryId: 'baubau', librarianId: 'x' }, 'Loan', loan.id))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Query.item and Query.bibliographicRecord', () => {
    it('shows a copy and its title to anyone', async () => {
      const id = demoId('item', 'pasuruan', 1);
      const res = await fed.query(`{ item(id: "${id}") { id barcode acquiredOn price library { id city } record { id title authors ddc callNumber } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.item).toMatchObject({ id, barcode: 'PSR-000001', library: { id: 'pasuruan', city: 'Pasuruan' } });
      expect(res.data.item.acquiredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const record = await fed.query(`{ bibliographicRecord(id: "${res.data.item.record.id}") { id title items(first: 50) { edges { node { id } } } } }`);
      expect(record.data.bibliographicRecord.items.edges.map((e: any) => e.node.id)).toContain(id);
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      expect(codes(await fed.query(`{ item(id: "${demoId('item', 'nowhere', 1)}") { id } }`))).toEqual(['NOT_FOUND']);
      expect(codes(await fed.query(`{ bibliographicRecord(id: "${demoId('record', 'nowhere')}") { id } }`))).toEqual(['NOT_FOUND']);
    });
  });

  describe('Mutation.addBibliographicRecord', () => {
    const rowsTitled = (title: string) => fed.subgraphs.collections.db.getRepository(BibliographicRecord).countBy({ title });

    it('catalogues a title for a LIBRARIAN, storing an ISBN-10 as ISBN-13 and deriving the call number', async () => {
      const res = await fed.query(ADD, { token: tokens.kupangLibrarian, variables: { input: recordInput({ isbn: '0-306-40615-2' }) } });
      expect(res.errors).toBeUndefined();
      expect(res.data.addBibliographicRecord).toMatchObject({
        isbn: '9780306406157',
        authors: ['Maria Goreti Lamawuran'],
        callNumber: '027.4 LAM p',
      });
      const again = await fed.query(`{ bibliographicRecord(id: "${res.data.addBibliographicRecord.id}") { isbn } }`);
      expect(again.data.bibliographicRecord.isbn).toBe('9780306406157');
    });

    it('refuses an invalid ISBN with BAD_USER_INPUT on isbn and writes nothing', async () => {
      const title = 'Buku dengan ISBN Salah';
      const res = await fed.query(ADD, { token: tokens.admin, variables: { input: recordInput({ title, isbn: '978-602-03-3295-0' }) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('isbn');
      expect(await rowsTitled(title)).toBe(0);
    });

    it('refuses an ISBN already in the catalogue with CONFLICT, however it is written', async () => {
      const existing = demoCatalogue().find((r) => r.isbn)!.isbn!;
      const hyphenated = ISBN.parse(existing)!.isbn13h;
      const title = 'Duplikat Katalog';
      const res = await fed.query(ADD, { token: tokens.kupangAdmin, variables: { input: recordInput({ title, isbn: hyphenated }) } });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(await rowsTitled(title)).toBe(0);
    });

    it.each([
      ['a year before printing', { publishedYear: 1400 }, 'publishedYear'],
      ['a year after next', { publishedYear: new Date().getUTCFullYear() + 2 }, 'publishedYear'],
      ['an empty title', { title: '' }, 'title'],
      ['a language that is not ISO 639-2', { language: 'Indonesia' }, 'language'],
      ['a malformed Dewey class', { ddc: '89A' }, 'ddc'],
    ])('refuses %s with BAD_USER_INPUT', async (_what, overrides, field) => {
      const res = await fed.query(ADD, { token: tokens.admin, variables: { input: recordInput(overrides) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED and a MEMBER or GOVERNMENT with FORBIDDEN', async () => {
      const variables = { input: recordInput({ title: 'Tidak Boleh' }) };
      expect(codes(await fed.query(ADD, { variables }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(ADD, { token: tokens.member, variables }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.government, variables }))).toEqual(['FORBIDDEN']);
      expect(await rowsTitled('Tidak Boleh')).toBe(0);
    });
  });
});
