import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { localDate } from '../shared/platform/time';
import { setClock } from '../shared/platform/clock';
import { demoDigitalResourceId, USES_FROM } from '../subgraphs/collections/demo/digital';
import { DigitalResource } from '../subgraphs/collections/digital/digital-resource.entity';
import { DigitalTurnaway } from '../subgraphs/collections/digital/digital-turnaway.entity';
import { DigitalUse } from '../subgraphs/collections/digital/digital-use.entity';
import { MemberStatus } from '../subgraphs/collections/members/member.entity';
import { newMember, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const ADD = `mutation ($input: AddDigitalResourceInput!) {
  addDigitalResource(input: $input) { id title kind format licence concurrentUsers sessionMinutes shared library { id } seatsInUse seatsAvailable }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateDigitalResourceInput!) { updateDigitalResource(id: $id, input: $input) { id licence concurrentUsers sessionMinutes withdrawnAt seatsAvailable } }`;
const ACCESS = `mutation ($id: ID!) { accessDigitalResource(resourceId: $id) { url resumed use { id startedAt expiresAt endedAt active mine userRole library { id } resource { id title } } } }`;
const RETURN = `mutation ($id: ID!) { returnDigitalResource(useId: $id) { id endedAt active } }`;
const SEATS = `query ($id: ID!) { digitalResource(id: $id) { seatsInUse seatsAvailable } }`;
const USAGE = `query ($id: ID!, $from: Date!, $to: Date!) {
  library(id: $id) { id digitalUsage(from: $from, to: $to) { from to uses readers turnaways byKind { key count } byResource { uses resource { id title } } } }
}`;

let n = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  title: `Buku Digital Uji ${++n}`,
  authors: ['Penulis Uji'],
  kind: 'EBOOK',
  format: 'EPUB',
  accessUrl: `https://pustaka-digital.example.id/uji/${n}`,
  licence: 'CONCURRENT_USERS',
  concurrentUsers: 3,
  sessionMinutes: 60,
  ...overrides,
});

