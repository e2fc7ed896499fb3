import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { MarcSourceRecord } from '../subgraphs/collections/marc/marc-source.entity';
import { refreshOaiState } from '../subgraphs/collections/oai/oai.service';
import { OaiRecordState } from '../subgraphs/collections/oai/oai-record-state.entity';
import { circulationViolations, newMember, newTitle as insertTitle, setToday, type Title } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const RECORD = 'id title subtitle authors subjects publishedYear isbn ddc callNumber';
const UPDATE = `mutation ($id: ID!, $input: UpdateBibliographicRecordInput!) { updateBibliographicRecord(id: $id, input: $input) { ${RECORD} } }`;
const ADD = `mutation ($input: AddBibliographicRecordInput!) { addBibliographicRecord(input: $input) { ${RECORD} } }`;
const SEARCH = `query ($q: String!) { searchCatalogue(query: $q, first: 50) { totalCount edges { node { id } } } }`;
const WITHDRAW = `mutation ($id: ID!, $libraryId: ID) { withdrawBibliographicRecord(id: $id, libraryId: $libraryId) }`;
const SET_STATUS = `mutation ($barcode: String!, $status: ItemStatus!) { setItemStatus(barcode: $barcode, status: $status) { item { status } } }`;
const AVAILABILITY = `query ($id: ID!) { bibliographicRecord(id: $id) { availability { library { id } copies available } } }`;
const UPDATE_ITEM = `mutation ($id: ID!, $input: UpdateItemInput!) { updateItem(id: $id, input: $input) { id location collectionType } }`;
const MOVE = `mutation ($input: MoveItemsInput!) { moveItems(input: $input) { id record { id } } }`;
const MERGE = `mutation ($survivorId: ID!, $duplicateId: ID!) { mergeBibliographicRecords(survivorId: $survivorId, duplicateId: $duplicateId) { ${RECORD} items { totalCount } } }`;
const HEADING = 'id kind heading seeFrom';
const ADD_HEADING = `mutation ($input: AddAuthorityHeadingInput!) { addAuthorityHeading(input: $input) { ${HEADING} } }`;
const ADD_SEE = `mutation ($headingId: ID!, $variant: String!) { addSeeReference(headingId: $headingId, variant: $variant) { ${HEADING} } }`;
const LABELS = `query ($copies: CopySelection!, $kind: LabelKind) { copyLabels(copies: $copies, kind: $kind) { contentType filename body rows } }`;

const newRecordInput = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  authors: ['Penulis Uji'],
  publisher: 'Penerbit Uji',
  publishedYear: 2020,
  language: 'ind',
  materialType: 'BOOK',
  ddc: '899.221 3',
  ...extra,
});

