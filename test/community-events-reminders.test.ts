import 'reflect-metadata';
import type { NoticeSettings } from '../shared/platform/config';
import type { Logger } from '../shared/platform/logger';
import { addDays, todayIn, zonedToUtc } from '../shared/platform/time';
import { createTransports, type Transports } from '../shared/platform/transports';
import { deliverDueEventNotices, startEventNoticeWorker, writeEventReminders } from '../subgraphs/community-events/notices';
import { EventNotice } from '../subgraphs/community-events/notices/event-notice.entity';
import { memberContactsFrom } from '../subgraphs/community-events/notices/member-contacts';
import { Member } from '../subgraphs/collections/members/member.entity';
import { demoId } from '../shared/domain/demo';
import { CANCEL, librarianToken, memberToken, publishedEvent, REGISTER } from './community-events.fixtures';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';
import { startMailReceiver, type MailReceiver } from './helpers/notices';

/**
 * The reminder the day before: one per confirmed registration of an event starting tomorrow in
 * its library's zone, written once however many runs or workers write it, sent once by e-mail.
 */

const KUPANG_ZONE = 'Asia/Makassar';
const HOUR = 3600_000;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

const NOTICES = /* GraphQL */ `
  query ($id: ID!) {
    event(id: $id) {
      registrations(first: 100) {
        edges {
          node {
            guestEmail
            status
            notices {
              kind
              status
              message
            }
          }
        }
      }
    }
  }
`;

/** `days` from today in Kupang, at `time` WITA, as an event input's times (two hours long). */
function kupangTimes(days: number, time = '10:00'): { startsAt: string; endsAt: string } {
  const startsAt = zonedToUtc(addDays(todayIn(KUPANG_ZONE), days), time, KUPANG_ZONE);
  return { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString() };
}

