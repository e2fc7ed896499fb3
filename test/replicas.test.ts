import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setClock } from '../shared/platform/clock';
import { loadConfig, type Config } from '../shared/platform/config';
import { startSubgraph, type RunningSubgraph } from '../shared/platform/server';
import { deliverDue, queued, type Outbox } from '../shared/platform/outbox';
import { createTransports, type OutgoingNotice, type Transports } from '../shared/platform/transports';
import { SMTPServer } from 'smtp-server';
import { wholeSeconds } from '../shared/platform/time';
import { collections } from '../subgraphs/collections';
import { CirculationNotice, NoticeKind, NoticeStatus } from '../subgraphs/collections/notices/circulation-notice.entity';
import { noticeOutbox } from '../subgraphs/collections/notices/outbox';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { expireHolds } from '../subgraphs/collections/circulation/circulation.service';
import { aggregateDaily } from '../subgraphs/collections/indicators/aggregates.job';
import { NoticeChannel, NoticePolicy } from '../subgraphs/collections/notices/notice-policy.entity';
import { Member } from '../subgraphs/collections/members/member.entity';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';
import { parseMail, startWebhookReceiver, type WebhookReceiver } from './helpers/notices';

/**
 * Two collections processes on one MariaDB database, each running its notice worker, and a WhatsApp
 * gateway that takes 2.5 s to answer: every notice reaches the gateway once. The old lease ran from
 * the start of a pass (timeout + margin = 4 s here) while a pass of five batches lasts 12.5 s, so a
 * replica starting its pass later took over rows the first was still sending. MariaDB only: SQLite is one process's file. And the delivery id
 * every attempt of a notice carries, for the receiver to drop one it already had (any backend).
 */

const NOTICES = 99;
const ANSWER_AFTER_MS = 2500;
// Well above the receiver's answer time: a notice answered late on a busy machine is retried (with
// its delivery id), which is not the double sending this test is about.
const TIMEOUT_MS = 6000;
const MARGIN_MS = 1000;

interface Call {
  deliveryId: string | undefined;
  noticeId: string | undefined;
  text: string;
}