describe.each(BACKENDS)('catalogue maintenance (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  /** Callers who never maintain the catalogue: refused whatever they ask. */
  const outsiders = () =>
    [
      ['a MEMBER', tokens.member, 'FORBIDDEN'],
      ['a PARTNER', tokens.partner, 'FORBIDDEN'],
      ['GOVERNMENT', tokens.government, 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ] as const;

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3) });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.pasuruan = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 0) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  /** A new title with copies; its copies read back from the database, by barcode. */
  const newTitle = async (...[, copies, options]: Parameters<typeof insertTitle>): Promise<Title> => {
    const { record } = await insertTitle(db, copies, options);
    return { record, items: await db.getRepository(Item).find({ where: { recordId: record.id }, order: { barcode: 'ASC' } }) };
  };

  const searchIds = async (q: string): Promise<string[]> => {
    const res = await fed.query(SEARCH, { variables: { q } });
    expect(res.errors).toBeUndefined();
    return res.data.searchCatalogue.edges.map((e: { node: { id: string } }) => e.node.id);
  };

  describe('editing a record', () => {
    it('lets a librarian of any library edit a shared record, stores the ISBN as ISBN-13, and the search follows', async () => {
      const { record } = await newTitle(db, { kupang: 1, baubau: 1 }, { title: 'Kebun Lontar Rote' });
      expect(await searchIds('Lontar Rote')).toContain(record.id);

      const res = await fed.query(UPDATE, {
        token: tokens.pasuruan,
        variables: { id: record.id, input: { title: 'Pohon Siwalan Sabu', isbn: '0-306-40615-2', publishedYear: 2021, subtitle: 'catatan lapangan' } },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateBibliographicRecord).toMatchObject({ title: 'Pohon Siwalan Sabu', subtitle: 'catatan lapangan', isbn: '9780306406157', publishedYear: 2021 });
      // The fields not given stay.
      expect(res.data.updateBibliographicRecord).toMatchObject({ authors: record.authors, ddc: record.ddc, callNumber: record.callNumber });

      expect(await searchIds('Siwalan Sabu')).toContain(record.id);
      expect(await searchIds('Lontar Rote')).not.toContain(record.id);
      expect(await searchIds('978-0-306-40615-7')).toEqual([record.id]);
    });

    it('derives the call number again when asked with null, from the class, first author and title', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      const res = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: record.id, input: { ddc: '633.1', authors: ['Nona Manis'], callNumber: null } } });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateBibliographicRecord.callNumber).toBe(`633.1 MAN ${record.title[0].toLowerCase()}`);
    });

    it.each([
      ['a blank title', { title: '   ' }, 'title'],
      ['no title at all', { title: null }, 'title'],
      ['an ISBN with a wrong check digit', { isbn: '978-0-306-40615-8' }, 'isbn'],
      ['a year before printing', { publishedYear: 1200 }, 'publishedYear'],
      ['a year far in the future', { publishedYear: 2100 }, 'publishedYear'],
      ['a class that is not Dewey', { ddc: 'ABC' }, 'ddc'],
      ['a blank author', { authors: ['Nona Manis', ' '] }, 'authors'],
    ])('refuses %s with BAD_USER_INPUT on the field and changes nothing', async (_what, input, field) => {
      const { record } = await newTitle(db, { kupang: 1 });
      const before = await db.getRepository(BibliographicRecord).findOneByOrFail({ id: record.id });
      const res = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: record.id, input } });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await db.getRepository(BibliographicRecord).findOneByOrFail({ id: record.id })).toEqual(before);
    });

    it('refuses an ISBN another record has (CONFLICT) and an unknown record (NOT_FOUND)', async () => {
      const first = await fed.query(ADD, { token: tokens.librarian, variables: { input: newRecordInput('Tenun Ikat Sumba', { isbn: '9786020332956' }) } });
      expect(first.errors).toBeUndefined();
      const { record } = await newTitle(db, { kupang: 1 });
      const taken = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: record.id, input: { isbn: '978-602-03-3295-6' } } });
      expect(codes(taken)).toEqual(['CONFLICT']);
      expect((await db.getRepository(BibliographicRecord).findOneByOrFail({ id: record.id })).isbn).toBeNull();
      // Its own ISBN again is no conflict.
      const same = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: first.data.addBibliographicRecord.id, input: { isbn: '9786020332956' } } });
      expect(same.errors).toBeUndefined();
      const unknown = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: '00000000-0000-4000-8000-000000000000', input: { title: 'X' } } });
      expect(codes(unknown)).toEqual(['NOT_FOUND']);
    });

    it('refuses members, partners, government and anonymous callers', async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      for (const [, token, code] of outsiders()) {
        const res = await fed.query(UPDATE, { token, variables: { id: record.id, input: { title: 'Diubah' } } });
        expect(codes(res)).toEqual([code]);
      }
      expect((await db.getRepository(BibliographicRecord).findOneByOrFail({ id: record.id })).title).toBe(record.title);
    });
  });

  describe('copies', () => {
    it("lets the library's staff change a copy's shelf location, and refuses another library's librarian and outsiders", async () => {
      const { items } = await newTitle(db, { kupang: 1 });
      const moved = await fed.query(UPDATE_ITEM, {
        token: tokens.libraryAdmin,
        variables: { id: items[0].id, input: { location: ' Ruang Anak,  rak 3 ', collectionType: 'CHILDREN' } },
      });
      expect(moved.data.updateItem).toEqual({ id: items[0].id, location: 'Ruang Anak, rak 3', collectionType: 'CHILDREN' });
      for (const [token, code] of [[tokens.pasuruan, 'FORBIDDEN'], ...outsiders().map(([, t, c]) => [t, c])]) {
        const res = await fed.query(UPDATE_ITEM, { token, variables: { id: items[0].id, input: { location: 'Gudang' } } });
        expect(codes(res)).toEqual([code]);
      }
      const blank = await fed.query(UPDATE_ITEM, { token: tokens.librarian, variables: { id: items[0].id, input: { location: '  ' } } });
      expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location' });
      expect((await db.getRepository(Item).findOneByOrFail({ id: items[0].id })).location).toBe('Ruang Anak, rak 3');
    });

    it('withdraws a copy: it keeps its loans, leaves the availability and can be neither lent nor held', async () => {
      const { record, items } = await newTitle(db, { kupang: 2 });
      const borrower = await newMember(db, 'kupang');
      const lent = await fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
        token: tokens.librarian,
        variables: { b: items[0].barcode, m: borrower.id },
      });
      expect(lent.errors).toBeUndefined();
      const onLoan = await fed.query(SET_STATUS, { token: tokens.librarian, variables: { barcode: items[0].barcode, status: 'WITHDRAWN' } });
      expect(codes(onLoan)).toEqual(['CONFLICT']);
      await fed.query(`mutation ($b: String!) { returnItem(barcode: $b) { loan { id } } }`, { token: tokens.librarian, variables: { b: items[0].barcode } });

      for (const item of items) {
        const res = await fed.query(SET_STATUS, { token: tokens.librarian, variables: { barcode: item.barcode, status: 'WITHDRAWN' } });
        expect(res.data.setItemStatus.item.status).toBe('WITHDRAWN');
      }
      const availability = await fed.query(AVAILABILITY, { variables: { id: record.id } });
      expect(availability.data.bibliographicRecord.availability).toEqual([]);
      // The loan of the withdrawn copy is still there to read.
      const history = await fed.query(`query ($id: ID!) { member(id: $id) { loans(first: 10) { edges { node { item { barcode status } returnedAt } } } } }`, {
        token: tokens.librarian,
        variables: { id: borrower.id },
      });
      expect(history.data.member.loans.edges).toEqual([{ node: { item: { barcode: items[0].barcode, status: 'WITHDRAWN' }, returnedAt: expect.any(String) } }]);

      const lend = await fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
        token: tokens.librarian,
        variables: { b: items[1].barcode, m: borrower.id },
      });
      expect(codes(lend)).toEqual(['CONFLICT']);
      const hold = await fed.query(`mutation ($r: ID!, $m: ID!) { placeHold(recordId: $r, memberId: $m, pickupLibraryId: "kupang") { id } }`, {
        token: tokens.librarian,
        variables: { r: record.id, m: borrower.id },
      });
      expect(codes(hold)).toEqual(['CONFLICT']);
    });
  });

  describe('withdrawing a record', () => {
    it("withdraws the librarian's own library's copies only, and ADMIN's every library's", async () => {
      const { record } = await newTitle(db, { kupang: 2, pasuruan: 1 });
      const res = await fed.query(WITHDRAW, { token: tokens.librarian, variables: { id: record.id } });
      expect(res.data.withdrawBibliographicRecord).toBe(2);
      const statuses = async (libraryId: string) => (await db.getRepository(Item).findBy({ recordId: record.id, libraryId })).map((i) => i.status);
      expect(await statuses('kupang')).toEqual([ItemStatus.WITHDRAWN, ItemStatus.WITHDRAWN]);
      expect(await statuses('pasuruan')).toEqual([ItemStatus.AVAILABLE]);
      const availability = await fed.query(AVAILABILITY, { variables: { id: record.id } });
      expect(availability.data.bibliographicRecord.availability).toEqual([{ library: { id: 'pasuruan' }, copies: 1, available: 1 }]);

      const other = await fed.query(WITHDRAW, { token: tokens.librarian, variables: { id: record.id, libraryId: 'pasuruan' } });
      expect(codes(other)).toEqual(['FORBIDDEN']);
      for (const [, token, code] of outsiders()) expect(codes(await fed.query(WITHDRAW, { token, variables: { id: record.id } }))).toEqual([code]);
      expect(await statuses('pasuruan')).toEqual([ItemStatus.AVAILABLE]);

      const all = await fed.query(WITHDRAW, { token: tokens.admin, variables: { id: record.id } });
      expect(all.data.withdrawBibliographicRecord).toBe(1);
      // Withdrawn from every library: OAI-PMH reports the record deleted.
      await refreshOaiState(db);
      expect(await db.getRepository(OaiRecordState).findOneByOrFail({ recordId: record.id })).toMatchObject({ deleted: true });
    });

    it('refuses while a copy is on loan, and withdraws nothing', async () => {
      const { record, items } = await newTitle(db, { kupang: 2 });
      const borrower = await newMember(db, 'kupang');
      await fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
        token: tokens.librarian,
        variables: { b: items[1].barcode, m: borrower.id },
      });
      const res = await fed.query(WITHDRAW, { token: tokens.librarian, variables: { id: record.id } });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].message).toContain(items[1].barcode);
      expect((await db.getRepository(Item).findBy({ recordId: record.id })).map((i) => i.status).sort()).toEqual([ItemStatus.AVAILABLE, ItemStatus.ON_LOAN]);
    });
    it('never withdraws a copy that is being lent at the same moment', async () => {
      const { record, items } = await newTitle(db, { kupang: 3 });
      const borrowers = await Promise.all(items.map(() => newMember(db, 'kupang')));
      const results = await Promise.all([
        fed.query(WITHDRAW, { token: tokens.librarian, variables: { id: record.id } }),
        ...items.map((item, k) =>
          fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
            token: tokens.librarian,
            variables: { b: item.barcode, m: borrowers[k].id },
          }),
        ),
      ]);
      const [withdrawal, ...loans] = results;
      const lent = loans.filter((r) => !r.errors).length;
      const statuses = (await db.getRepository(Item).findBy({ recordId: record.id })).map((i) => i.status);
      if (withdrawal.errors) {
        // Refused, all or nothing: no copy withdrawn, every lent copy on loan.
        expect(codes(withdrawal)).toEqual(['CONFLICT']);
        expect(lent).toBeGreaterThan(0);
        expect(statuses.filter((x) => x === ItemStatus.WITHDRAWN)).toEqual([]);
      } else {
        // It came first: every copy withdrawn, no loan made.
        expect(withdrawal.data.withdrawBibliographicRecord).toBe(3);
        expect(lent).toBe(0);
      }
      expect(statuses.filter((x) => x === ItemStatus.ON_LOAN)).toHaveLength(lent);
      expect(await circulationViolations(db)).toEqual([]);
    });
  });

  describe('moving copies and merging records', () => {
    it("moves a librarian's own copies to another record, and refuses another library's copies", async () => {
      const from = await newTitle(db, { kupang: 2, pasuruan: 1 });
      const to = await newTitle(db, { kupang: 1 });
      const kupangIds = from.items.filter((i) => i.libraryId === 'kupang').map((i) => i.id);
      const res = await fed.query(MOVE, { token: tokens.librarian, variables: { input: { itemIds: kupangIds, toRecordId: to.record.id } } });
      expect(res.errors).toBeUndefined();
      expect(res.data.moveItems.map((i: { record: { id: string } }) => i.record.id)).toEqual([to.record.id, to.record.id]);

      const pasuruanCopy = from.items.find((i) => i.libraryId === 'pasuruan')!;
      const refused = await fed.query(MOVE, { token: tokens.librarian, variables: { input: { itemIds: [pasuruanCopy.id], toRecordId: to.record.id } } });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      for (const [, token, code] of outsiders()) {
        expect(codes(await fed.query(MOVE, { token, variables: { input: { itemIds: [pasuruanCopy.id], toRecordId: to.record.id } } }))).toEqual([code]);
      }
      expect((await db.getRepository(Item).findOneByOrFail({ id: pasuruanCopy.id })).recordId).toBe(from.record.id);
    });

    it('merges a duplicate: copies, loans, holds and MARC sources move to the survivor in one go, and the duplicate reads as gone', async () => {
      const survivor = await newTitle(db, { kupang: 1 }, { subjects: ['Pertanian'] });
      const duplicate = await newTitle(db, { kupang: 2 }, { subjects: ['Nusa Tenggara Timur'] });
      await db.getRepository(BibliographicRecord).update({ id: duplicate.record.id }, { isbn: '9789794339541' });
      const borrower = await newMember(db, 'kupang');
      const waiting = await newMember(db, 'kupang');
      const lent = await fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
        token: tokens.librarian,
        variables: { b: duplicate.items[0].barcode, m: borrower.id },
      });
      expect(lent.errors).toBeUndefined();
      const held = await fed.query(`mutation ($r: ID!, $m: ID!) { placeHold(recordId: $r, memberId: $m, pickupLibraryId: "kupang") { id } }`, {
        token: tokens.librarian,
        variables: { r: duplicate.record.id, m: waiting.id },
      });
      expect(held.errors).toBeUndefined();
      const source = (id: string, recordId: string, controlNumber: string, hash: string) => ({
        id,
        recordId,
        libraryId: 'kupang',
        controlNumber,
        controlSource: '',
        matchKey: controlNumber,
        contentHash: hash.repeat(64),
        revision: 1,
        marc: '{"leader":"","fields":[]}',
        mapped: '{}',
      });
      await db
        .getRepository(MarcSourceRecord)
        .insert([
          source('7d1b5a52-0000-4000-8000-000000000001', duplicate.record.id, 'DUP-1', 'a'),
          source('7d1b5a52-0000-4000-8000-000000000002', duplicate.record.id, 'DUP-SAME', 'b'),
          source('7d1b5a52-0000-4000-8000-000000000003', survivor.record.id, 'KEPT-1', 'b'),
        ]);

      // Harvesters have seen the duplicate.
      await refreshOaiState(db);
      expect(await db.getRepository(OaiRecordState).findOneByOrFail({ recordId: duplicate.record.id })).toMatchObject({ deleted: false });

      const res = await fed.query(MERGE, { token: tokens.librarian, variables: { survivorId: survivor.record.id, duplicateId: duplicate.record.id } });
      expect(res.errors).toBeUndefined();
      expect(res.data.mergeBibliographicRecords).toMatchObject({ id: survivor.record.id, isbn: '9789794339541', subjects: ['Pertanian', 'Nusa Tenggara Timur'] });
      expect(res.data.mergeBibliographicRecords.items.totalCount).toBe(3);
      expect(await db.getRepository(Loan).findOneByOrFail({ id: lent.data.checkoutItem.id })).toMatchObject({ itemId: duplicate.items[0].id });
      expect(await db.getRepository(Hold).findOneByOrFail({ id: held.data.placeHold.id })).toMatchObject({ recordId: survivor.record.id, status: HoldStatus.WAITING });
      // The duplicate's source joins before the survivor's own (its export still starts from its own); the same content once.
      const sources = await db.getRepository(MarcSourceRecord).find({ where: { recordId: survivor.record.id }, order: { revision: 'ASC' } });
      expect(sources.map((x) => [x.controlNumber, x.revision])).toEqual([
        ['DUP-1', 1],
        ['KEPT-1', 2],
      ]);
      expect(await db.getRepository(MarcSourceRecord).existsBy({ controlNumber: 'DUP-SAME' })).toBe(false);

      const gone = await fed.query(`query ($id: ID!) { bibliographicRecord(id: $id) { id } }`, { variables: { id: duplicate.record.id } });
      expect(codes(gone)).toEqual(['NOT_FOUND']);
      expect(await searchIds('9789794339541')).toEqual([survivor.record.id]);
      await refreshOaiState(db);
      expect(await db.getRepository(OaiRecordState).findOneByOrFail({ recordId: duplicate.record.id })).toMatchObject({ deleted: true });
    });

    it('keeps one open hold of a member waiting for both records, and refuses to move a copy set aside for a hold', async () => {
      const survivor = await newTitle(db, { kupang: 1 });
      const duplicate = await newTitle(db, { kupang: 1 });
      const [first, both] = [await newMember(db, 'kupang'), await newMember(db, 'kupang')];
      const hold = (recordId: string, memberId: string) =>
        fed.query(`mutation ($r: ID!, $m: ID!) { placeHold(recordId: $r, memberId: $m, pickupLibraryId: "kupang") { id } }`, {
          token: tokens.librarian,
          variables: { r: recordId, m: memberId },
        });
      // Both copies are out, so the holds wait.
      for (const [item, member] of [
        [survivor.items[0], await newMember(db, 'kupang')],
        [duplicate.items[0], await newMember(db, 'kupang')],
      ] as const) {
        const lent = await fed.query(`mutation ($b: String!, $m: ID!) { checkoutItem(barcode: $b, memberId: $m) { id } }`, {
          token: tokens.librarian,
          variables: { b: item.barcode, m: member.id },
        });
        expect(lent.errors).toBeUndefined();
      }
      expect((await hold(survivor.record.id, first.id)).errors).toBeUndefined();
      expect((await hold(survivor.record.id, both.id)).errors).toBeUndefined();
      expect((await hold(duplicate.record.id, both.id)).errors).toBeUndefined();

      const merged = await fed.query(MERGE, { token: tokens.librarian, variables: { survivorId: survivor.record.id, duplicateId: duplicate.record.id } });
      expect(merged.errors).toBeUndefined();
      const open = await db.getRepository(Hold).find({ where: { recordId: survivor.record.id, status: HoldStatus.WAITING }, order: { position: 'ASC' } });
      expect(open.map((h) => h.memberId)).toEqual([first.id, both.id]);
      expect(await db.getRepository(Hold).countBy({ recordId: survivor.record.id, memberId: both.id, status: HoldStatus.CANCELLED })).toBe(1);

      // A copy on the hold shelf serves its record's queue.
      const other = await newTitle(db, { kupang: 1 });
      await db.getRepository(Item).update({ id: other.items[0].id }, { status: ItemStatus.ON_HOLD_SHELF });
      const move = await fed.query(MOVE, { token: tokens.librarian, variables: { input: { itemIds: [other.items[0].id], toRecordId: survivor.record.id } } });
      expect(codes(move)).toEqual(['CONFLICT']);
      expect((await db.getRepository(Item).findOneByOrFail({ id: other.items[0].id })).recordId).toBe(other.record.id);
    });

    it('needs ADMIN to merge a duplicate another library holds copies of', async () => {
      const survivor = await newTitle(db, { kupang: 1 });
      const duplicate = await newTitle(db, { kupang: 1, pasuruan: 1 });
      const refused = await fed.query(MERGE, { token: tokens.librarian, variables: { survivorId: survivor.record.id, duplicateId: duplicate.record.id } });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      for (const [, token, code] of outsiders()) {
        expect(codes(await fed.query(MERGE, { token, variables: { survivorId: survivor.record.id, duplicateId: duplicate.record.id } }))).toEqual([code]);
      }
      expect(await db.getRepository(Item).countBy({ recordId: duplicate.record.id })).toBe(2);

      const self = await fed.query(MERGE, { token: tokens.admin, variables: { survivorId: survivor.record.id, duplicateId: survivor.record.id } });
      expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duplicateId' });
      const merged = await fed.query(MERGE, { token: tokens.admin, variables: { survivorId: survivor.record.id, duplicateId: duplicate.record.id } });
      expect(merged.data.mergeBibliographicRecords.items.totalCount).toBe(3);
      expect(await db.getRepository(BibliographicRecord).existsBy({ id: duplicate.record.id })).toBe(false);
    });
  });

  describe('authority file', () => {
    it('saves a variant name as its authorised heading and finds the records of the heading by the variant', async () => {
      const heading = await fed.query(ADD_HEADING, {
        token: tokens.librarian,
        variables: { input: { kind: 'PERSONAL_NAME', heading: 'Toer, Pramoedya Ananta', seeFrom: ['Pramoedya Ananta Toer', 'Pram'] } },
      });
      expect(heading.errors).toBeUndefined();
      expect(heading.data.addAuthorityHeading).toMatchObject({ kind: 'PERSONAL_NAME', heading: 'Toer, Pramoedya Ananta', seeFrom: ['Pram', 'Pramoedya Ananta Toer'] });

      const added = await fed.query(ADD, { token: tokens.pasuruan, variables: { input: newRecordInput('Gadis Pantai', { authors: ['pramoedya  ananta toer'] }) } });
      expect(added.data.addBibliographicRecord.authors).toEqual(['Toer, Pramoedya Ananta']);
      const { record } = await newTitle(db, { kupang: 1 });
      const edited = await fed.query(UPDATE, { token: tokens.librarian, variables: { id: record.id, input: { authors: ['Pram'] } } });
      expect(edited.data.updateBibliographicRecord.authors).toEqual(['Toer, Pramoedya Ananta']);

      const found = await searchIds('Pramoedya Ananta Toer');
      expect(found).toEqual(expect.arrayContaining([added.data.addBibliographicRecord.id, record.id]));
      const lookup = await fed.query(`{ authorisedForm(kind: PERSONAL_NAME, form: "PRAMOEDYA ANANTA TOER") }`);
      expect(lookup.data.authorisedForm).toBe('Toer, Pramoedya Ananta');
      const list = await fed.query(`{ authorityHeadings(kind: PERSONAL_NAME, startsWith: "pram") { totalCount edges { node { heading } } } }`);
      expect(list.data.authorityHeadings.edges.map((e: { node: { heading: string } }) => e.node.heading)).toEqual(['Toer, Pramoedya Ananta']);
    });

    it("relinks the records that already carry a form when it becomes a heading or a variant, and lists a record's headings", async () => {
      const { record } = await newTitle(db, { kupang: 1 });
      await db.getRepository(BibliographicRecord).update({ id: record.id }, { authors: ['Umbu Landu Paranggi', 'Penulis Uji'], subjects: ['Puisi Sumba'] });
      const heading = await fed.query(ADD_HEADING, {
        token: tokens.librarian,
        variables: { input: { kind: 'PERSONAL_NAME', heading: 'Paranggi, Umbu Landu', seeFrom: ['Umbu Landu Paranggi'] } },
      });
      expect(heading.errors).toBeUndefined();
      const subject = await fed.query(ADD_HEADING, { token: tokens.librarian, variables: { input: { kind: 'SUBJECT', heading: 'Puisi Indonesia -- Sumba' } } });
      await fed.query(ADD_SEE, { token: tokens.librarian, variables: { headingId: subject.data.addAuthorityHeading.id, variant: 'puisi sumba' } });

      const read = await fed.query(`query ($id: ID!) { bibliographicRecord(id: $id) { authors subjects headings { kind heading } } }`, { variables: { id: record.id } });
      expect(read.data.bibliographicRecord).toEqual({
        authors: ['Paranggi, Umbu Landu', 'Penulis Uji'],
        subjects: ['Puisi Indonesia -- Sumba'],
        headings: [
          { kind: 'PERSONAL_NAME', heading: 'Paranggi, Umbu Landu' },
          { kind: 'SUBJECT', heading: 'Puisi Indonesia -- Sumba' },
        ],
      });
    });

    it('keeps a form to one heading: a variant already used is a CONFLICT and adds nothing', async () => {
      const subject = await fed.query(ADD_HEADING, { token: tokens.admin, variables: { input: { kind: 'SUBJECT', heading: 'Pertanian', seeFrom: ['Agrikultur'] } } });
      expect(subject.errors).toBeUndefined();
      const again = await fed.query(ADD_HEADING, { token: tokens.librarian, variables: { input: { kind: 'SUBJECT', heading: 'Bercocok tanam', seeFrom: ['agrikultur'] } } });
      expect(codes(again)).toEqual(['CONFLICT']);
      const list = await fed.query(`{ authorityHeadings(kind: SUBJECT, startsWith: "bercocok") { totalCount } }`);
      expect(list.data.authorityHeadings.totalCount).toBe(0);
      const see = await fed.query(ADD_SEE, { token: tokens.librarian, variables: { headingId: subject.data.addAuthorityHeading.id, variant: 'Pertanian' } });
      expect(see.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'variant' });
      const added = await fed.query(ADD_SEE, { token: tokens.librarian, variables: { headingId: subject.data.addAuthorityHeading.id, variant: 'Usaha tani' } });
      expect(added.data.addSeeReference.seeFrom).toEqual(['Agrikultur', 'Usaha tani']);
      for (const [, token, code] of outsiders()) {
        expect(codes(await fed.query(ADD_SEE, { token, variables: { headingId: subject.data.addAuthorityHeading.id, variant: 'Tani' } }))).toEqual([code]);
      }
      const blank = await fed.query(ADD_HEADING, { token: tokens.librarian, variables: { input: { kind: 'SUBJECT', heading: '  ' } } });
      expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'heading' });
    });
  });

  describe('labels', () => {
    it('prints spine and Code 128 barcode labels for own copies by id or barcode', async () => {
      const { items, record } = await newTitle(db, { kupang: 2 });
      await db.getRepository(BibliographicRecord).update({ id: record.id }, { callNumber: '899.221 3 PRA g' });
      const res = await fed.query(LABELS, { token: tokens.librarian, variables: { copies: { itemIds: [items[0].id], barcodes: [items[1].barcode.toLowerCase()] } } });
      expect(res.errors).toBeUndefined();
      const doc = res.data.copyLabels;
      expect(doc.contentType).toBe('text/html; charset=utf-8');
      expect(doc.filename).toBe('labels-kupang-both-2026-11-02.html');
      expect(doc.rows).toBe(4); // a spine and a barcode label for each of the two copies
      const spines = [...doc.body.matchAll(/<div class="label spine"[^>]*>(.*?)<\/div><\/div>/g)].map((m) => m[1]);
      expect(spines).toHaveLength(2);
      expect(spines[0]).toBe('<div>899.221 3</div><div>PRA</div><div>g');
      expect(doc.body.match(/<svg/g)).toHaveLength(2);
      for (const item of items) expect(doc.body).toContain(`data-barcode="${item.barcode}"`);

      const spineOnly = await fed.query(LABELS, { token: tokens.librarian, variables: { copies: { itemIds: [items[0].id] }, kind: 'SPINE' } });
      expect(spineOnly.data.copyLabels.body).not.toContain('<svg');
      expect(spineOnly.data.copyLabels.rows).toBe(1);
    });

    it("refuses another library's copies and outsiders, and names an unknown barcode", async () => {
      const { items } = await newTitle(db, { pasuruan: 1 });
      expect(codes(await fed.query(LABELS, { token: tokens.librarian, variables: { copies: { itemIds: [items[0].id] } } }))).toEqual(['FORBIDDEN']);
      for (const [, token, code] of outsiders()) {
        expect(codes(await fed.query(LABELS, { token, variables: { copies: { itemIds: [items[0].id] } } }))).toEqual([code]);
      }
      expect(codes(await fed.query(LABELS, { token: tokens.pasuruan, variables: { copies: { barcodes: ['NO-SUCH-1'] } } }))).toEqual(['NOT_FOUND']);
      const none = await fed.query(LABELS, { token: tokens.pasuruan, variables: { copies: {} } });
      expect(none.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'copies' });
    });
  });
});
