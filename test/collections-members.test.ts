import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { Member, MemberStatus, MemberType } from '../subgraphs/collections/members/member.entity';
import { MemberLifecycle1796590000000 } from '../subgraphs/collections/migrations/1796590000000-member-lifecycle';
import { authCode, authRequest, credentials, demoAccounts } from './helpers/auth';
import { newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const MEMBER = 'id cardNumber name email phone address birthDate guardianName memberType status statusReason joinedOn expiresOn library { id }';
const REGISTER = `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { ${MEMBER} } }`;
const UPDATE = `mutation ($id: ID!, $input: MemberContactInput!) { updateMemberContact(id: $id, input: $input) { ${MEMBER} } }`;
const RENEW = `mutation ($id: ID!) { renewMemberCard(id: $id) { ${MEMBER} } }`;
const SUSPEND = `mutation ($id: ID!, $reason: String!) { suspendMember(id: $id, reason: $reason) { ${MEMBER} } }`;
const REINSTATE = `mutation ($id: ID!, $reason: String!) { reinstateMember(id: $id, reason: $reason) { ${MEMBER} } }`;
const REPLACE = `mutation ($id: ID!, $reason: String!) { replaceMemberCard(id: $id, reason: $reason) { ${MEMBER} } }`;
const CLOSE = `mutation ($id: ID!) { closeMemberAccount(id: $id) { ${MEMBER} loans { totalCount } } }`;
const READ = `query ($id: ID!) { member(id: $id) { ${MEMBER} loans { totalCount } } }`;
const BY_CARD = `query ($libraryId: ID!, $cardNumber: String!) { memberByCard(libraryId: $libraryId, cardNumber: $cardNumber) { id cardNumber status } }`;
const FIND = `query ($libraryId: ID!, $name: String!, $first: Int) { findMembers(libraryId: $libraryId, name: $name, first: $first) { id name } }`;
const ITEM = `query ($libraryId: ID!, $barcode: String!) { itemByBarcode(libraryId: $libraryId, barcode: $barcode) { id barcode library { id } } }`;
const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }`;
const RETURN = `mutation ($barcode: String!) { returnItem(barcode: $barcode) { loan { id } } }`;

const TODAY = '2026-11-02';

describe.each(BACKENDS)('members of the collections subgraph (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const ok = (res: GraphQLResponse) => {
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const register = (token: string | undefined, input: Record<string, unknown>) =>
    fed.query(REGISTER, { token, variables: { input: { libraryId: 'kupang', memberType: 'ADULT', name: 'Yohana Ndún', ...input } } });
  const count = () => db.getRepository(Member).count();

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3) });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.pasuruan = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 0) });
    tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 5) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday(TODAY));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('Mutation.registerMember', () => {
    it("gives a new card holder the next number of the library's series and a card running their type's term", async () => {
      const member = ok(
        await register(tokens.librarian, {
          name: '  Yohana   Ndún ',
          email: 'Yohana.Ndun@Example.com',
          phone: '+62 812 3456 7890',
          address: 'Jl. El Tari 1, Kupang',
          birthDate: '1990-04-01',
        }),
      ).registerMember;
      expect(member).toMatchObject({
        name: 'Yohana Ndún',
        email: 'yohana.ndun@example.com',
        phone: '+62 812 3456 7890',
        address: 'Jl. El Tari 1, Kupang',
        birthDate: '1990-04-01',
        memberType: 'ADULT',
        status: 'ACTIVE',
        joinedOn: TODAY,
        expiresOn: '2029-11-02',
        library: { id: 'kupang' },
      });
      expect(member.cardNumber).toMatch(/^5371\.2026\.\d{5}$/);
      const child = ok(await register(tokens.libraryAdmin, { memberType: 'CHILD', name: 'Adi Ndun', birthDate: '2019-06-30', guardianName: 'Yohana Ndún' })).registerMember;
      expect(child).toMatchObject({ guardianName: 'Yohana Ndún', expiresOn: '2027-11-02', email: null, phone: null });
      expect(Number(child.cardNumber.slice(-5))).toBe(Number(member.cardNumber.slice(-5)) + 1);
    });

    it('refuses members, government, staff of another library and callers without a token, writing nothing', async () => {
      const before = await count();
      expect(codes(await register(tokens.member, {}))).toEqual(['FORBIDDEN']);
      expect(codes(await register(tokens.government, {}))).toEqual(['FORBIDDEN']);
      expect(codes(await register(tokens.pasuruan, {}))).toEqual(['FORBIDDEN']);
      expect(codes(await register(undefined, {}))).toEqual(['UNAUTHENTICATED']);
      expect(await count()).toBe(before);
    });

    it.each([
      ['birthDate', { birthDate: '1899-12-31' }],
      ['birthDate', { birthDate: '2026-11-03' }],
      ['name', { name: '   ' }],
      ['email', { email: 'not-an-address' }],
      ['phone', { phone: 'call me' }],
      ['guardianName', { guardianName: 'Ibu Ndun' }],
      ['memberType', { memberType: 'INSTITUTION' }],
      ['cardNumber', { cardNumber: 'x' }],
    ])('refuses a bad %s with BAD_USER_INPUT naming it, writing nothing', async (field, input) => {
      const before = await count();
      const res = await register(tokens.librarian, input);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(await count()).toBe(before);
    });

    it('refuses a card number another card has with CONFLICT (CARD_NUMBER_TAKEN)', async () => {
      const taken = (await newMember(db, 'pasuruan')).cardNumber;
      const res = await register(tokens.admin, { cardNumber: taken });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('CARD_NUMBER_TAKEN');
    });

    it('gives desks registering at the same moment different card numbers', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => register(i % 2 ? tokens.librarian : tokens.libraryAdmin, { name: `Serentak ${i}` })));
      const numbers = results.map((res) => ok(res).registerMember.cardNumber as string);
      expect(new Set(numbers).size).toBe(10);
    });

    it('lets one of two desks giving the same card number at once have it, the other CONFLICT', async () => {
      const results = await Promise.all([register(tokens.librarian, { cardNumber: 'KPG-PRE-0001' }), register(tokens.libraryAdmin, { cardNumber: 'kpg-pre-0001' })]);
      expect(results.map((res) => codes(res)[0] ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      expect(await db.getRepository(Member).countBy({ cardNumber: 'KPG-PRE-0001' })).toBe(1);
    });
  });

  describe("a card's status", () => {
    it('reads EXPIRED once past expiresOn, is refused at checkout, and a renewal runs from today', async () => {
      const member = await newMember(db, 'kupang', { expiresOn: '2026-11-01' });
      expect(ok(await fed.query(READ, { token: tokens.librarian, variables: { id: member.id } })).member.status).toBe('EXPIRED');
      const { items } = await newTitle(db, { kupang: 1 });
      expect(codes(await fed.query(CHECKOUT, { token: tokens.librarian, variables: { barcode: items[0].barcode, memberId: member.id } }))).toEqual(['CONFLICT']);
      const renewed = ok(await fed.query(RENEW, { token: tokens.librarian, variables: { id: member.id } })).renewMemberCard;
      expect(renewed).toMatchObject({ status: 'ACTIVE', expiresOn: '2029-11-02' });
      ok(await fed.query(CHECKOUT, { token: tokens.librarian, variables: { barcode: items[0].barcode, memberId: member.id } }));
    });

    it('reads ACTIVE on its last day and EXPIRED the day after, with nothing run in between', async () => {
      const member = await newMember(db, 'kupang', { expiresOn: TODAY });
      expect(ok(await fed.query(BY_CARD, { token: tokens.librarian, variables: { libraryId: 'kupang', cardNumber: member.cardNumber } })).memberByCard.status).toBe('ACTIVE');
      setToday('2026-11-03');
      expect(ok(await fed.query(BY_CARD, { token: tokens.librarian, variables: { libraryId: 'kupang', cardNumber: member.cardNumber } })).memberByCard.status).toBe('EXPIRED');
    });

    it('renews a card not yet expired from its old expiry, losing no day', async () => {
      const member = await newMember(db, 'kupang', { memberType: MemberType.STUDENT, expiresOn: '2027-01-15' });
      expect(ok(await fed.query(RENEW, { token: tokens.admin, variables: { id: member.id } })).renewMemberCard.expiresOn).toBe('2028-01-15');
    });

    it('suspends and reinstates with a reason, refusing a second suspension and reinstating a card that is not suspended', async () => {
      const { id } = await newMember(db, 'kupang');
      expect(ok(await fed.query(SUSPEND, { token: tokens.librarian, variables: { id, reason: 'Buku rusak belum diganti' } })).suspendMember).toMatchObject({
        status: 'SUSPENDED',
        statusReason: 'Buku rusak belum diganti',
      });
      const again = await fed.query(SUSPEND, { token: tokens.librarian, variables: { id, reason: 'lagi' } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SUSPENDED' });
      expect(ok(await fed.query(REINSTATE, { token: tokens.libraryAdmin, variables: { id, reason: 'Sudah diganti' } })).reinstateMember.status).toBe('ACTIVE');
      const twice = await fed.query(REINSTATE, { token: tokens.libraryAdmin, variables: { id, reason: 'lagi' } });
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_SUSPENDED' });
      expect(codes(await fed.query(SUSPEND, { token: tokens.librarian, variables: { id, reason: '   ' } }))).toEqual(['BAD_USER_INPUT']);
    });

    it("stops a suspended member's sign-in at the gateway, and lets them in again once reinstated", async () => {
      const account = (await demoAccounts(fed)).find((a) => a.role === 'MEMBER' && a.libraryId === 'pasuruan')!;
      const first = await authRequest(fed, 'POST', '/login', credentials(account));
      expect(first.status).toBe(200);
      const id = first.body.identity.memberId as string;
      const admin = { token: tokens.admin };
      ok(await fed.query(SUSPEND, { ...admin, variables: { id, reason: 'Kartu dipinjamkan ke orang lain' } }));
      expect(authCode(await authRequest(fed, 'POST', '/login', credentials(account)))).toBe('UNAUTHENTICATED');
      ok(await fed.query(REINSTATE, { ...admin, variables: { id, reason: 'Sudah dijelaskan' } }));
      expect((await authRequest(fed, 'POST', '/login', credentials(account))).status).toBe(200);
    });
  });

  describe('Mutation.replaceMemberCard', () => {
    it('gives a lost card a new number: the old one finds nobody, the loans stay with the member', async () => {
      const member = await newMember(db, 'kupang');
      const { items } = await newTitle(db, { kupang: 1 });
      ok(await fed.query(CHECKOUT, { token: tokens.librarian, variables: { barcode: items[0].barcode, memberId: member.id } }));
      const replaced = ok(await fed.query(REPLACE, { token: tokens.librarian, variables: { id: member.id, reason: 'Kartu hilang' } })).replaceMemberCard;
      expect(replaced.cardNumber).toMatch(/^5371\.2026\.\d{5}$/);
      expect(codes(await fed.query(BY_CARD, { token: tokens.librarian, variables: { libraryId: 'kupang', cardNumber: member.cardNumber } }))).toEqual(['NOT_FOUND']);
      expect(ok(await fed.query(BY_CARD, { token: tokens.librarian, variables: { libraryId: 'kupang', cardNumber: replaced.cardNumber } })).memberByCard.id).toBe(member.id);
      expect(ok(await fed.query(READ, { token: tokens.librarian, variables: { id: member.id } })).member.loans.totalCount).toBe(1);
    });
  });

  describe('Mutation.closeMemberAccount', () => {
    it('refuses while a loan is out, then removes the personal data and keeps the loan history', async () => {
      const member = ok(await register(tokens.librarian, { name: 'Akan Tutup', email: 'tutup@example.com', phone: '+6281200000001', birthDate: '1980-01-01' })).registerMember;
      const { items } = await newTitle(db, { kupang: 1 });
      ok(await fed.query(CHECKOUT, { token: tokens.librarian, variables: { barcode: items[0].barcode, memberId: member.id } }));
      const refused = await fed.query(CLOSE, { token: tokens.librarian, variables: { id: member.id } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'OPEN_LOANS' });
      ok(await fed.query(RETURN, { token: tokens.librarian, variables: { barcode: items[0].barcode } }));

      const closed = ok(await fed.query(CLOSE, { token: tokens.librarian, variables: { id: member.id } })).closeMemberAccount;
      expect(closed).toMatchObject({ name: '(closed)', email: null, phone: null, address: null, birthDate: null, status: 'CLOSED', loans: { totalCount: 1 } });
      expect(ok(await fed.query(FIND, { token: tokens.librarian, variables: { libraryId: 'kupang', name: 'Akan Tutup' } })).findMembers).toEqual([]);
      const again = await fed.query(RENEW, { token: tokens.librarian, variables: { id: member.id } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MEMBER_CLOSED' });
    });

    it('refuses to close an account with unpaid fines (UNPAID_FINES), keeping its personal data', async () => {
      const member = await newMember(db, 'kupang');
      const { items } = await newTitle(db, { kupang: 1 });
      setToday('2026-08-03');
      ok(await fed.query(CHECKOUT, { token: tokens.librarian, variables: { barcode: items[0].barcode, memberId: member.id } }));
      setToday(TODAY);
      ok(await fed.query(RETURN, { token: tokens.librarian, variables: { barcode: items[0].barcode } }));
      const refused = await fed.query(CLOSE, { token: tokens.librarian, variables: { id: member.id } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNPAID_FINES' });
      expect(await db.getRepository(Member).findOneByOrFail({ id: member.id })).toMatchObject({ name: member.name, email: member.email, status: MemberStatus.ACTIVE });
    });
  });

  describe('who may act on a member', () => {
    it('lets a member change their own contact details and nothing else', async () => {
      const self = await newMember(db, 'kupang');
      const token = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: self.id });
      const updated = ok(await fed.query(UPDATE, { token, variables: { id: self.id, input: { phone: '+62 813 0000 1111', address: 'Jl. Timor Raya 5' } } })).updateMemberContact;
      expect(updated).toMatchObject({ phone: '+62 813 0000 1111', address: 'Jl. Timor Raya 5', email: self.email });
      expect(ok(await fed.query(UPDATE, { token, variables: { id: self.id, input: { email: null } } })).updateMemberContact.email).toBeNull();
      expect(codes(await fed.query(RENEW, { token, variables: { id: self.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(SUSPEND, { token, variables: { id: self.id, reason: 'x' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CLOSE, { token, variables: { id: self.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(BY_CARD, { token, variables: { libraryId: 'kupang', cardNumber: self.cardNumber } }))).toEqual(['FORBIDDEN']);
    });

    it("refuses another member's contact details and every act on another library's members", async () => {
      const other = await newMember(db, 'kupang');
      const before = (await db.getRepository(Member).findOneByOrFail({ id: other.id })).phone;
      expect(codes(await fed.query(UPDATE, { token: tokens.member, variables: { id: other.id, input: { phone: '+62 811 1111 1111' } } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(UPDATE, { token: tokens.pasuruan, variables: { id: other.id, input: { phone: '+62 811 1111 1111' } } }))).toEqual(['FORBIDDEN']);
      for (const [query, variables] of [
        [RENEW, { id: other.id }],
        [SUSPEND, { id: other.id, reason: 'x' }],
        [REINSTATE, { id: other.id, reason: 'x' }],
        [REPLACE, { id: other.id, reason: 'x' }],
        [CLOSE, { id: other.id }],
      ] as const) {
        expect(codes(await fed.query(query, { token: tokens.pasuruan, variables }))).toEqual(['FORBIDDEN']);
        expect(codes(await fed.query(query, { token: tokens.government, variables }))).toEqual(['FORBIDDEN']);
      }
      const after = await db.getRepository(Member).findOneByOrFail({ id: other.id });
      expect(after).toMatchObject({ phone: before, status: MemberStatus.ACTIVE, cardNumber: other.cardNumber, expiresOn: other.expiresOn });
    });
  });

  describe('desk look-ups', () => {
    it('finds members by the start of their name, case and accents aside', async () => {
      const sitorus = ok(await register(tokens.librarian, { name: 'SITORUS Maria' })).registerMember;
      const ndun = ok(await register(tokens.librarian, { name: 'Ndún Kornelis' })).registerMember;
      const names = async (name: string) =>
        ok(await fed.query(FIND, { token: tokens.librarian, variables: { libraryId: 'kupang', name } })).findMembers.map((m: { id: string }) => m.id);
      expect(await names('Sitorus')).toContain(sitorus.id);
      expect(await names('ndun korn')).toEqual([ndun.id]);
      expect(await names('NDÚN K')).toEqual([ndun.id]);
      expect(await names('Kornelis')).not.toContain(ndun.id);
      expect(ok(await fed.query(FIND, { token: tokens.pasuruan, variables: { libraryId: 'pasuruan', name: 'Ndún Kornelis' } })).findMembers).toEqual([]);
      expect(ok(await fed.query(FIND, { token: tokens.librarian, variables: { libraryId: 'kupang', name: 'serentak', first: 2 } })).findMembers).toHaveLength(2);
    });

    it('finds the demo members by name', async () => {
      const demo = await db.getRepository(Member).findOneByOrFail({ id: demoId('member', 'kupang', 7) });
      const found = ok(await fed.query(FIND, { token: tokens.admin, variables: { libraryId: 'kupang', name: demo.name.toUpperCase() } })).findMembers;
      expect(found.map((m: { id: string }) => m.id)).toContain(demo.id);
    });

    it('refuses look-ups in another library, by members and without a token', async () => {
      for (const [query, variables] of [
        [FIND, { libraryId: 'kupang', name: 'a' }],
        [BY_CARD, { libraryId: 'kupang', cardNumber: '5371.2026.00001' }],
        [ITEM, { libraryId: 'kupang', barcode: 'KPG-000001' }],
      ] as const) {
        expect(codes(await fed.query(query, { token: tokens.pasuruan, variables }))).toEqual(['FORBIDDEN']);
        expect(codes(await fed.query(query, { token: tokens.member, variables }))).toEqual(['FORBIDDEN']);
        expect(codes(await fed.query(query, { variables }))).toEqual(['UNAUTHENTICATED']);
      }
      expect(codes(await fed.query(FIND, { token: tokens.librarian, variables: { libraryId: 'kupang', name: 'a', first: 51 } }))).toEqual(['BAD_USER_INPUT']);
    });

    it("finds the library's copy by barcode whatever its case, and not another library's", async () => {
      const { record } = await newTitle(db, { kupang: 1, pasuruan: 1 });
      // Read back from the table: the helper's in-memory ids of a two-library insert do not always match the rows on SQLite.
      const [kupang, pasuruan] = await Promise.all(['kupang', 'pasuruan'].map((libraryId) => db.getRepository(Item).findOneByOrFail({ recordId: record.id, libraryId })));
      expect(ok(await fed.query(ITEM, { token: tokens.librarian, variables: { libraryId: 'kupang', barcode: ` ${kupang.barcode.toLowerCase()} ` } })).itemByBarcode).toMatchObject({
        id: kupang.id,
        library: { id: 'kupang' },
      });
      expect(codes(await fed.query(ITEM, { token: tokens.librarian, variables: { libraryId: 'kupang', barcode: pasuruan.barcode } }))).toEqual(['NOT_FOUND']);
    });
  });
  describe('the migration', () => {
    it('back-fills the folded name of the members already there, and undoes itself', async () => {
      const migration = new MemberLifecycle1796590000000();
      const runner = db.createQueryRunner();
      const id = randomUUID();
      try {
        await migration.down(runner);
        await runner.query(
          "INSERT INTO member (id, cardNumber, name, email, phone, memberType, libraryId, joinedOn, expiresOn, status) VALUES (?, 'OLD.0001', 'Élisabeth  SIHOMBING', '', '', 'ADULT', 'kupang', '2020-01-01', '2030-01-01', 'ACTIVE')",
          [id],
        );
      } finally {
        await migration.up(runner);
        await runner.release();
      }
      const found = ok(await fed.query(FIND, { token: tokens.librarian, variables: { libraryId: 'kupang', name: 'elisabeth sih' } })).findMembers;
      expect(found).toEqual([{ id, name: 'Élisabeth  SIHOMBING' }]);
    });
  });
});
