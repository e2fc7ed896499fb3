import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { EventNotice } from '../subgraphs/community-events/notices/event-notice.entity';
import { Registration } from '../subgraphs/community-events/registration/registration.entity';
import { BACKENDS, codes, type Federation, startFederation } from './helpers/federation';
import { CANCEL, eventInput, librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';

const REGISTRATIONS = /* GraphQL */ `
  query ($id: ID!) {
    event(id: $id) {
      capacity
      confirmedCount
      waitlistCount
      registrations(first: 100) {
        totalCount
        edges {
          node {
            id
            status
            waitlistPosition
            createdAt
            guestToken
            member {
              id
            }
            notices {
              kind
              message
            }
          }
        }
      }
    }
  }
`;

describe.each(BACKENDS)('registration for community events on %s', (backend) => {
  let fed: Federation;
  let librarian: string;
  let baubauLibrarian: string;
  let government: string;
  let partner: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    librarian = await librarianToken(fed, 'kupang');
    baubauLibrarian = await librarianToken(fed, 'baubau');
    government = await fed.token({ role: 'GOVERNMENT' });
    partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
  });
  afterAll(() => fed?.stop());

  const register = async (eventId: string, token?: string, guest?: Record<string, unknown>) => fed.query(REGISTER, { token, variables: { eventId, guest } });
  const registrations = async (eventId: string) => {
    const res = await fed.query(REGISTRATIONS, { token: librarian, variables: { id: eventId } });
    expect(res.errors).toBeUndefined();
    return res.data.event;
  };

  describe('Mutation.registerForEvent', () => {
    it('registers a member from their token, CONFIRMED while places are free', async () => {
      const eventId = await publishedEvent(fed, { capacity: 2 });
      const res = await register(eventId, await memberToken(fed, 10));
      expect(res.errors).toBeUndefined();
      expect(res.data.registerForEvent).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null, guestToken: null, event: { id: eventId } });
      const event = await registrations(eventId);
      expect(event).toMatchObject({ confirmedCount: 1, waitlistCount: 0 });
      expect(event.registrations.edges[0].node.member).toEqual({ id: demoId('member', 'kupang', 10) });
    });

    it('registers the public as a guest with name, e-mail and age group, and hands out the guest token once', async () => {
      const eventId = await publishedEvent(fed);
      const res = await register(eventId, undefined, { name: 'Yohana Bria', email: 'Yohana.Bria@Example.ID', ageGroup: 'ADULT' });
      expect(res.errors).toBeUndefined();
      const registration = res.data.registerForEvent;
      expect(registration).toMatchObject({ status: 'CONFIRMED', guestName: 'Yohana Bria', guestEmail: 'yohana.bria@example.id' });
      expect(registration.guestToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const later = await registrations(eventId);
      expect(later.registrations.edges[0].node.guestToken).toBeNull();
      const stored = await fed.subgraphs['community-events'].db.getRepository(Registration).findOneByOrFail({ id: registration.id });
      expect(stored.guestTokenHash).not.toContain(registration.guestToken);
    });

    it('waitlists once the places are taken, and never confirms more than the capacity', async () => {
      const eventId = await publishedEvent(fed, { capacity: 2 });
      const statuses = [];
      for (const i of [11, 12, 13, 14]) statuses.push((await register(eventId, await memberToken(fed, i))).data.registerForEvent.status);
      expect(statuses).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED', 'WAITLISTED']);
      expect(await registrations(eventId)).toMatchObject({ capacity: 2, confirmedCount: 2, waitlistCount: 2 });
    });

    it('confirms exactly ten of fifty simultaneous registrations for ten places and waitlists the rest in arrival order', async () => {
      const eventId = await publishedEvent(fed, { capacity: 10, title: 'Kelas Literasi Digital: Aman Bertransaksi Daring' });
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => memberToken(fed, 1000 + i)));
      const results = await Promise.all(tokens.map((token) => register(eventId, token)));
      for (const r of results) expect(r.errors).toBeUndefined();
      const answered = results.map((r) => r.data.registerForEvent);
      expect(answered.filter((r) => r.status === 'CONFIRMED')).toHaveLength(10);
      expect(answered.filter((r) => r.status === 'WAITLISTED')).toHaveLength(40);

      // Arrival order: the list (by arrival) holds the ten confirmed first, then the waitlist 1…40.
      const event = await registrations(eventId);
      expect(event).toMatchObject({ capacity: 10, confirmedCount: 10, waitlistCount: 40 });
      const nodes = event.registrations.edges.map((e: any) => e.node);
      expect(nodes.slice(0, 10).every((n: any) => n.status === 'CONFIRMED')).toBe(true);
      expect(nodes.slice(10).map((n: any) => n.waitlistPosition)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const times = nodes.map((n: any) => n.createdAt);
      expect(times).toEqual([...times].sort());
      // What each caller was told matches its place in that order.
      const byId = new Map(answered.map((r) => [r.id, r]));
      nodes.slice(10).forEach((n: any, i: number) => expect(byId.get(n.id)!.waitlistPosition).toBe(i + 1));

      // A confirmed place freed goes to the first on the waitlist, who is told.
      const firstWaiting = nodes[10];
      const cancelled = await fed.query(CANCEL, { token: tokens[answered.findIndex((r) => r.id === nodes[0].id)], variables: { id: nodes[0].id } });
      expect(cancelled.errors).toBeUndefined();
      expect(cancelled.data.cancelRegistration.status).toBe('CANCELLED');
      const after = await registrations(eventId);
      expect(after).toMatchObject({ confirmedCount: 10, waitlistCount: 39 });
      const promoted = after.registrations.edges.map((e: any) => e.node).find((n: any) => n.id === firstWaiting.id);
      expect(promoted.status).toBe('CONFIRMED');
      expect(promoted.notices).toEqual([expect.objectContaining({ kind: 'PROMOTED_FROM_WAITLIST' })]);
      const nextInLine = after.registrations.edges.map((e: any) => e.node).find((n: any) => n.id === nodes[11].id);
      expect(nextInLine.waitlistPosition).toBe(1);
    });

    it('refuses a second registration of the same member with CONFLICT, and of the same guest e-mail in any case', async () => {
      const eventId = await publishedEvent(fed);
      const member = await memberToken(fed, 20);
      expect((await register(eventId, member)).errors).toBeUndefined();
      const again = await register(eventId, member);
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions!.reason).toBe('ALREADY_REGISTERED');

      expect((await register(eventId, undefined, { name: 'Daniel Tefa', email: 'daniel.tefa@example.id' })).errors).toBeUndefined();
      expect(codes(await register(eventId, undefined, { name: 'Daniel T.', email: 'DANIEL.Tefa@Example.ID' }))).toEqual(['CONFLICT']);
      expect(await registrations(eventId)).toMatchObject({ confirmedCount: 2 });
    });

    it('lets a member who cancelled register again', async () => {
      const eventId = await publishedEvent(fed);
      const member = await memberToken(fed, 21);
      const first = await register(eventId, member);
      await fed.query(CANCEL, { token: member, variables: { id: first.data.registerForEvent.id } });
      const second = await register(eventId, member);
      expect(second.errors).toBeUndefined();
      expect(second.data.registerForEvent.id).not.toBe(first.data.registerForEvent.id);
    });

    it('refuses registrations before the window opens and after it closes with CONFLICT', async () => {
      const notYet = await publishedEvent(fed, { registrationOpensAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString() });
      const tooLate = await publishedEvent(fed, { registrationClosesAt: new Date(Date.now() - 3600_000).toISOString() });
      const member = await memberToken(fed, 22);
      const early = await register(notYet, member);
      expect(codes(early)).toEqual(['CONFLICT']);
      expect(early.errors![0].extensions!.reason).toBe('REGISTRATION_NOT_OPEN');
      const late = await register(tooLate, member);
      expect(codes(late)).toEqual(['CONFLICT']);
      expect(late.errors![0].extensions!.reason).toBe('REGISTRATION_CLOSED');
      const open = await fed.query(`query($a: ID!, $b: ID!) { a: event(id: $a) { registrationOpen } b: event(id: $b) { registrationOpen } }`, {
        variables: { a: notYet, b: tooLate },
      });
      expect(open.data).toEqual({ a: { registrationOpen: false }, b: { registrationOpen: false } });
    });

    it('refuses registration for an event that has started, and for a completed one, with CONFLICT', async () => {
      const started = await publishedEvent(fed, {}, -1);
      expect(codes(await register(started, await memberToken(fed, 23)))).toEqual(['CONFLICT']);
      expect(codes(await register(demoId('event', 'kupang', 0), await memberToken(fed, 23)))).toEqual(['CONFLICT']);
    });

    it('answers NOT_FOUND for a draft, as if it did not exist', async () => {
      const created = await fed.query(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
        token: librarian,
        variables: { input: eventInput() },
      });
      expect(codes(await register(created.data.createEvent.id, await memberToken(fed, 24)))).toEqual(['NOT_FOUND']);
    });

    it('refuses the public without guest details, and a member who gives them, with BAD_USER_INPUT on guest', async () => {
      const eventId = await publishedEvent(fed);
      const anonymous = await register(eventId);
      expect(codes(anonymous)).toEqual(['BAD_USER_INPUT']);
      expect(anonymous.errors![0].extensions!.field).toBe('guest');
      const member = await register(eventId, await memberToken(fed, 25), { name: 'Anak Saya', email: 'anak@example.id' });
      expect(codes(member)).toEqual(['BAD_USER_INPUT']);
      expect(member.errors![0].extensions!.field).toBe('guest');
    });

    it('refuses a guest e-mail that is not one with BAD_USER_INPUT, and writes nothing', async () => {
      const eventId = await publishedEvent(fed);
      const res = await register(eventId, undefined, { name: 'Tanpa Surel', email: 'bukan-surel' });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toMatch(/email$/);
      expect(await registrations(eventId)).toMatchObject({ confirmedCount: 0 });
    });

    it('refuses GOVERNMENT and a PARTNER with FORBIDDEN: they do not register', async () => {
      const eventId = await publishedEvent(fed);
      const guest = { name: 'Pejabat Dinas', email: 'pejabat@example.go.id' };
      expect(codes(await register(eventId, government, guest))).toEqual(['FORBIDDEN']);
      expect(codes(await register(eventId, partner, guest))).toEqual(['FORBIDDEN']);
    });

    it("lets the library's staff register a guest by phone, but not another library's", async () => {
      const eventId = await publishedEvent(fed);
      const guest = { name: 'Oma Lena', email: 'oma.lena@example.id', ageGroup: 'SENIOR' };
      expect((await register(eventId, librarian, guest)).data.registerForEvent.status).toBe('CONFIRMED');
      expect(codes(await register(eventId, baubauLibrarian, { ...guest, email: 'opa@example.id' }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('Mutation.cancelRegistration', () => {
    it('lets a member cancel their own registration, and refuses a second cancellation with CONFLICT', async () => {
      const eventId = await publishedEvent(fed);
      const member = await memberToken(fed, 30);
      const id = (await register(eventId, member)).data.registerForEvent.id;
      const res = await fed.query(CANCEL, { token: member, variables: { id } });
      expect(res.errors).toBeUndefined();
      expect(res.data.cancelRegistration).toMatchObject({ id, status: 'CANCELLED' });
      expect(res.data.cancelRegistration.cancelledAt).toBeTruthy();
      expect(codes(await fed.query(CANCEL, { token: member, variables: { id } }))).toEqual(['CONFLICT']);
    });

    it('lets a guest cancel with the guest token, and refuses a wrong token with FORBIDDEN and none with UNAUTHENTICATED', async () => {
      const eventId = await publishedEvent(fed);
      const { id, guestToken } = (await register(eventId, undefined, { name: 'Maria Lay', email: 'maria.lay@example.id' })).data.registerForEvent;
      expect(codes(await fed.query(CANCEL, { variables: { id } }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(CANCEL, { variables: { id, token: `${guestToken}x` } }))).toEqual(['FORBIDDEN']);
      const res = await fed.query(CANCEL, { variables: { id, token: guestToken } });
      expect(res.errors).toBeUndefined();
      expect(res.data.cancelRegistration.status).toBe('CANCELLED');
    });

    it("refuses another member, another library's staff and GOVERNMENT with FORBIDDEN, and lets the event library's staff cancel", async () => {
      const eventId = await publishedEvent(fed);
      const id = (await register(eventId, await memberToken(fed, 31))).data.registerForEvent.id;
      expect(codes(await fed.query(CANCEL, { token: await memberToken(fed, 32), variables: { id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CANCEL, { token: baubauLibrarian, variables: { id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CANCEL, { token: government, variables: { id } }))).toEqual(['FORBIDDEN']);
      expect((await fed.query(CANCEL, { token: librarian, variables: { id } })).data.cancelRegistration.status).toBe('CANCELLED');
    });

    it('answers NOT_FOUND for a registration that does not exist', async () => {
      expect(codes(await fed.query(CANCEL, { token: librarian, variables: { id: demoId('registration', 'nowhere', 0) } }))).toEqual(['NOT_FOUND']);
    });

    it('refuses to cancel once the event has started, with CONFLICT', async () => {
      const eventId = await publishedEvent(fed);
      const member = await memberToken(fed, 33);
      const id = (await register(eventId, member)).data.registerForEvent.id;
      const { moveIntoPast } = await import('./community-events.fixtures');
      await moveIntoPast(fed, eventId, 1);
      const res = await fed.query(CANCEL, { token: member, variables: { id } });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('EVENT_STARTED');
    });
  });

  describe('Mutation.cancelEvent', () => {
    const CANCEL_EVENT = `mutation($id: ID!, $reason: String!) { cancelEvent(id: $id, reason: $reason) { id status cancellationReason } }`;

    it('cancels the event and every registration, recording a notice for everyone registered, waitlist included', async () => {
      const eventId = await publishedEvent(fed, { capacity: 1 });
      await register(eventId, await memberToken(fed, 40));
      await register(eventId, await memberToken(fed, 41));
      await register(eventId, undefined, { name: 'Tamu Satu', email: 'tamu.satu@example.id' });
      const res = await fed.query(CANCEL_EVENT, { token: librarian, variables: { id: eventId, reason: 'Aula dipakai untuk vaksinasi massal' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.cancelEvent).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Aula dipakai untuk vaksinasi massal' });

      const event = await registrations(eventId);
      expect(event).toMatchObject({ confirmedCount: 0, waitlistCount: 0 });
      for (const { node } of event.registrations.edges) {
        expect(node.status).toBe('CANCELLED');
        expect(node.notices).toEqual([expect.objectContaining({ kind: 'EVENT_CANCELLED' })]);
        expect(node.notices[0].message).toContain('Aula dipakai untuk vaksinasi massal');
      }
      const outbox = await fed.subgraphs['community-events'].db.getRepository(EventNotice).findBy({ eventId });
      expect(outbox).toHaveLength(3);
      // Nothing is sent in the transaction: every notice waits for the worker (community-events-notices.test.ts), the
      // members' without an address here (the worker reads it from collections when it sends them).
      expect(outbox.filter((n) => n.email === 'tamu.satu@example.id').map((n) => [n.status, n.attempts, n.lastError])).toEqual([['PENDING', 0, null]]);
      expect(outbox.filter((n) => n.memberId).map((n) => [n.status, n.email, n.lastError])).toEqual([
        ['PENDING', null, null],
        ['PENDING', null, null],
      ]);
      expect(outbox.every((n) => n.sentAt === null)).toBe(true);
    });

    it('refuses a registration for a cancelled event with CONFLICT, and a second cancellation too', async () => {
      const eventId = await publishedEvent(fed);
      await fed.query(CANCEL_EVENT, { token: librarian, variables: { id: eventId, reason: 'Pemateri sakit' } });
      expect(codes(await register(eventId, await memberToken(fed, 42)))).toEqual(['CONFLICT']);
      expect(codes(await fed.query(CANCEL_EVENT, { token: librarian, variables: { id: eventId, reason: 'Lagi' } }))).toEqual(['CONFLICT']);
    });

    it("refuses a member and another library's librarian with FORBIDDEN, and the public with UNAUTHENTICATED", async () => {
      const eventId = await publishedEvent(fed);
      const variables = { id: eventId, reason: 'Tidak jadi' };
      expect(codes(await fed.query(CANCEL_EVENT, { variables }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await fed.query(CANCEL_EVENT, { token: await memberToken(fed, 43), variables }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(CANCEL_EVENT, { token: baubauLibrarian, variables }))).toEqual(['FORBIDDEN']);
    });
  });
});
