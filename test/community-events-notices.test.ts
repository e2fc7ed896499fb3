import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { NoticeSettings } from '../shared/platform/config';
import { demoId } from '../shared/domain/demo';
import { dataSourceOptions, dropDatabase, openDatabase } from '../shared/platform/database';
import type { Logger } from '../shared/platform/logger';
import { createTransports, type Transports } from '../shared/platform/transports';
import { communityEvents } from '../subgraphs/community-events';
import { EventDailyAggregates1795374679939 } from '../subgraphs/community-events/migrations/1795374679939-event-daily-aggregates';
import { EventOperations1795367266449 } from '../subgraphs/community-events/migrations/1795367266449-event-operations';
import { Initial1795365100888 } from '../subgraphs/community-events/migrations/1795365100888-initial';
import { INTERNAL_HEADER, signServiceToken } from '../shared/platform/auth';
import { INTERNAL_OPERATIONS } from '../shared/platform/internal-operations';
import { Member } from '../subgraphs/collections/members/member.entity';
import { deliverDueEventNotices, startEventNoticeWorker } from '../subgraphs/community-events/notices';
import { memberContactsFrom } from '../subgraphs/community-events/notices/member-contacts';
import { EventNotice, EventNoticeStatus } from '../subgraphs/community-events/notices/event-notice.entity';
import { CANCEL, librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';
import { BACKENDS, codes, postGraphQL, testConfig, startFederation, type Federation } from './helpers/federation';
import { startMailReceiver, startWebhookReceiver, type MailReceiver } from './helpers/notices';

/**
 * Event notices leave by e-mail, through the shared outbox worker and the shared transports, to
 * a real SMTP server on 127.0.0.1: a guest's notice to the address on the registration, a member's
 * to the address collections keeps (read when it is sent), each once.
 */

const CANCEL_EVENT = `mutation($id: ID!, $reason: String!) { cancelEvent(id: $id, reason: $reason) { id status } }`;
const NOTICES = /* GraphQL */ `
  query ($id: ID!) {
    event(id: $id) {
      registrations(first: 100) {
        edges {
          node {
            guestEmail
            member {
              id
            }
            notices {
              kind
              message
              status
              attempts
              lastError
              sentAt
            }
          }
        }
      }
    }
  }
`;

const later = (instant: Date, seconds: number) => new Date(instant.getTime() + seconds * 1000);
const demoIdOf = (i: number) => demoId('member', 'kupang', i);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

describe.each(BACKENDS)('event notices delivered by e-mail (%s)', (backend) => {
  let fed: Federation;
  let mail: MailReceiver;
  let librarian: string;
  let transports: Transports;
  let guests = 0;

  const settings = (over: Partial<NoticeSettings> = {}): NoticeSettings => ({
    smtpUrl: mail.url,
    from: 'Perpustakaan Umum Kota Kupang <pemberitahuan@uji.example>',
    intervalMs: 0,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    timeoutMs: 5000,
    allowPrivateAddresses: true,
    ...over,
  });
  const db = () => fed.subgraphs['community-events'].db;
  /** Members' contact details as the running service reads them: from collections, over HTTP. */
  const contacts = () => memberContactsFrom(fed.config);
  const deliver = (now: Date, t = transports, lookup = contacts()) => deliverDueEventNotices(db(), t, settings(), now, { contacts: lookup });
  const members = () => fed.subgraphs.collections.db.getRepository(Member);
  const mailsTo = (address: string) => mail.mails.filter((m) => m.to.includes(address));
  const noticesOf = (eventId: string) =>
    db()
      .getRepository(EventNotice)
      .find({ where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
  /** A guest address of its own for every registration (the receiver refuses those with "tolak"). */
  const guestEmail = (prefix = 'tamu') => `${prefix}.${backend}.${++guests}@contoh.id`;
  const registerGuest = async (eventId: string, name: string, email: string) => {
    const res = await fed.query(REGISTER, { variables: { eventId, guest: { name, email } } });
    expect(res.errors).toBeUndefined();
    return res.data.registerForEvent;
  };
  const cancelEvent = async (eventId: string, reason: string) => {
    const res = await fed.query(CANCEL_EVENT, { token: librarian, variables: { id: eventId, reason } });
    expect(res.errors).toBeUndefined();
  };
  const noticesSeen = async (eventId: string) => {
    const res = await fed.query(NOTICES, { token: librarian, variables: { id: eventId } });
    expect(res.errors).toBeUndefined();
    return res.data.event.registrations.edges.map((e: { node: unknown }) => e.node);
  };

  beforeAll(async () => {
    mail = await startMailReceiver();
    fed = await startFederation(backend, { config: { notices: settings() } });
    librarian = await librarianToken(fed, 'kupang');
    transports = createTransports(settings());
  });
  afterAll(async () => {
    transports?.close();
    await fed?.stop();
    await mail?.stop();
  });

  it("sends a cancelled event's notice once to a guest's address and once to the address the member gave collections, in Indonesian", async () => {
    const eventId = await publishedEvent(fed, { title: 'Lokakarya Menulis Cerpen' });
    const email = guestEmail();
    await registerGuest(eventId, 'Maria Ndoen', email);
    const member = await fed.query(REGISTER, { token: await memberToken(fed, 21), variables: { eventId } });
    expect(member.errors).toBeUndefined();
    await cancelEvent(eventId, 'Pemateri berhalangan hadir');

    // Written with the cancellation, both due at once; the member's address is not copied here.
    const written = await noticesOf(eventId);
    expect(written.map((n) => [n.email, n.status, n.attempts, n.lastError])).toHaveLength(2);
    expect(written.map((n) => [n.email, n.status, n.attempts, n.lastError])).toEqual(
      expect.arrayContaining([
        [email, 'PENDING', 0, null],
        [null, 'PENDING', 0, null],
      ]),
    );
    const memberId = written.find((n) => n.memberId)!.memberId!;
    const person = await members().findOneByOrFail({ id: memberId });
    expect(person.email).toMatch(/@/);

    const at = new Date();
    expect(await deliver(at)).toEqual({ sent: 2, retried: 0, failed: 0 });
    const [sent] = mailsTo(email);
    expect(mailsTo(email)).toHaveLength(1);
    expect(sent.from).toBe('pemberitahuan@uji.example');
    expect(sent.subject).toBe('Kegiatan dibatalkan: "Lokakarya Menulis Cerpen"');
    expect(sent.text).toMatch(/^Yth\. Maria Ndoen,/);
    expect(sent.text).toContain('Kegiatan "Lokakarya Menulis Cerpen" pada');
    expect(sent.text).toContain('dibatalkan: Pemateri berhalangan hadir.');
    expect(sent.text).toContain('Perpustakaan Umum Kota Kupang');
    const guestNotice = (await noticesOf(eventId)).find((n) => n.email === email)!;
    expect(sent.noticeId).toBe(guestNotice.id);
    const toMember = mailsTo(person.email);
    expect(toMember).toHaveLength(1);
    expect(toMember[0].subject).toBe('Kegiatan dibatalkan: "Lokakarya Menulis Cerpen"');
    expect(toMember[0].text).toMatch(new RegExp(`^Yth\\. ${person.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`));

    // Again, later: nothing is sent twice.
    expect(await deliver(later(at, 3600))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(person.email)).toHaveLength(1);

    // What staff see in Registration.notices.
    const seen = await noticesSeen(eventId);
    expect(seen.find((r: { guestEmail: string }) => r.guestEmail === email).notices).toEqual([
      expect.objectContaining({ kind: 'EVENT_CANCELLED', status: 'SENT', attempts: 1, lastError: null, sentAt: expect.any(String) }),
    ]);
    expect(seen.find((r: { member: unknown }) => r.member).notices).toEqual([
      expect.objectContaining({ kind: 'EVENT_CANCELLED', status: 'SENT', attempts: 1, lastError: null, sentAt: expect.any(String) }),
    ]);
  });

  it("waits while collections does not answer, and sends the member's notice once it does", async () => {
    const eventId = await publishedEvent(fed, { title: 'Kelas Menggambar Anak' });
    const member = await fed.query(REGISTER, { token: await memberToken(fed, 22), variables: { eventId } });
    expect(member.errors).toBeUndefined();
    await cancelEvent(eventId, 'Ruang baca dipakai ujian');
    const [notice] = await noticesOf(eventId);
    const person = await members().findOneByOrFail({ id: notice.memberId! });
    // Collections unreachable: a closed port where its address should be.
    const down = memberContactsFrom({ ...fed.config, subgraphUrls: { ...fed.config.subgraphUrls, collections: 'http://127.0.0.1:9/graphql' } });

    const t0 = new Date();
    expect(await deliver(t0, transports, down)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const waiting = (await noticesOf(eventId))[0];
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(waiting.lastError).toMatch(/^waiting for the member's contact details: .*collections/);
    expect(mailsTo(person.email)).toHaveLength(0);

    expect(await deliver(later(t0, 60))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(mailsTo(person.email)).toHaveLength(1);
  });

  it("marks a member's notice FAILED with why when the member gave no address, or closed the account since", async () => {
    const eventId = await publishedEvent(fed, { title: 'Klub Baca Remaja', capacity: 5 });
    for (const i of [23, 25]) expect((await fed.query(REGISTER, { token: await memberToken(fed, i), variables: { eventId } })).errors).toBeUndefined();
    const [noAddress, closed] = [demoIdOf(23), demoIdOf(25)];
    await members().update({ id: noAddress }, { email: '', phone: '' });
    await members().update({ id: closed }, { status: 'CLOSED' as never });
    await cancelEvent(eventId, 'Pemandu acara sakit');

    expect(await deliver(new Date())).toEqual({ sent: 0, retried: 0, failed: 2 });
    const byMember = new Map((await noticesOf(eventId)).map((n) => [n.memberId, n]));
    expect(byMember.get(noAddress)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/^no address: neither an e-mail address nor a phone number/) });
    expect(byMember.get(closed)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'no address: the member is unknown or their account is closed' });
  });

  it('sends a member without an e-mail address their notice by WhatsApp/SMS through the notice webhook, as circulation notices go', async () => {
    const hook = await startWebhookReceiver();
    const both = createTransports(settings({ webhookUrl: hook.url }));
    try {
      const eventId = await publishedEvent(fed, { title: 'Mendongeng Bersama Ayah' });
      expect((await fed.query(REGISTER, { token: await memberToken(fed, 26), variables: { eventId } })).errors).toBeUndefined();
      await members().update({ id: demoIdOf(26) }, { email: '', phone: '+6281239990026' });
      await cancelEvent(eventId, 'Pencerita berhalangan');
      expect(await deliver(new Date(), both)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(hook.calls.map((c) => [c.body.to, c.body.kind, c.body.subject])).toEqual([['+6281239990026', 'EVENT_CANCELLED', 'Kegiatan dibatalkan: "Mendongeng Bersama Ayah"']]);
      expect(hook.calls[0].body.text).toContain('dibatalkan: Pencerita berhalangan.');
    } finally {
      both.close();
      await hook.stop();
    }
  });

  it("keeps members' contact details from everyone but community-events: not in the public API, refused to another service", async () => {
    const admin = await fed.token({ role: 'ADMIN' });
    expect(codes(await fed.query(`{ memberNoticeContacts(ids: ["${demoIdOf(21)}"]) { email } }`, { token: admin }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const asService = async (service: 'community-events' | 'partnerships') =>
      postGraphQL(
        fed.subgraphs.collections.url,
        { query: INTERNAL_OPERATIONS.MemberNoticeContacts.query, variables: { ids: [demoIdOf(21)] } },
        {
          [INTERNAL_HEADER]: await signServiceToken(service, fed.config.serviceSecret),
        },
      );
    const refused = await asService('partnerships');
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const allowed = await asService('community-events');
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.memberNoticeContacts).toEqual([expect.objectContaining({ id: demoIdOf(21), email: expect.stringMatching(/@/) })]);
  });

  it('tells a waitlisted guest by e-mail that a place came free', async () => {
    const eventId = await publishedEvent(fed, { title: 'Kelas Literasi Digital', capacity: 1 });
    const member = await memberToken(fed, 72);
    const place = await fed.query(REGISTER, { token: member, variables: { eventId } });
    expect(place.errors).toBeUndefined();
    const email = guestEmail();
    expect(await registerGuest(eventId, 'Yosef Manafe', email)).toMatchObject({ status: 'WAITLISTED' });
    expect(await deliver(new Date())).toMatchObject({ sent: 0 });

    const cancelled = await fed.query(CANCEL, { token: member, variables: { id: place.data.registerForEvent.id } });
    expect(cancelled.errors).toBeUndefined();
    expect(await deliver(new Date())).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(mailsTo(email).map((m) => m.subject)).toEqual(['Anda mendapat tempat: "Kelas Literasi Digital"']);
    expect(mailsTo(email)[0].text).toContain('kini TERKONFIRMASI');
  });

  it('retries a refused e-mail after 1, then 2 minutes, and marks it FAILED after the third attempt', async () => {
    const eventId = await publishedEvent(fed);
    const email = guestEmail('tolak');
    await registerGuest(eventId, 'Tamu Ditolak', email);
    await cancelEvent(eventId, 'Aula sedang direnovasi');
    const t0 = new Date();
    const notice = async () => (await noticesOf(eventId))[0];

    expect(await deliver(t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let n = await notice();
    expect(n).toMatchObject({ status: EventNoticeStatus.PENDING, attempts: 1, lockedUntil: null, sentAt: null });
    expect(n.lastError).toMatch(/Mailbox unavailable/);
    expect(n.nextAttemptAt!.getTime()).toBe(Math.floor(t0.getTime() / 1000) * 1000 + 60_000);

    expect(await deliver(later(t0, 30))).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    expect(await deliver(later(t0, 60))).toEqual({ sent: 0, retried: 1, failed: 0 });
    n = await notice();
    expect(n.attempts).toBe(2);
    expect(n.nextAttemptAt!.getTime()).toBe(Math.floor(t0.getTime() / 1000) * 1000 + 60_000 + 120_000);

    expect(await deliver(later(t0, 179))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await deliver(later(t0, 180))).toEqual({ sent: 0, retried: 0, failed: 1 });
    n = await notice();
    expect(n).toMatchObject({ status: EventNoticeStatus.FAILED, attempts: 3, nextAttemptAt: null, sentAt: null });
    expect(n.lastError).toMatch(/Mailbox unavailable/);
    expect(await deliver(later(t0, 24 * 3600))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mail.refused.filter((a) => a === email)).toHaveLength(3);
    expect(mailsTo(email)).toHaveLength(0);
  });

  it('sends each notice once when two workers pass at the same moment', async () => {
    const eventId = await publishedEvent(fed, { capacity: 20 });
    const emails = Array.from({ length: 6 }, () => guestEmail());
    for (const [i, email] of emails.entries()) await registerGuest(eventId, `Tamu ${i + 1}`, email);
    await cancelEvent(eventId, 'Listrik padam di seluruh kota');
    const other = createTransports(settings());
    try {
      const at = new Date();
      const runs = await Promise.all([deliver(at), deliver(at, other)]);
      expect(runs[0].sent + runs[1].sent).toBe(emails.length);
    } finally {
      other.close();
    }
    for (const email of emails) expect(mailsTo(email)).toHaveLength(1);
    expect((await noticesOf(eventId)).map((n) => [n.status, n.attempts])).toEqual(emails.map(() => ['SENT', 1]));
  });

  it('runs as a worker inside the service, and not at all without SMTP_URL', async () => {
    const eventId = await publishedEvent(fed);
    const email = guestEmail();
    await registerGuest(eventId, 'Tamu Pekerja', email);
    await cancelEvent(eventId, 'Hujan deras');

    const idle = startEventNoticeWorker({ db: db(), config: { notices: settings({ smtpUrl: undefined }) }, log: quiet }, 50);
    await new Promise((r) => setTimeout(r, 300));
    await idle();
    expect((await noticesOf(eventId))[0].status).toBe('PENDING');

    const stop = startEventNoticeWorker({ db: db(), config: { notices: settings() }, log: quiet }, 50);
    for (let i = 0; i < 100 && !mailsTo(email).length; i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(mailsTo(email)).toHaveLength(1);
    expect((await noticesOf(eventId))[0].status).toBe('SENT');
  });
});

describe.each(BACKENDS)('upgrading the event notices of an older database (%s)', (backend) => {
  const config = testConfig(backend);
  const def = communityEvents;
  const q = (name: string) => (backend === 'sqlite' ? `"${name}"` : `\`${name}\``);

  afterAll(() => dropDatabase(config, def));

  it('sends none of the notices written before delivery existed: sent ones are SENT, the others FAILED with why', async () => {
    await openDatabase(config, { ...def, migrations: [Initial1795365100888, EventOperations1795367266449, EventDailyAggregates1795374679939] } as never).then((d) => d.destroy());
    const old = new DataSource({ ...dataSourceOptions(config, def), entities: [], migrations: [] });
    await old.initialize();
    const columns = ['id', 'eventId', 'registrationId', 'memberId', 'email', 'kind', 'message', 'createdAt', 'sentAt'].map(q).join(', ');
    const rows: (string | null)[][] = [
      ['n-sent', 'e-1', 'r-1', null, 'tamu@contoh.id', 'EVENT_CANCELLED', 'Kegiatan dibatalkan.', '2026-07-20 03:00:00', '2026-07-20 03:05:00'],
      ['n-guest', 'e-1', 'r-2', null, 'tamu2@contoh.id', 'EVENT_CANCELLED', 'Kegiatan dibatalkan.', '2026-07-20 03:00:00', null],
      ['n-member', 'e-1', 'r-3', 'm-1', null, 'PROMOTED_FROM_WAITLIST', 'Kabar baik.', '2026-07-21 03:00:00', null],
    ];
    for (const row of rows) await old.query(`INSERT INTO ${q('event_notice')} (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row);
    await old.destroy();

    const db = await openDatabase(config, def);
    try {
      const notices = await db.getRepository(EventNotice).find({ order: { id: 'ASC' } });
      expect(notices.map((n) => [n.id, n.status, n.attempts, n.nextAttemptAt, n.lockedUntil, n.lastError])).toEqual([
        ['n-guest', 'FAILED', 0, null, null, 'not sent: recorded before event notices were delivered'],
        ['n-member', 'FAILED', 0, null, null, 'not sent: recorded before event notices were delivered'],
        ['n-sent', 'SENT', 1, null, null, null],
      ]);
      // Nothing is due: a worker sends none of them.
      const transports = createTransports({ from: 'x <x@contoh.id>', intervalMs: 0, maxAttempts: 1, retryBaseMs: 1, timeoutMs: 1000, smtpUrl: 'smtp://127.0.0.1:9' });
      try {
        expect(await deliverDueEventNotices(db, transports, { from: 'x', intervalMs: 0, maxAttempts: 1, retryBaseMs: 1, timeoutMs: 1000 }, new Date())).toEqual({
          sent: 0,
          retried: 0,
          failed: 0,
        });
      } finally {
        transports.close();
      }
    } finally {
      await db.destroy();
    }
  });
});