describe.each(BACKENDS)('event reminders the day before (%s)', (backend) => {
  let fed: Federation;
  let mail: MailReceiver;
  let librarian: string;
  let transports: Transports;
  let guests = 0;

  const settings = (): NoticeSettings => ({
    smtpUrl: mail.url,
    from: 'Perpustakaan Umum Kota Kupang <pemberitahuan@uji.example>',
    intervalMs: 0,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    timeoutMs: 5000,
    allowPrivateAddresses: true,
  });
  const db = () => fed.subgraphs['community-events'].db;
  const calendars = () => fed.subgraphs['community-events'].calendar;
  const remind = (now = new Date()) => writeEventReminders({ db: db(), calendars: calendars() }, now);
  const deliver = (now = new Date()) => deliverDueEventNotices(db(), transports, settings(), now, { contacts: memberContactsFrom(fed.config) });
  const mailsTo = (address: string) => mail.mails.filter((m) => m.to.includes(address));
  const remindersOf = (eventId: string) =>
    db()
      .getRepository(EventNotice)
      .find({ where: { eventId, kind: 'REMINDER' as never }, order: { createdAt: 'ASC', id: 'ASC' } });
  const guestEmail = () => `pengingat.${backend}.${++guests}@contoh.id`;
  const register = async (eventId: string, guest?: { name: string; email: string }, token?: string) => {
    const res = await fed.query(REGISTER, { token, variables: { eventId, guest } });
    expect(res.errors).toBeUndefined();
    return res.data.registerForEvent;
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

  describe('an event starting tomorrow', () => {
    let eventId: string;
    const confirmedGuest = { name: 'Yohana Seran', email: '' };
    const waitlistedGuest = { name: 'Frans Lake', email: '' };
    const cancelledGuest = { name: 'Dominggus Bria', email: '' };

    beforeAll(async () => {
      confirmedGuest.email = guestEmail();
      waitlistedGuest.email = guestEmail();
      cancelledGuest.email = guestEmail();
      eventId = await publishedEvent(fed, { title: 'Dongeng Nusantara untuk Anak', capacity: 2, ...kupangTimes(1) });
      await register(eventId, confirmedGuest);
      await register(eventId, undefined, await memberToken(fed, 31));
      await register(eventId, waitlistedGuest);
      const cancelled = await register(eventId, cancelledGuest);
      expect((await fed.query(CANCEL, { variables: { id: cancelled.id, token: cancelled.guestToken } })).errors).toBeUndefined();
    });

    it('writes one reminder per confirmed registration, even when two runs race and a third follows', async () => {
      const [a, b] = await Promise.all([remind(), remind()]);
      const again = await remind();
      const reminders = await remindersOf(eventId);
      expect(reminders).toHaveLength(2);
      // Between them the two racing runs wrote each once; the third found both written.
      expect(a.written + b.written).toBeGreaterThanOrEqual(2);
      expect(again.written).toBe(0);
      expect(again.alreadyWritten).toBeGreaterThanOrEqual(2);
      expect(reminders.map((n) => [n.email, n.status]).sort()).toEqual(
        [
          [confirmedGuest.email, 'PENDING'],
          [null, 'PENDING'],
        ].sort(),
      );
    });

    it('writes none for a waitlisted or a cancelled registration, and shows the reminder with the registration', async () => {
      const res = await fed.query(NOTICES, { token: librarian, variables: { id: eventId } });
      expect(res.errors).toBeUndefined();
      const byEmail = new Map<string, { kind: string; message: string }[]>(
        res.data.event.registrations.edges.filter((e: any) => e.node.guestEmail).map((e: any) => [e.node.guestEmail, e.node.notices]),
      );
      expect(byEmail.get(waitlistedGuest.email)).toEqual([]);
      expect(byEmail.get(cancelledGuest.email)).toEqual([]);
      const [reminder] = byEmail.get(confirmedGuest.email)!;
      expect(reminder.kind).toBe('REMINDER');
      expect(reminder.message).toContain('"Dongeng Nusantara untuk Anak" berlangsung besok');
      expect(reminder.message).toContain('10:00 WITA');
    });

    it("sends each reminder once by e-mail, the member's to the address collections keeps, when two workers pass at the same moment", async () => {
      const at = new Date();
      await Promise.all([deliver(at), deliver(at)]);
      await deliver(new Date(at.getTime() + HOUR));
      const sent = mailsTo(confirmedGuest.email);
      expect(sent).toHaveLength(1);
      expect(sent[0].subject).toBe('Pengingat: "Dongeng Nusantara untuk Anak" besok');
      expect(sent[0].text).toMatch(/^Yth\. Yohana Seran,/);
      const member = await fed.subgraphs.collections.db.getRepository(Member).findOneByOrFail({ id: demoId('member', 'kupang', 31) });
      // This event's reminder only: the demo registers the member for events of its own (a weekly
      // Wednesday club), and on a Tuesday in Kupang one of them is tomorrow too.
      expect(
        mailsTo(member.email)
          .filter((m) => m.subject.includes('Dongeng Nusantara'))
          .map((m) => m.subject),
      ).toEqual(['Pengingat: "Dongeng Nusantara untuk Anak" besok']);
      expect((await remindersOf(eventId)).map((n) => n.status)).toEqual(['SENT', 'SENT']);
    });
  });

  it('writes none for an event two days ahead, nor for a cancelled event starting tomorrow', async () => {
    const later = await publishedEvent(fed, { title: 'Kelas Menulis Lusa', ...kupangTimes(2) });
    await register(later, { name: 'Maria Bana', email: guestEmail() });
    const cancelled = await publishedEvent(fed, { title: 'Lokakarya yang Batal', ...kupangTimes(1, '15:00') });
    await register(cancelled, { name: 'Petrus Tafuli', email: guestEmail() });
    const off = await fed.query(`mutation($id: ID!, $reason: String!) { cancelEvent(id: $id, reason: $reason) { id } }`, {
      token: librarian,
      variables: { id: cancelled, reason: 'Ruangan sedang diperbaiki' },
    });
    expect(off.errors).toBeUndefined();
    await remind();
    expect(await remindersOf(later)).toEqual([]);
    expect(await remindersOf(cancelled)).toEqual([]);
  });

  it('writes the reminder of the day after tomorrow only once tomorrow has come in the library zone', async () => {
    const eventId = await publishedEvent(fed, { title: 'Diskusi Buku Lusa', ...kupangTimes(2, '09:00') });
    await register(eventId, { name: 'Agustinus Bani', email: guestEmail() });
    await remind();
    expect(await remindersOf(eventId)).toEqual([]);
    await remind(new Date(Date.now() + 24 * HOUR));
    expect(await remindersOf(eventId)).toHaveLength(1);
  });

  it('does not send a reminder whose registration was cancelled after it was written', async () => {
    const eventId = await publishedEvent(fed, { title: 'Belajar Fotografi Ponsel', ...kupangTimes(1, '13:00') });
    const email = guestEmail();
    const reg = await register(eventId, { name: 'Sarlota Lede', email });
    await remind();
    expect((await remindersOf(eventId)).map((n) => n.status)).toEqual(['PENDING']);
    expect((await fed.query(CANCEL, { variables: { id: reg.id, token: reg.guestToken } })).errors).toBeUndefined();
    await deliver();
    expect(mailsTo(email)).toEqual([]);
    const [reminder] = await remindersOf(eventId);
    expect(reminder.status).toBe('FAILED');
    expect(reminder.lastError).toMatch(/registration was cancelled/);
  });

  it('is written and sent by the worker inside the service (the subgraph background), and not at all without SMTP_URL', async () => {
    const eventId = await publishedEvent(fed, { title: 'Klub Baca Remaja', ...kupangTimes(1, '16:00') });
    const email = guestEmail();
    await register(eventId, { name: 'Natalia Kase', email });

    const idle = startEventNoticeWorker({ db: db(), config: { notices: { ...settings(), smtpUrl: undefined } }, log: quiet, calendar: calendars() }, 50);
    await new Promise((r) => setTimeout(r, 300));
    await idle();
    expect(await remindersOf(eventId)).toEqual([]);

    const stop = startEventNoticeWorker({ db: db(), config: { notices: settings() }, log: quiet, calendar: calendars() }, 50);
    for (let i = 0; i < 100 && !mailsTo(email).length; i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(mailsTo(email)).toHaveLength(1);
    expect((await remindersOf(eventId)).map((n) => n.status)).toEqual(['SENT']);
  });
});
