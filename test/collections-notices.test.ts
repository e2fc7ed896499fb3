import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { In, type DataSource } from 'typeorm';
import type { NoticeSettings } from '../shared/platform/config';
import { DEMO_LIBRARIES } from '../shared/domain/demo';
import type { Logger } from '../shared/platform/logger';
import { zonedToUtc } from '../shared/platform/time';
import { setClock } from '../shared/platform/clock';
import { CirculationNotice, NoticeStatus } from '../subgraphs/collections/notices/circulation-notice.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { Member } from '../subgraphs/collections/members/member.entity';
import { NoticePolicy } from '../subgraphs/collections/notices/notice-policy.entity';
import { runNotices, startNoticeScheduler } from '../subgraphs/collections/notices/job';
import { noticeSignature } from '../shared/platform/transports';
import { newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from './helpers/notices';

const POLICY_FIELDS =
  'enabled senderName dueSoonDays dueToday overdueAfterDays overdueEveryDays overdueMaxNotices holdAvailable holdExpiringDays channels updatedBy library { id }';
const GET_POLICY = `query ($id: ID!) { circulationNoticePolicy(libraryId: $id) { ${POLICY_FIELDS} } }`;
const SET_POLICY = `mutation ($input: CirculationNoticePolicyInput!) { setCirculationNoticePolicy(input: $input) { ${POLICY_FIELDS} } }`;
const NOTICE_FIELDS = 'id kind channel recipient subject text status attempts lastError createdAt sentAt library { id }';
const OUTBOX = `query ($libraryId: ID, $status: CirculationNoticeStatus, $first: Int) {
  circulationNotices(libraryId: $libraryId, status: $status, first: $first) { totalCount edges { node { ${NOTICE_FIELDS} } } }
}`;
const RETRY = `mutation ($id: ID!) { retryCirculationNotice(id: $id) { id status attempts channel recipient } }`;
const MINE = `{ myCirculationNotices(first: 50) { totalCount edges { node { ${NOTICE_FIELDS} member { id } } } } }`;
const OF_MEMBER = `query ($id: ID!) { member(id: $id) { id circulationNotices(first: 50) { totalCount edges { node { kind subject } } } } }`;

const SECRET = 'rahasia-gateway-wa';
const KUPANG = 'Asia/Makassar';
/** The policy every test starts from, written out so that a test reads with its numbers. */
const BASE_POLICY = {
  libraryId: 'kupang',
  enabled: true,
  senderName: 'Perpustakaan Umum Kota Kupang',
  dueSoonDays: 3,
  dueToday: true,
  overdueAfterDays: 1,
  overdueEveryDays: 7,
  overdueMaxNotices: 3,
  holdAvailable: true,
  holdExpiringDays: 2,
  channels: ['EMAIL', 'WEBHOOK'],
};

const execFileAsync = promisify(execFile);
const at = (date: string, time = '10:00', zone = KUPANG) => zonedToUtc(date, time, zone);
const later = (instant: Date, seconds: number) => new Date(instant.getTime() + seconds * 1000);

describe.each(BACKENDS)('circulation notices (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  let mail: MailReceiver;
  let hook: WebhookReceiver;
  const tokens: Record<string, string> = {};

  const settings = (over: Partial<NoticeSettings> = {}): { notices: NoticeSettings } => ({
    notices: {
      smtpUrl: mail.url,
      from: 'Perpustakaan Uji <pemberitahuan@uji.example>',
      webhookUrl: hook.url,
      webhookSecret: SECRET,
      intervalMs: 0,
      maxAttempts: 3,
      retryBaseMs: 60_000,
      timeoutMs: 5000,
      allowPrivateAddresses: true, // the receivers listen on 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE)
      ...over,
    },
  });
  const run = (now: Date, over: Partial<NoticeSettings> = {}) => runNotices({ db, calendars: fed.subgraphs.collections.calendar, config: settings(over), now });
  const setPolicy = async (input: Record<string, unknown> = {}) => {
    const res = await fed.query(SET_POLICY, { token: tokens.libraryAdmin, variables: { input: { ...BASE_POLICY, ...input } } });
    expect(res.errors).toBeUndefined();
    return res.data.setCirculationNoticePolicy;
  };
  const mailsTo = (address: string) => mail.mails.filter((m) => m.to.includes(address));
  const callsTo = (phone: string) => hook.calls.filter((c) => c.body.to === phone);
  const noticesOf = (where: { loanId?: string; holdId?: string }) => db.getRepository(CirculationNotice).find({ where, order: { createdAt: 'ASC', dedupeKey: 'ASC' } });

  /** A member of Kupang with a copy of a new title out: lent on `lentOn`, due on `dueOn`. */
  async function loanOut(lentOn: string, dueOn: string, member?: { email?: string; phone?: string }, title?: string, libraryId = 'kupang') {
    const borrower = await newMember(db, libraryId);
    if (member) await db.getRepository(Member).update({ id: borrower.id }, member);
    const { record, items } = await newTitle(db, { [libraryId]: 1 }, { title, status: ItemStatus.ON_LOAN });
    const loan = db.getRepository(Loan).create({
      id: randomUUID(),
      itemId: items[0].id,
      memberId: borrower.id,
      libraryId,
      checkedOutAt: at(lentOn),
      dueOn,
      returnedAt: null,
      renewals: 0,
      finePerDay: 1000,
      graceDays: 0,
      fineCap: 50_000,
      daysOverdue: 0,
    });
    await db.getRepository(Loan).insert(loan);
    return { member: { ...borrower, ...member }, loan, record, item: items[0] };
  }

  /** A copy of a new title waiting on Kupang's hold shelf for a new member until `pickupBy`. */
  async function holdReady(pickupBy: string, member?: { email?: string; phone?: string }) {
    const borrower = await newMember(db, 'kupang');
    if (member) await db.getRepository(Member).update({ id: borrower.id }, member);
    const { record, items } = await newTitle(db, { kupang: 1 }, { status: ItemStatus.ON_HOLD_SHELF });
    const hold = db.getRepository(Hold).create({
      id: randomUUID(),
      recordId: record.id,
      memberId: borrower.id,
      pickupLibraryId: 'kupang',
      status: HoldStatus.READY,
      position: 1,
      activeMemberId: borrower.id,
      itemId: items[0].id,
      placedAt: at('2027-01-04'),
      notNeededAfter: null,
      pickupBy,
    });
    await db.getRepository(Hold).insert(hold);
    return { member: { ...borrower, ...member }, hold, record, item: items[0] };
  }

  beforeAll(async () => {
    [mail, hook] = await Promise.all([startMailReceiver(), startWebhookReceiver()]);
    // The service's own transports (for retryCirculationNotice) are the test's receivers too.
    fed = await startFederation(backend, { config: settings() });
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: randomUUID() });
    tokens.libraryAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    tokens.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: randomUUID() });
    tokens.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    tokens.government = await fed.token({ role: 'GOVERNMENT' });
    tokens.partner = await fed.token({ role: 'PARTNER', partnerId: randomUUID() });
    tokens.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(() => setToday('2027-01-04'));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
    await Promise.all([mail?.stop(), hook?.stop()]);
  });

  describe('demo data', () => {
    it('gives every demo library a policy signed with its name, and an outbox with sent and failed notices in Indonesian', async () => {
      const policies = await db.getRepository(NoticePolicy).find();
      expect(policies.map((p) => [p.libraryId, p.senderName]).sort()).toEqual(DEMO_LIBRARIES.map((l) => [l.id, l.name]).sort());
      const notices = await db.getRepository(CirculationNotice).find();
      expect(notices.length).toBeGreaterThan(0);
      expect(new Set(notices.map((n) => n.status))).toEqual(new Set(['SENT', 'FAILED']));
      for (const n of notices) expect(n.text).toMatch(/^Yth\. /);
    });
  });

  describe('the policy', () => {
    it("is read by the library's staff and set by its LIBRARY_ADMIN; fields left out keep their value", async () => {
      await setPolicy();
      const { libraryId: _library, ...withoutLibrary } = BASE_POLICY;
      const changed = await fed.query(SET_POLICY, { token: tokens.libraryAdmin, variables: { input: { libraryId: 'kupang', dueSoonDays: 5, channels: ['WEBHOOK'] } } });
      expect(changed.errors).toBeUndefined();
      expect(changed.data.setCirculationNoticePolicy).toMatchObject({ ...withoutLibrary, dueSoonDays: 5, channels: ['WEBHOOK'], library: { id: 'kupang' } });
      const read = await fed.query(GET_POLICY, { token: tokens.librarian, variables: { id: 'kupang' } });
      expect(read.errors).toBeUndefined();
      expect(read.data.circulationNoticePolicy).toMatchObject({ dueSoonDays: 5, overdueEveryDays: 7, channels: ['WEBHOOK'], senderName: BASE_POLICY.senderName });
      await setPolicy();
    });

    it.each([
      ['a librarian', 'librarian', 'FORBIDDEN'],
      ["another library's LIBRARY_ADMIN", 'baubauAdmin', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ])('refuses %s setting it, and changes nothing', async (_who, token, code) => {
      await setPolicy();
      const res = await fed.query(SET_POLICY, { token: token && tokens[token], variables: { input: { libraryId: 'kupang', enabled: false } } });
      expect(codes(res)).toEqual([code]);
      expect((await db.getRepository(NoticePolicy).findOneByOrFail({ libraryId: 'kupang' })).enabled).toBe(true);
    });

    it.each([
      ["another library's librarian", 'baubauLibrarian', 'FORBIDDEN'],
      ['GOVERNMENT', 'government', 'FORBIDDEN'],
      ['a partner', 'partner', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ])('refuses %s reading it', async (_who, token, code) => {
      const res = await fed.query(GET_POLICY, { token: token && tokens[token], variables: { id: 'kupang' } });
      expect(codes(res)).toEqual([code]);
    });

    it.each([
      ['DUE_SOON more than two weeks ahead', { dueSoonDays: 15 }, 'dueSoonDays'],
      ['overdue notices every 0 days', { overdueEveryDays: 0 }, 'overdueEveryDays'],
      ['a negative limit', { overdueMaxNotices: -1 }, 'overdueMaxNotices'],
      ['no channel', { channels: [] }, 'channels'],
      ['a channel twice', { channels: ['EMAIL', 'EMAIL'] }, 'channels'],
      ['a sender name of two letters', { senderName: 'Pk' }, 'senderName'],
    ])('refuses %s with BAD_USER_INPUT on the field, and writes nothing', async (_what, input, field) => {
      await setPolicy();
      const before = await db.getRepository(NoticePolicy).findOneByOrFail({ libraryId: 'kupang' });
      const res = await fed.query(SET_POLICY, { token: tokens.libraryAdmin, variables: { input: { libraryId: 'kupang', ...input } } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe(field);
      expect(await db.getRepository(NoticePolicy).findOneByOrFail({ libraryId: 'kupang' })).toEqual(before);
    });

    it('answers NOT_FOUND for a library that does not exist, and writes nothing', async () => {
      const res = await fed.query(SET_POLICY, { token: tokens.admin, variables: { input: { ...BASE_POLICY, libraryId: 'atlantis' } } });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(await db.getRepository(NoticePolicy).countBy({ libraryId: 'atlantis' })).toBe(0);
    });

    it("asks a library's first policy who signs the notices", async () => {
      await db.getRepository(NoticePolicy).delete({ libraryId: 'baubau' });
      const unsigned = await fed.query(SET_POLICY, { token: tokens.baubauAdmin, variables: { input: { libraryId: 'baubau' } } });
      expect(codes(unsigned)).toEqual(['BAD_USER_INPUT']);
      expect(unsigned.errors![0].extensions!.field).toBe('senderName');
      expect(await db.getRepository(NoticePolicy).countBy({ libraryId: 'baubau' })).toBe(0);
      const signed = await fed.query(SET_POLICY, { token: tokens.baubauAdmin, variables: { input: { libraryId: 'baubau', senderName: 'Perpustakaan Umum Kota Baubau' } } });
      expect(signed.errors).toBeUndefined();
      expect(signed.data.setCirculationNoticePolicy).toMatchObject({ dueSoonDays: 3, dueToday: true, overdueMaxNotices: 3, channels: ['EMAIL', 'WEBHOOK'] });
    });
  });

  describe('writing and delivering', () => {
    beforeEach(() => setPolicy());

    it('e-mails DUE_SOON three days before the due date, in Indonesian with the title and the date, once however often the job runs', async () => {
      const { member, loan } = await loanOut('2027-03-01', '2027-03-15', undefined, 'Laskar Pelangi (uji pengingat)');
      const short = await loanOut('2027-03-12', '2027-03-15');
      await run(at('2027-03-11'));
      expect(mailsTo(member.email)).toHaveLength(0);

      const first = await run(at('2027-03-12'));
      await run(at('2027-03-12', '16:00'));
      await run(at('2027-03-13'));
      const mails = mailsTo(member.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('Pengingat: "Laskar Pelangi (uji pengingat)" harus dikembalikan Senin, 15 Maret 2027');
      expect(mails[0].text).toContain(`Yth. ${member.name},`);
      expect(mails[0].text).toContain('paling lambat Senin, 15 Maret 2027');
      expect(mails[0].text).toContain('Perpustakaan Umum Kota Kupang');
      expect(mails[0].from).toBe('pemberitahuan@uji.example');
      expect(first.written.DUE_SOON).toBeGreaterThanOrEqual(1);
      const [notice] = await noticesOf({ loanId: loan.id });
      expect(notice).toMatchObject({ kind: 'DUE_SOON', channel: 'EMAIL', recipient: member.email, status: 'SENT', attempts: 1, dedupeKey: `loan:${loan.id}:DUE_SOON:2027-03-15` });
      expect(mails[0].noticeId).toBe(notice.id);
      // Lent three days before it is due: no reminder on the day it was lent.
      expect(await noticesOf({ loanId: short.loan.id })).toEqual([]);
    });

    it("counts the days in each lending library's own zone", async () => {
      // 00:30 on 6 December in Kupang (WITA) is still 23:30 on 5 December in Pasuruan (WIB).
      const kupang = await loanOut('2027-11-22', '2027-12-06');
      const pasuruan = await loanOut('2027-11-22', '2027-12-06', undefined, undefined, 'pasuruan');
      await run(at('2027-12-06', '00:30'));
      expect((await noticesOf({ loanId: kupang.loan.id })).map((n) => n.kind)).toEqual(['DUE_TODAY']);
      const [notice] = await noticesOf({ loanId: pasuruan.loan.id });
      expect(notice.kind).toBe('DUE_SOON');
      expect(notice.text).toContain('Perpustakaan Umum Kota Pasuruan');
      expect(notice.text).toContain('paling lambat Senin, 6 Desember 2027');
    });

    it('delivers each notice once when two passes run at the same moment', async () => {
      const loans = await Promise.all([0, 1, 2].map(() => loanOut('2027-03-22', '2027-04-05')));
      const results = await Promise.all([run(at('2027-04-05')), run(at('2027-04-05'))]);
      for (const { member, loan } of loans) {
        expect(mailsTo(member.email).map((m) => m.subject)).toEqual([expect.stringContaining('Hari ini batas pengembalian')]);
        expect((await noticesOf({ loanId: loan.id })).map((n) => [n.kind, n.status])).toEqual([['DUE_TODAY', 'SENT']]);
      }
      expect(results[0].sent + results[1].sent).toBeGreaterThanOrEqual(3);
    });

    it('writes no DUE_TODAY while the policy switches it off, and writes it at the next run once switched on', async () => {
      await setPolicy({ dueToday: false });
      const { member, loan } = await loanOut('2027-04-19', '2027-05-03');
      await run(at('2027-05-03'));
      expect(await noticesOf({ loanId: loan.id })).toEqual([]);
      await setPolicy({ dueToday: true });
      await run(at('2027-05-03', '11:00'));
      expect((await noticesOf({ loanId: loan.id })).map((n) => n.kind)).toEqual(['DUE_TODAY']);
      expect(mailsTo(member.email)).toHaveLength(1);
    });

    it('repeats OVERDUE every M days after the first, up to the limit', async () => {
      await setPolicy({ overdueAfterDays: 2, overdueEveryDays: 3, overdueMaxNotices: 2 });
      const { member, loan } = await loanOut('2027-05-18', '2027-06-01', undefined, 'Bumi Manusia (uji terlambat)');
      const keys = async () => (await noticesOf({ loanId: loan.id })).filter((n) => n.kind === 'OVERDUE').map((n) => n.dedupeKey);
      await run(at('2027-06-02'));
      expect(await keys()).toEqual([]);
      await run(at('2027-06-03'));
      expect(await keys()).toEqual([`loan:${loan.id}:OVERDUE:1`]);
      await run(at('2027-06-05'));
      expect(await keys()).toHaveLength(1);
      await run(at('2027-06-06'));
      await run(at('2027-06-09'));
      await run(at('2027-06-30'));
      expect(await keys()).toEqual([`loan:${loan.id}:OVERDUE:1`, `loan:${loan.id}:OVERDUE:2`]);
      const mails = mailsTo(member.email).filter((m) => /keterlambatan/.test(m.subject));
      expect(mails.map((m) => m.subject)).toEqual([
        'Pemberitahuan keterlambatan: "Bumi Manusia (uji terlambat)"',
        'Pemberitahuan keterlambatan ke-2: "Bumi Manusia (uji terlambat)"',
      ]);
      expect(mails[0].text).toContain('terlambat 2 hari');
      expect(mails[0].text).toContain('Rp 1.000 per hari');
      expect(mails[1].text).toContain('terlambat 5 hari');
    });

    it('reaches a member without an e-mail address through the signed webhook: the copy on the hold shelf, then its pickup deadline', async () => {
      const phone = '+6281311112222';
      const { member, hold, record } = await holdReady('2027-07-09', { email: '', phone });
      await run(at('2027-07-05'));
      await run(at('2027-07-06'));
      let calls = callsTo(phone);
      expect(calls).toHaveLength(1);
      expect(calls[0].body).toMatchObject({ kind: 'HOLD_AVAILABLE', to: phone, libraryId: 'kupang', subject: `Buku pesanan Anda siap diambil: "${record.title}"` });
      expect(calls[0].body.text).toContain('paling lambat Jumat, 9 Juli 2027');
      const timestamp = Number(calls[0].headers['x-notice-timestamp']);
      expect(calls[0].headers['x-signature']).toBe(noticeSignature(SECRET, timestamp, calls[0].raw));
      expect(calls[0].headers['webhook-id']).toBe(calls[0].headers['idempotency-key']);
      expect(calls[0].body).toMatchObject({ type: 'notice.send', version: '1' });
      expect(mail.mails.some((m) => m.text.includes(member.name))).toBe(false);

      await run(at('2027-07-07'));
      await run(at('2027-07-08'));
      calls = callsTo(phone);
      expect(calls.map((c) => c.body.kind)).toEqual(['HOLD_AVAILABLE', 'HOLD_EXPIRING']);
      expect(calls[1].body.text).toContain('Jumat, 9 Juli 2027');
      expect((await noticesOf({ holdId: hold.id })).map((n) => [n.kind, n.channel, n.status])).toEqual([
        ['HOLD_AVAILABLE', 'WEBHOOK', 'SENT'],
        ['HOLD_EXPIRING', 'WEBHOOK', 'SENT'],
      ]);
    });

    it('does not tell a member on one day both that the copy waits and that the deadline is near', async () => {
      const { hold } = await holdReady('2027-07-21');
      await run(at('2027-07-20'));
      await run(at('2027-07-20', '15:00'));
      expect((await noticesOf({ holdId: hold.id })).map((n) => n.kind)).toEqual(['HOLD_AVAILABLE']);
      await run(at('2027-07-21'));
      expect((await noticesOf({ holdId: hold.id })).map((n) => n.kind)).toEqual(['HOLD_AVAILABLE', 'HOLD_EXPIRING']);
      await run(at('2027-07-22'));
      expect(await noticesOf({ holdId: hold.id })).toHaveLength(2);
    });

    it('writes nothing for a member no configured channel can reach, and writes it once one is configured', async () => {
      const { loan } = await loanOut('2027-07-19', '2027-08-02', { email: '', phone: '+6281399990000' });
      await run(at('2027-08-02'), { webhookUrl: undefined });
      expect(await noticesOf({ loanId: loan.id })).toEqual([]);
      await run(at('2027-08-02', '12:00'));
      expect((await noticesOf({ loanId: loan.id })).map((n) => [n.kind, n.channel, n.status])).toEqual([['DUE_TODAY', 'WEBHOOK', 'SENT']]);
    });

    it('retries a webhook that answers 500 with exponential backoff, then marks the notice FAILED and stops', async () => {
      const phone = '+6281250012345';
      const { loan } = await loanOut('2027-08-09', '2027-08-23', { email: '', phone });
      const t0 = at('2027-08-23');
      const first = await run(t0);
      let [notice] = await noticesOf({ loanId: loan.id });
      expect(notice).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'HTTP 500', sentAt: null });
      expect(notice.nextAttemptAt!.getTime()).toBe(later(t0, 60).getTime());
      expect(first.retried).toBeGreaterThanOrEqual(1);

      await run(later(t0, 30));
      expect(callsTo(phone)).toHaveLength(1);
      await run(later(t0, 60));
      [notice] = await noticesOf({ loanId: loan.id });
      expect(notice).toMatchObject({ status: 'PENDING', attempts: 2 });
      expect(notice.nextAttemptAt!.getTime()).toBe(later(t0, 60 + 120).getTime());
      await run(later(t0, 120));
      expect(callsTo(phone)).toHaveLength(2);
      const last = await run(later(t0, 180));
      [notice] = await noticesOf({ loanId: loan.id });
      expect(notice).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'HTTP 500', nextAttemptAt: null });
      expect(last.failed).toBeGreaterThanOrEqual(1);
      await run(later(t0, 3600));
      expect(callsTo(phone)).toHaveLength(3);
    });

    it('retries an address the SMTP server refuses, then marks it FAILED', async () => {
      const email = `tolak.${randomUUID().slice(0, 8)}@example.com`;
      const { loan } = await loanOut('2027-08-30', '2027-09-13', { email });
      const t0 = at('2027-09-13');
      await run(t0, { maxAttempts: 2 });
      await run(later(t0, 60), { maxAttempts: 2 });
      const [notice] = await noticesOf({ loanId: loan.id });
      expect(notice).toMatchObject({ status: 'FAILED', attempts: 2, channel: 'EMAIL' });
      expect(notice.lastError).toContain('550');
      expect(mail.refused.filter((a) => a === email)).toHaveLength(2);
    });

    it('sends a FAILED notice again once the desk has fixed the address: to the new address, once', async () => {
      const refused = `tolak.${randomUUID().slice(0, 8)}@example.com`;
      const { loan, member } = await loanOut('2027-09-06', '2027-09-20', { email: refused });
      const t0 = at('2027-09-20');
      await run(t0, { maxAttempts: 1 });
      const [failed] = await noticesOf({ loanId: loan.id });
      expect(failed).toMatchObject({ status: 'FAILED', recipient: refused });

      expect(codes(await fed.query(RETRY, { token: tokens.baubauLibrarian, variables: { id: failed.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RETRY, { token: tokens.government, variables: { id: failed.id } }))).toEqual(['FORBIDDEN']);
      expect(codes(await fed.query(RETRY, { token: tokens.librarian, variables: { id: randomUUID() } }))).toEqual(['NOT_FOUND']);

      const fixed = `benar.${randomUUID().slice(0, 8)}@example.com`;
      await db.getRepository(Member).update({ id: member.id }, { email: fixed });
      const res = await fed.query(RETRY, { token: tokens.librarian, variables: { id: failed.id } });
      expect(res.errors).toBeUndefined();
      expect(res.data.retryCirculationNotice).toEqual({ id: failed.id, status: 'PENDING', attempts: 0, channel: 'EMAIL', recipient: fixed });
      const again = await fed.query(RETRY, { token: tokens.libraryAdmin, variables: { id: failed.id } });
      expect(codes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions!.reason).toBe('NOT_FAILED');

      await run(later(t0, 60));
      await run(later(t0, 120));
      expect(mailsTo(fixed)).toHaveLength(1);
      expect(mailsTo(fixed)[0].subject).toBe(failed.subject);
      const [sent] = await noticesOf({ loanId: loan.id });
      expect(sent).toMatchObject({ status: 'SENT', attempts: 1 });
    });

    it('refuses to send a FAILED notice again while nothing configured reaches the member, and leaves it FAILED', async () => {
      const { loan, member } = await loanOut('2027-09-07', '2027-09-21', { email: `tolak.${randomUUID().slice(0, 8)}@example.com` });
      await run(at('2027-09-21'), { maxAttempts: 1 });
      const [failed] = await noticesOf({ loanId: loan.id });
      await db.getRepository(Member).update({ id: member.id }, { email: '', phone: '' });
      const res = await fed.query(RETRY, { token: tokens.librarian, variables: { id: failed.id } });
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(res.errors![0].extensions!.reason).toBe('NO_CHANNEL');
      expect((await noticesOf({ loanId: loan.id }))[0]).toMatchObject({ status: 'FAILED' });
    });

    it('runs on a schedule inside the service, and stops waiting for the pass in progress', async () => {
      const { member, loan } = await loanOut('2027-09-06', '2027-09-20');
      setToday('2027-09-20');
      const quiet = { info: () => undefined, warn: () => undefined } as unknown as Logger;
      const stop = startNoticeScheduler({ db, calendar: fed.subgraphs.collections.calendar, config: settings(), log: quiet }, 50);
      for (let i = 0; i < 100 && !mailsTo(member.email).length; i++) await new Promise((r) => setTimeout(r, 50));
      await stop();
      expect(mailsTo(member.email)).toHaveLength(1);
      expect((await noticesOf({ loanId: loan.id }))[0].status).toBe('SENT');
    });
  });

  describe('npm run notices', () => {
    it('runs one pass against the configured database and prints what it wrote and sent', async () => {
      await setPolicy();
      const { member, loan } = await loanOut('2027-11-01', '2027-11-15', undefined, 'Cantik Itu Luka (uji CLI)');
      const { config } = fed;
      const env = {
        ...process.env,
        NODE_ENV: 'test',
        DATA_DIR: config.dataDir,
        DATABASE_PREFIX: config.databasePrefix,
        DATABASE_URL: config.databaseUrl ?? '',
        STAFF_DEVELOPMENT_URL: config.subgraphUrls['staff-development'],
        GATEWAY_SECRET: config.gatewaySecret,
        JWT_SECRET: config.jwtSecret,
        SMTP_URL: mail.url,
        NOTICE_WEBHOOK_URL: hook.url,
        NOTICE_WEBHOOK_SECRET: SECRET,
      };
      const { stdout } = await execFileAsync('npx', ['ts-node', '--transpile-only', 'scripts/notices.ts', '--at', '2027-11-15T10:00:00+08:00'], { env, timeout: 60_000 });
      expect(stdout).toContain('Circulation notices at 2027-11-15T02:00:00.000Z');
      expect(stdout).toMatch(/written: \d+ \(.*DUE_TODAY [1-9]/);
      expect(stdout).toMatch(/sent: [1-9]/);
      expect(mailsTo(member.email).map((m) => m.subject)).toEqual(['Hari ini batas pengembalian "Cantik Itu Luka (uji CLI)"']);
      await run(at('2027-11-15', '10:05'));
      expect(mailsTo(member.email)).toHaveLength(1);
      expect((await noticesOf({ loanId: loan.id })).map((n) => n.status)).toEqual(['SENT']);
    });
  });

  describe('who sees notices', () => {
    let member: Member;
    let other: Member;
    beforeAll(async () => {
      await setPolicy();
      ({ member } = await loanOut('2027-10-04', '2027-10-18', undefined, 'Ronggeng Dukuh Paruk (uji)'));
      ({ member: other } = await loanOut('2027-10-04', '2027-10-18'));
      await run(at('2027-10-18'));
      tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: member.id });
    });

    it('shows a member their own notices, with what was sent', async () => {
      const res = await fed.query(MINE, { token: tokens.member });
      expect(res.errors).toBeUndefined();
      expect(res.data.myCirculationNotices.totalCount).toBe(1);
      expect(res.data.myCirculationNotices.edges[0].node).toMatchObject({
        kind: 'DUE_TODAY',
        channel: 'EMAIL',
        status: 'SENT',
        subject: 'Hari ini batas pengembalian "Ronggeng Dukuh Paruk (uji)"',
        member: { id: member.id },
        library: { id: 'kupang' },
      });
      const own = await fed.query(OF_MEMBER, { token: tokens.member, variables: { id: member.id } });
      expect(own.errors).toBeUndefined();
      expect(own.data.member.circulationNotices.edges.map((e: any) => e.node.kind)).toEqual(['DUE_TODAY']);
    });

    it("refuses a member another member's notices", async () => {
      const res = await fed.query(OF_MEMBER, { token: tokens.member, variables: { id: other.id } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it("shows the library's staff its outbox by status, and ADMIN every library's", async () => {
      const failed = await fed.query(OUTBOX, { token: tokens.librarian, variables: { status: 'FAILED', first: 100 } });
      expect(failed.errors).toBeUndefined();
      const nodes = failed.data.circulationNotices.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n: any) => n.status === 'FAILED' && n.library.id === 'kupang')).toBe(true);
      const kupang = await db.getRepository(CirculationNotice).countBy({ libraryId: 'kupang', status: NoticeStatus.FAILED });
      expect(failed.data.circulationNotices.totalCount).toBe(kupang);

      const all = await fed.query(OUTBOX, { token: tokens.admin, variables: { first: 100 } });
      expect(all.errors).toBeUndefined();
      expect(all.data.circulationNotices.totalCount).toBe(await db.getRepository(CirculationNotice).count());
      const libraries = await db.getRepository(CirculationNotice).find({ select: { libraryId: true }, where: { libraryId: In(DEMO_LIBRARIES.map((l) => l.id)) } });
      expect(new Set(libraries.map((n) => n.libraryId)).size).toBeGreaterThan(1);
    });

    it.each([
      ["another library's librarian, for Kupang's outbox", 'baubauLibrarian', OUTBOX, { libraryId: 'kupang' }, 'FORBIDDEN'],
      ['GOVERNMENT, for the outbox', 'government', OUTBOX, {}, 'FORBIDDEN'],
      ['GOVERNMENT, for notices of its own', 'government', MINE, {}, 'FORBIDDEN'],
      ['a partner, for the outbox', 'partner', OUTBOX, {}, 'FORBIDDEN'],
      ['a member, for the outbox', 'member', OUTBOX, {}, 'FORBIDDEN'],
      ['a librarian, for notices of their own', 'librarian', MINE, {}, 'FORBIDDEN'],
      ['an anonymous caller', undefined, MINE, {}, 'UNAUTHENTICATED'],
    ])('refuses %s', async (_who, token, query, variables, code) => {
      const res = await fed.query(query, { token: token && tokens[token], variables });
      expect(codes(res)).toEqual([code]);
    });
  });
});