/** A slow webhook receiver: answers 200 after ANSWER_AFTER_MS, recording every request as it arrives. */
async function startSlowReceiver(): Promise<{ url: string; calls: Call[]; inFlight: () => number; mostAtOnce: () => number; stop(): Promise<void> }> {
  const calls: Call[] = [];
  let inFlight = 0;
  let mostAtOnce = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    mostAtOnce = Math.max(mostAtOnce, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
      calls.push({ deliveryId: req.headers['idempotency-key'] as string | undefined, noticeId: req.headers['x-notice-id'] as string | undefined, text: body.text });
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, ANSWER_AFTER_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wa`,
    calls,
    inFlight: () => inFlight,
    mostAtOnce: () => mostAtOnce,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const counts = (values: (string | undefined)[]) => {
  const byValue = new Map<string | undefined, number>();
  for (const v of values) byValue.set(v, (byValue.get(v) ?? 0) + 1);
  return byValue;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(BACKENDS.includes('mysql') ? describe : describe.skip)('two collections replicas on one MariaDB database', () => {
  let fed: Federation;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  const replicas: RunningSubgraph[] = [];
  let ids: string[];
  let holdRace: { expiredBefore: number; a: number; b: number; expiredAfter: number; again: number };

  beforeAll(async () => {
    // The workers' passes and leases run on the real time, as in production.
    setClock(null);
    receiver = await startSlowReceiver();
    fed = await startFederation('mysql');
    const db = fed.subgraphs.collections.db;
    // Only the notices written here: no library's policy writes any of its own.
    await db.getRepository(NoticePolicy).update({ enabled: true }, { enabled: false });
    const member = await db.getRepository(Member).findOneByOrFail({ libraryId: 'kupang' });
    const at = wholeSeconds(new Date(Date.now() - 60_000));
    ids = Array.from({ length: NOTICES }, () => randomUUID());
    await db.getRepository(CirculationNotice).insert(
      ids.map((id, i) => ({
        id,
        dedupeKey: `replicas:${id}`,
        memberId: member.id,
        libraryId: 'kupang',
        loanId: null,
        holdId: null,
        kind: NoticeKind.DUE_SOON,
        channel: NoticeChannel.WEBHOOK,
        recipient: '+6281200000000',
        subject: `Pengingat ${i + 1}`,
        text: `Pengingat nomor ${i + 1} dari ${NOTICES}`,
        status: NoticeStatus.PENDING,
        attempts: 0,
        nextAttemptAt: at,
        lockedUntil: null,
        lastError: null,
        createdAt: at,
        sentAt: null,
      })),
    );

    const replicaConfig: Config = {
      ...fed.config,
      notices: { ...fed.config.notices, webhookUrl: receiver.url, smtpUrl: undefined, intervalMs: 500, timeoutMs: TIMEOUT_MS, maxAttempts: 3, allowPrivateAddresses: true },
      outboxLeaseMarginMs: MARGIN_MS,
    };
    // The second replica starts while the first is in the middle of its pass.
    replicas.push(await startSubgraph(collections, replicaConfig, { port: 0, seed: false, background: true }));
    await sleep(5000);
    replicas.push(await startSubgraph(collections, replicaConfig, { port: 0, seed: false, background: true }));
    // Both replicas expire holds at the same moment: now, before their own hold expiry job makes its
    // first pass (a minute after start), which would leave nothing to expire on a slow machine.
    const expiredBefore = await replicas[0].db.getRepository(Hold).countBy({ status: HoldStatus.EXPIRED });
    const [a, b] = await Promise.all(replicas.map((r) => expireHolds({ db: r.db, calendars: r.calendar })));
    const expiredAfter = await replicas[0].db.getRepository(Hold).countBy({ status: HoldStatus.EXPIRED });
    holdRace = { expiredBefore, a, b, expiredAfter, again: await expireHolds({ db: replicas[0].db, calendars: replicas[0].calendar }) };

    // Until nothing is due, nothing is in flight, and the receiver has been quiet for a while.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const pending = await db.getRepository(CirculationNotice).countBy({ status: NoticeStatus.PENDING });
      if (!pending && !receiver.inFlight()) break;
      if (Date.now() > deadline) throw new Error(`${pending} notices still PENDING after 90 s`);
      await sleep(250);
    }
    await sleep(2 * ANSWER_AFTER_MS);
  }, 150_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await fed?.stop();
    await receiver?.stop();
  }, 60_000);

  it('delivers every notice to the receiver exactly once, counted by delivery id', () => {
    const byId = counts(receiver.calls.map((c) => c.deliveryId ?? c.noticeId));
    const twice = [...byId].filter(([, n]) => n > 1);
    expect({ received: receiver.calls.length, sentTwice: twice.length }).toEqual({ received: NOTICES, sentTwice: 0 });
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
  });

  it('delivers every notice exactly once, counted by its text', () => {
    const byText = counts(receiver.calls.map((c) => c.text));
    expect(byText.size).toBe(NOTICES);
    expect([...byText.values()].every((n) => n === 1)).toBe(true);
  });

  it('had both replicas sending at once (one worker sends at most 20 at a time)', () => {
    expect(receiver.mostAtOnce()).toBeGreaterThan(20);
  });

  it('gives the receiver the row’s id as the delivery id to de-duplicate on', () => {
    expect(receiver.calls.every((c) => c.deliveryId === c.noticeId)).toBe(true);
  });

  it('shows each notice once in the outbox: SENT after one attempt, no lease left', async () => {
    const rows = (await fed.subgraphs.collections.db.getRepository(CirculationNotice).find()).filter((r) => r.dedupeKey.startsWith('replicas:'));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.map((r) => [r.status, r.attempts, r.lockedUntil, r.lastError])).toEqual(ids.map(() => [NoticeStatus.SENT, 1, null, null]));
  });

  it('expires each hold once when both replicas run the hold expiry at the same moment (a guarded UPDATE per hold)', async () => {
    const { expiredBefore, a, b, expiredAfter, again } = holdRace;
    expect(a + b).toBeGreaterThan(0);
    expect(expiredAfter).toBe(expiredBefore + a + b);
    expect(again).toBe(0);
  });

  it('builds the daily aggregates once when both replicas build them at the same moment (the same rows as one run alone)', async () => {
    const db = replicas[0].db;
    await db.query('DELETE FROM circulation_daily');
    await db.query('DELETE FROM member_activity');
    await db.query('DELETE FROM daily_aggregate_state');
    await Promise.all(replicas.map((r) => aggregateDaily({ db: r.db, calendars: r.calendar }, { full: true })));
    const read = async () => ({
      daily: await db.query('SELECT * FROM circulation_daily ORDER BY libraryId, day'),
      members: await db.query('SELECT COUNT(*) AS n FROM member_activity'),
      state: await db.query('SELECT libraryId, aggregatedThrough FROM daily_aggregate_state ORDER BY libraryId'),
    });
    const together = await read();
    expect(together.daily.length).toBeGreaterThan(0);
    await aggregateDaily({ db, calendars: replicas[0].calendar }, { full: true });
    expect(await read()).toEqual(together);
  });
});

describe('the delivery id a receiver de-duplicates on', () => {
  const notice = (id: string, recipient: string, channel: NoticeChannel): OutgoingNotice => ({
    id,
    kind: 'DUE_SOON',
    channel,
    recipient,
    libraryId: 'kupang',
    subject: 'Pengingat',
    text: 'Buku Anda jatuh tempo besok.',
  });
  let hook: WebhookReceiver;
  let smtp: SMTPServer;
  const mails: Record<string, string>[] = [];
  let transports: Transports;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push(parseMail(Buffer.concat(chunks).toString('utf8')).headers);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    transports = createTransports({
      smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'Perpustakaan Umum Kota Kupang <pemberitahuan@perpustakaan.kupang.example>',
      webhookUrl: hook.url,
      intervalMs: 0,
      maxAttempts: 3,
      retryBaseMs: 1000,
      timeoutMs: 3000,
      allowPrivateAddresses: true,
    });
  });

  afterAll(async () => {
    transports.close();
    await hook.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends every attempt of a webhook notice with its id as Idempotency-Key, and another notice with another', async () => {
    const refused = notice(randomUUID(), '+62812500', NoticeChannel.WEBHOOK);
    const other = notice(randomUUID(), '+62812111', NoticeChannel.WEBHOOK);
    await expect(transports.send(refused, new Date())).rejects.toThrow('HTTP 500');
    await expect(transports.send(refused, new Date())).rejects.toThrow('HTTP 500');
    await transports.send(other, new Date());
    expect(hook.calls.map((c) => [c.headers['idempotency-key'], c.headers['x-notice-id']])).toEqual([
      [refused.id, refused.id],
      [refused.id, refused.id],
      [other.id, other.id],
    ]);
  });

  it('gives every attempt of an e-mail notice one Message-ID made from its id, in the sender’s domain', async () => {
    const once = notice(randomUUID(), 'anggota@contoh.id', NoticeChannel.EMAIL);
    const other = notice(randomUUID(), 'anggota@contoh.id', NoticeChannel.EMAIL);
    await transports.send(once, new Date());
    await transports.send(once, new Date());
    await transports.send(other, new Date());
    expect(mails.map((m) => [m['message-id'], m['x-notice-id']])).toEqual([
      [`<notice.${once.id}@perpustakaan.kupang.example>`, once.id],
      [`<notice.${once.id}@perpustakaan.kupang.example>`, once.id],
      [`<notice.${other.id}@perpustakaan.kupang.example>`, other.id],
    ]);
  });
});

describe.each(BACKENDS)('a lease held while its attempt runs (%s)', (backend) => {
  let fed: Federation;
  const attempted: { worker: string; id: string }[] = [];
  /** The circulation notice outbox, with an attempt that takes `ms` and records who made it. */
  const slow = (worker: string, ms: number): Outbox<CirculationNotice> => ({
    ...noticeOutbox,
    name: 'circulation notice',
    attempt: async (row) => {
      attempted.push({ worker, id: row.id });
      await sleep(ms);
      return { error: null };
    },
    columns: ({ at }) => ({ lastError: null, sentAt: at }),
    logFields: (row) => ({ notice: row.id }),
  });
  // The first lease runs out after at most 2.5 s (0.5 s timeout + 1 s margin, in whole seconds).
  const options = { maxAttempts: 3, backoffMs: () => 60_000, timeoutMs: 500, leaseMarginMs: 1000 };
  let ids: string[];
  let leasedMeanwhile: (Date | null)[];
  let observedAt: Date;
  let second: Awaited<ReturnType<typeof deliverDue>>;
  let first: Awaited<ReturnType<typeof deliverDue>>;

  beforeAll(async () => {
    fed = await startFederation(backend);
    const db = fed.subgraphs.collections.db;
    const member = await db.getRepository(Member).findOneByOrFail({ libraryId: 'kupang' });
    const at = wholeSeconds(new Date(Date.now() - 60_000));
    ids = [randomUUID(), randomUUID()];
    await db.getRepository(CirculationNotice).insert(
      ids.map((id) => ({
        id,
        dedupeKey: `lease:${id}`,
        memberId: member.id,
        libraryId: 'kupang',
        loanId: null,
        holdId: null,
        kind: NoticeKind.DUE_SOON,
        channel: NoticeChannel.WEBHOOK,
        recipient: '+6281200000000',
        subject: 'Pengingat',
        text: `Pengingat ${id}`,
        ...queued(noticeOutbox, at),
        lastError: null,
        createdAt: at,
        sentAt: null,
      })),
    );
    const running = deliverDue(db, slow('first', 5000), new Date(), options);
    await sleep(3500);
    observedAt = new Date();
    leasedMeanwhile = (await db.getRepository(CirculationNotice).findBy({ id: In(ids) })).map((r) => r.lockedUntil);
    second = await deliverDue(db, slow('second', 0), new Date(), options);
    first = await running;
  }, 60_000);

  afterAll(() => fed?.stop(), 60_000);

  it('renews the lease of a row still being sent, past the attempt’s timeout and margin', () => {
    expect(leasedMeanwhile.every((until) => until !== null && until > observedAt)).toBe(true);
  });

  it('lets no second worker take a row whose attempt is still running', () => {
    expect(second.attempted).toBe(0);
    expect(attempted.map((a) => a.worker)).toEqual(['first', 'first']);
  });

  it('records the one attempt and frees the row', async () => {
    expect(first).toMatchObject({ attempted: 2, delivered: 2 });
    const rows = await fed.subgraphs.collections.db.getRepository(CirculationNotice).findBy({ id: In(ids) });
    expect(rows.map((r) => [r.status, r.attempts, r.lockedUntil])).toEqual(ids.map(() => [NoticeStatus.SENT, 1, null]));
  });
});

describe('OUTBOX_LEASE_MARGIN_MS', () => {
  it('holds a claimed row 60 s beyond its attempt’s timeout unless set, and at least 1 s', () => {
    expect(loadConfig({}).outboxLeaseMarginMs).toBe(60_000);
    expect(loadConfig({ OUTBOX_LEASE_MARGIN_MS: '15000' }).outboxLeaseMarginMs).toBe(15_000);
    expect(loadConfig({ OUTBOX_LEASE_MARGIN_MS: '10' }).outboxLeaseMarginMs).toBe(1000);
  });

  it('refuses a margin that is not a number, naming it', () => {
    expect(() => loadConfig({ OUTBOX_LEASE_MARGIN_MS: 'a minute' })).toThrow(/OUTBOX_LEASE_MARGIN_MS/);
  });
});