describe.each(BACKENDS)('digital resources (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const memberToken = async (libraryId = 'kupang', options: Parameters<typeof newMember>[2] = {}) => {
    const m = await newMember(db, libraryId, options);
    return { member: m, token: await fed.token({ role: 'MEMBER', libraryId, memberId: m.id }) };
  };
  const add = async (overrides: Record<string, unknown> = {}, token = tokens.superuser) => {
    const res = await fed.query(ADD, { token, variables: { input: input(overrides) } });
    expect(res.errors).toBeUndefined();
    return res.data.addDigitalResource as { id: string; title: string };
  };
  const access = (token: string | undefined, id: string) => fed.query(ACCESS, { token, variables: { id } });
  const granted = (rs: GraphQLResponse[]) => rs.filter((r) => !r.errors);
  const reasons = (rs: GraphQLResponse[]) => rs.filter((r) => r.errors).map((r) => [codes(r)[0], r.errors![0].extensions!.reason]);

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 2) });
    tokens.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 1) });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    tokens.superuser = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  describe('demo data', () => {
    it('offers shared resources and each library its own, used in every city within the licences, with some turnaways', async () => {
      const resources = await db.getRepository(DigitalResource).find();
      expect(resources.filter((r) => r.libraryId === null).length).toBeGreaterThanOrEqual(4);
      for (const { id } of DEMO_LIBRARIES) expect(resources.filter((r) => r.libraryId === id).length).toBeGreaterThanOrEqual(2);
      expect(new Set(resources.map((r) => r.kind))).toEqual(new Set(['EBOOK', 'EJOURNAL', 'ARTICLE', 'AUDIO']));
      expect(resources.some((r) => r.licence === 'OPEN') && resources.some((r) => r.licence === 'CONCURRENT_USERS')).toBe(true);
      expect(resources.filter((r) => r.recordId).length).toBeGreaterThanOrEqual(4);

      const uses = await db.getRepository(DigitalUse).find();
      for (const { id } of DEMO_LIBRARIES) {
        const mine = uses.filter((u) => u.libraryId === id);
        expect(mine.length).toBeGreaterThan(100);
        expect(mine.some((u) => u.memberId === null)).toBe(true);
        expect(mine.every((u) => localDate(u.startedAt, 'Asia/Jakarta') >= USES_FROM)).toBe(true);
      }
      // At no instant more uses hold a seat than the licence has.
      for (const r of resources.filter((x) => x.licence === 'CONCURRENT_USERS')) {
        const events = uses
          .filter((u) => u.resourceId === r.id)
          .flatMap((u) => [
            [u.startedAt.getTime(), 1],
            [(u.endedAt ?? u.expiresAt).getTime(), -1],
          ])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let held = 0;
        for (const [, d] of events) {
          held += d;
          expect(held).toBeLessThanOrEqual(r.concurrentUsers!);
        }
        const local = r.libraryId ? uses.filter((u) => u.resourceId === r.id).every((u) => u.libraryId === r.libraryId) : true;
        expect(local).toBe(true);
      }
      expect(await db.getRepository(DigitalTurnaway).count()).toBeGreaterThan(0);
    });
  });

  describe('the listing', () => {
    it("shows anyone what a library's readers may open — its own and the shared resources — but gives the link only to staff", async () => {
      const query = `{ digitalResources(filter: { libraryId: "kupang" }, first: 100) { totalCount edges { node { id title shared library { id } licence seatsAvailable record { title } } } } }`;
      const res = await fed.query(query);
      expect(res.errors).toBeUndefined();
      const nodes = res.data.digitalResources.edges.map((e: any) => e.node);
      expect(nodes.some((r: any) => r.shared)).toBe(true);
      expect(nodes.some((r: any) => r.library?.id === 'kupang')).toBe(true);
      expect(nodes.every((r: any) => r.shared || r.library.id === 'kupang')).toBe(true);
      expect(nodes.map((r: any) => r.title)).toEqual([...nodes.map((r: any) => r.title)].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
      const id = demoDigitalResourceId('kupang-sejarah');
      const link = `{ digitalResource(id: "${id}") { title accessUrl } }`;
      const { token } = await memberToken();
      expect(codes(await fed.query(link, { token }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(link))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(link, { token: tokens.baubauLibrarian }))).toEqual(['FORBIDDEN']);
      expect((await fed.query(link, { token: tokens.librarian })).data.digitalResource.accessUrl).toMatch(/^https:\/\//);
    });
  });

  describe('opening a resource', () => {
    it('records a use for a member and returns the link; opening it again while the seat is held is the same use', async () => {
      const resource = await add({ licence: 'OPEN', concurrentUsers: null });
      const { member, token } = await memberToken();
      const first = await access(token, resource.id);
      expect(first.errors).toBeUndefined();
      const open = first.data.accessDigitalResource;
      expect(open).toMatchObject({ url: expect.stringMatching(/^https:\/\/pustaka-digital\.example\.id\/uji\//), resumed: false });
      expect(open.use).toMatchObject({ active: true, mine: true, endedAt: null, userRole: 'MEMBER', library: { id: 'kupang' }, resource: { id: resource.id } });
      expect(Date.parse(open.use.expiresAt) - Date.parse(open.use.startedAt)).toBe(60 * 60_000);
      const again = await access(token, resource.id);
      expect(again.data.accessDigitalResource).toMatchObject({ resumed: true, use: { id: open.use.id } });
      expect(await db.getRepository(DigitalUse).countBy({ resourceId: resource.id, memberId: member.id })).toBe(1);
    });

    it('gives exactly N of N + 5 readers arriving at once a seat of an N-user licence, and refuses the others with LICENCE_LIMIT', async () => {
      for (const seats of [1, 3]) {
        const resource = await add({ concurrentUsers: seats });
        const readers = await Promise.all(Array.from({ length: seats + 5 }, () => memberToken()));
        const results = await Promise.all(readers.map((r) => access(r.token, resource.id)));
        expect(granted(results)).toHaveLength(seats);
        expect(reasons(results)).toEqual(Array(5).fill(['CONFLICT', 'LICENCE_LIMIT']));
        const refusal = results.find((r) => r.errors)!.errors![0].extensions!;
        expect(refusal.seats).toBe(seats);
        expect(Date.parse(refusal.seatFreesAt)).toBe(Date.parse(granted(results)[0].data.accessDigitalResource.use.expiresAt));
        expect(await db.getRepository(DigitalUse).countBy({ resourceId: resource.id })).toBe(seats);
        expect(await db.getRepository(DigitalTurnaway).countBy({ resourceId: resource.id })).toBe(5);
        expect((await fed.query(SEATS, { variables: { id: resource.id } })).data.digitalResource).toEqual({ seatsInUse: seats, seatsAvailable: 0 });
      }
    });

    it('frees a seat when its reader returns the resource, and lets nobody else return it', async () => {
      const resource = await add({ concurrentUsers: 1 });
      const a = await memberToken();
      const b = await memberToken();
      const use = (await access(a.token, resource.id)).data.accessDigitalResource.use;
      expect(reasons([await access(b.token, resource.id)])).toEqual([['CONFLICT', 'LICENCE_LIMIT']]);
      expect(codes(await fed.query(RETURN, { token: b.token, variables: { id: use.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RETURN, { token: tokens.baubauAdmin, variables: { id: use.id } }))).toEqual(['FORBIDDEN']);
      const back = await fed.query(RETURN, { token: a.token, variables: { id: use.id } });
      expect(back.data.returnDigitalResource).toMatchObject({ id: use.id, active: false, endedAt: expect.any(String) });
      expect(reasons([await fed.query(RETURN, { token: a.token, variables: { id: use.id } })])).toEqual([['CONFLICT', 'USE_ENDED']]);
      expect((await access(b.token, resource.id)).errors).toBeUndefined();
      // the library's desk may end a member's use too
      const c = await memberToken();
      const d = await memberToken();
      await fed.query(RETURN, { token: tokens.librarian, variables: { id: (await access(b.token, resource.id)).data.accessDigitalResource.use.id } });
      expect((await access(c.token, resource.id)).errors).toBeUndefined();
      expect(reasons([await access(d.token, resource.id)])).toEqual([['CONFLICT', 'LICENCE_LIMIT']]);
    });

    it('frees a seat by itself once the session has run out', async () => {
      const resource = await add({ concurrentUsers: 1, sessionMinutes: 30 });
      const a = await memberToken();
      const b = await memberToken();
      const use = (await access(a.token, resource.id)).data.accessDigitalResource.use;
      setToday('2026-11-02', '10:29');
      expect(reasons([await access(b.token, resource.id)])).toEqual([['CONFLICT', 'LICENCE_LIMIT']]);
      setToday('2026-11-02', '10:30');
      const later = await access(b.token, resource.id);
      expect(later.errors).toBeUndefined();
      expect(reasons([await fed.query(RETURN, { token: a.token, variables: { id: use.id } })])).toEqual([['CONFLICT', 'USE_ENDED']]);
      // reopening after the session ran out is a new use
      setToday('2026-11-02', '11:05');
      const anew = await access(a.token, resource.id);
      expect(anew.data.accessDigitalResource).toMatchObject({ resumed: false });
      expect(anew.data.accessDigitalResource.use.id).not.toBe(use.id);
    });

    it("lets staff open their own library's resources and the shared ones, counted for their library; refuses another library's readers", async () => {
      const kupangOnly = await add({ libraryId: 'kupang' }, tokens.kupangAdmin);
      const shared = await add({ licence: 'OPEN', concurrentUsers: null });
      expect((await access(tokens.librarian, kupangOnly.id)).data.accessDigitalResource.use).toMatchObject({ userRole: 'LIBRARIAN', library: { id: 'kupang' } });
      const baubau = await memberToken('baubau');
      expect(codes(await access(baubau.token, kupangOnly.id))).toEqual(['FORBIDDEN']);
      expect(codes(await access(tokens.baubauLibrarian, kupangOnly.id))).toEqual(['FORBIDDEN']);
      expect((await access(baubau.token, shared.id)).data.accessDigitalResource.use.library).toEqual({ id: 'baubau' });
      expect((await access(tokens.baubauLibrarian, shared.id)).data.accessDigitalResource.use.library).toEqual({ id: 'baubau' });
    });

    it('refuses a member whose card is expired or suspended with CONFLICT (CARD_NOT_VALID), and a withdrawn resource with RESOURCE_WITHDRAWN', async () => {
      const resource = await add({ licence: 'OPEN', concurrentUsers: null });
      const expired = await memberToken('kupang', { expiresOn: '2026-10-31' });
      const suspended = await memberToken('kupang', { status: MemberStatus.SUSPENDED });
      expect(reasons([await access(expired.token, resource.id), await access(suspended.token, resource.id)])).toEqual([
        ['CONFLICT', 'CARD_NOT_VALID'],
        ['CONFLICT', 'CARD_NOT_VALID'],
      ]);
      const withdrawn = await fed.query(UPDATE, { token: tokens.superuser, variables: { id: resource.id, input: { withdrawn: true } } });
      expect(withdrawn.data.updateDigitalResource.withdrawnAt).toEqual(expect.any(String));
      const { token } = await memberToken();
      expect(reasons([await access(token, resource.id)])).toEqual([['CONFLICT', 'RESOURCE_WITHDRAWN']]);
      const listed = await fed.query(`{ digitalResources(first: 100) { edges { node { id } } } }`);
      expect(listed.data.digitalResources.edges.map((e: any) => e.node.id)).not.toContain(resource.id);
      expect(await db.getRepository(DigitalUse).countBy({ resourceId: resource.id })).toBe(0);
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a PARTNER', 'partner', 'FORBIDDEN'],
      ['ADMIN (no library for the use to count for)', 'superuser', 'FORBIDDEN'],
    ])('refuses %s to open a resource', async (_who, token, code) => {
      const id = demoDigitalResourceId('literasi-digital');
      const before = await db.getRepository(DigitalUse).countBy({ resourceId: id });
      expect(codes(await access(token ? tokens[token] : undefined, id))).toEqual([code]);
      expect(await db.getRepository(DigitalUse).countBy({ resourceId: id })).toBe(before);
    });

    it('answers NOT_FOUND for an unknown resource', async () => {
      const { token } = await memberToken();
      expect(codes(await access(token, '00000000-0000-4000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    });
  });

  describe('managing resources', () => {
    it("lets a library's LIBRARY_ADMIN add and change its own resources, and only ADMIN shared ones", async () => {
      const own = await fed.query(ADD, { token: tokens.kupangAdmin, variables: { input: input({ libraryId: 'kupang' }) } });
      expect(own.data.addDigitalResource).toMatchObject({ shared: false, library: { id: 'kupang' }, concurrentUsers: 3, seatsAvailable: 3 });
      const id = own.data.addDigitalResource.id;
      const more = await fed.query(UPDATE, { token: tokens.kupangAdmin, variables: { id, input: { concurrentUsers: 5, sessionMinutes: 1440 } } });
      expect(more.data.updateDigitalResource).toMatchObject({ licence: 'CONCURRENT_USERS', concurrentUsers: 5, sessionMinutes: 1440, seatsAvailable: 5 });
      const open = await fed.query(UPDATE, { token: tokens.kupangAdmin, variables: { id, input: { licence: 'OPEN' } } });
      expect(open.data.updateDigitalResource).toMatchObject({ licence: 'OPEN', concurrentUsers: null, seatsAvailable: null });

      expect(codes(await fed.query(ADD, { token: tokens.librarian, variables: { input: input({ libraryId: 'kupang' }) } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.baubauAdmin, variables: { input: input({ libraryId: 'kupang' }) } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(ADD, { token: tokens.kupangAdmin, variables: { input: input() } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(UPDATE, { token: tokens.baubauAdmin, variables: { id, input: { withdrawn: true } } }))).toEqual(['FORBIDDEN']);
      const { token } = await memberToken();
      expect(codes(await fed.query(ADD, { token, variables: { input: input({ libraryId: 'kupang' }) } }))).toEqual(['FORBIDDEN']);
      const shared = await fed.query(ADD, { token: tokens.superuser, variables: { input: input() } });
      expect(shared.data.addDigitalResource).toMatchObject({ shared: true, library: null });
    });

    it.each([
      ['a link that is not https', { accessUrl: 'http://pustaka-digital.example.id/x' }, 'accessUrl'],
      ['a licence with users but no count', { concurrentUsers: null }, 'concurrentUsers'],
      ['an open licence with a count', { licence: 'OPEN', concurrentUsers: 2 }, 'concurrentUsers'],
      ['a session of a minute', { sessionMinutes: 1 }, 'sessionMinutes'],
      ['an unknown catalogue record', { recordId: '00000000-0000-4000-8000-000000000000' }, 'recordId'],
    ])('refuses %s with BAD_USER_INPUT and adds nothing', async (_what, overrides, field) => {
      const before = await db.getRepository(DigitalResource).count();
      const res = await fed.query(ADD, { token: tokens.superuser, variables: { input: input(overrides) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(await db.getRepository(DigitalResource).count()).toBe(before);
    });
  });

  describe('reading uses', () => {
    it('shows a member their own uses, and their library’s staff; refuses another member and GOVERNMENT', async () => {
      const resource = await add({ licence: 'OPEN', concurrentUsers: null });
      const a = await memberToken();
      const b = await memberToken();
      await access(a.token, resource.id);
      const query = `{ member(id: "${a.member.id}") { digitalUses(first: 10) { totalCount edges { node { active resource { title } member { id } } } } } }`;
      const mine = await fed.query(query, { token: a.token });
      expect(mine.data.member.digitalUses).toMatchObject({ totalCount: 1, edges: [{ node: { active: true, resource: { title: resource.title }, member: { id: a.member.id } } }] });
      expect((await fed.query(query, { token: tokens.librarian })).data.member.digitalUses.totalCount).toBe(1);
      expect(codes(await fed.query(query, { token: b.token }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(query, { token: tokens.government }))).toEqual(['FORBIDDEN']);
    });

    it('gives the library’s staff and GOVERNMENT usage counts over a period equal to the uses, for every library at the cost of one', async () => {
      const FROM = '2026-08-01';
      const TO = '2026-10-31';
      const res = await fed.query(USAGE, { token: tokens.government, variables: { id: 'pasuruan', from: FROM, to: TO } });
      expect(res.errors).toBeUndefined();
      const usage = res.data.library.digitalUsage;
      const uses = (await db.getRepository(DigitalUse).findBy({ libraryId: 'pasuruan' })).filter((u) => {
        const day = localDate(u.startedAt, 'Asia/Jakarta');
        return day >= FROM && day <= TO;
      });
      expect(usage.uses).toBe(uses.length);
      expect(usage.readers).toBe(new Set(uses.map((u) => u.memberId ?? u.librarianId)).size);
      expect(usage.byKind.reduce((s: number, k: any) => s + k.count, 0)).toBe(uses.length);
      expect(usage.byResource.reduce((s: number, r: any) => s + r.uses, 0)).toBe(uses.length);
      expect(usage.byResource[0].uses).toBeGreaterThanOrEqual(usage.byResource[usage.byResource.length - 1].uses);
      expect(usage.turnaways).toBeGreaterThanOrEqual(0);
      expect((await fed.query(USAGE, { token: tokens.librarian, variables: { id: 'kupang', from: FROM, to: TO } })).errors).toBeUndefined();

      const statements = async (query: string) => {
        const before = fed.subgraphs.collections.queries();
        expect((await fed.query(query, { token: tokens.government })).errors).toBeUndefined();
        return fed.subgraphs.collections.queries() - before;
      };
      const fields = `digitalUsage(from: "${FROM}", to: "${TO}") { uses readers turnaways byKind { count } byResource { uses resource { title } } }`;
      expect(await statements(`{ libraries { id ${fields} } }`)).toBe(await statements(`{ library(id: "kupang") { id ${fields} } }`));
    });

    it.each([
      ['PUBLIC', undefined, 'UNAUTHENTICATED'],
      ['a MEMBER', 'member', 'FORBIDDEN'],
      ["another library's staff", 'baubauAdmin', 'FORBIDDEN'],
    ])('refuses %s the usage counts', async (_who, token, code) => {
      const tok = token === 'member' ? (await memberToken()).token : token ? tokens[token] : undefined;
      const res = await fed.query(USAGE, { token: tok, variables: { id: 'kupang', from: '2026-10-01', to: '2026-10-31' } });
      expect(codes(res)).toEqual([code]);
      expect(res.data.library).toEqual({ id: 'kupang', digitalUsage: null });
    });
  });
});
