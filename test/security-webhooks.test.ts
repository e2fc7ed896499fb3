import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoId } from '../shared/domain/demo';
import { nonPublicReason, postWebhook, publicOnlyLookup, RefusedAddressError } from '../shared/platform/outbound-guard';
import type { CirculationNotice } from '../subgraphs/collections/notices/circulation-notice.entity';
import { NoticeChannel } from '../subgraphs/collections/notices/notice-policy.entity';
import { createTransports } from '../shared/platform/transports';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus } from '../subgraphs/partnerships/webhooks/webhook-delivery.entity';
import { validateWebhookUrl } from '../subgraphs/partnerships/webhooks/webhook.service';
import { deliverDueWebhooks } from '../subgraphs/partnerships/webhooks/webhook.worker';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

/**
 * The outside security test's webhook findings: in production the URL guard was bypassed by
 * `https://[::]`, `[::127.0.0.1]`, `[fec0::1]`, `[64:ff9b::7f00:1]` and names resolving to
 * loopback, and the worker connected to them. The guard now judges the address connected to.
 */

/** A receiver on this machine that must never be contacted: it counts what reaches it. */
async function receiver() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} from ${req.socket.remoteAddress}`);
    req.resume();
    res.end('ok');
  });
  // Dual-stack where the machine has IPv6 (so `[::1]`, `[::]` would reach it too), else IPv4.
  const host = await new Promise<string>((resolve) => {
    server.once('error', () => server.listen(0, '127.0.0.1', () => resolve('127.0.0.1')));
    server.listen(0, '::', () => resolve('::'));
  });
  const port = (server.address() as AddressInfo).port;
  return { port, host, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const post = (url: string, allowPrivateAddresses = false) =>
  postWebhook(url, { headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}', timeoutMs: 2000, allowPrivateAddresses });

describe('the address classifier', () => {
  it.each([
    ['::', 'unspecified'],
    ['[::]', 'unspecified'],
    ['::127.0.0.1', 'loopback'],
    ['[::127.0.0.1]', 'loopback'],
    ['fec0::1', 'site-local'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::1', 'NAT64'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['0:0:0:0:0:ffff:192.168.0.1', 'private'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2002:7f00:1::1', 'loopback'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['100::1', 'reserved'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['not-an-address', 'not an IP address'],
  ])('refuses %s (%s)', (address, why) => {
    expect(nonPublicReason(address)).toEqual(expect.stringContaining(why));
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.253.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows the public address %s', (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });
});

describe('the connect-time guard (WEBHOOK_ALLOW_PRIVATE off, as in production)', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    r = await receiver();
  });
  afterAll(() => r.close());
  afterEach(() => expect(r.hits).toEqual([]));

  const forms = () => [
    `http://127.0.0.1:${r.port}/hook`,
    `http://localhost:${r.port}/hook`,
    `http://[::1]:${r.port}/hook`,
    `http://[::]:${r.port}/hook`,
    `http://0.0.0.0:${r.port}/hook`,
    `http://[::ffff:127.0.0.1]:${r.port}/hook`,
    `http://[::127.0.0.1]:${r.port}/hook`,
    `http://[64:ff9b::7f00:1]:${r.port}/hook`,
    `http://[fec0::1]:${r.port}/hook`,
    `http://2130706433:${r.port}/hook`, // 127.0.0.1 as one number
    `http://0x7f.1:${r.port}/hook`,
    `https://[::]:${r.port}/hook`,
    `https://localhost:${r.port}/hook`,
  ];

  it('never connects to a receiver on this machine, however the URL spells it', async () => {
    for (const url of forms()) {
      await expect(post(url)).rejects.toBeInstanceOf(RefusedAddressError);
    }
    // The fully-qualified spelling: refused where it resolves, unknown where it does not.
    await expect(post(`http://LOCALHOST.:${r.port}/hook`)).rejects.toThrow();
  });

  it('refuses a host name that resolves to loopback before any connection (the lookup itself refuses)', async () => {
    const result = await new Promise<Error | null>((resolve) => publicOnlyLookup('localhost', { all: true }, (err) => resolve(err)));
    expect(result).toBeInstanceOf(RefusedAddressError);
    expect(result!.message).toMatch(/localhost is not a public address \(loopback\)/);
  });

  it('delivers to the same receiver when private addresses are allowed (development, tests)', async () => {
    expect(await post(`http://localhost:${r.port}/hook`, true)).toEqual({ status: 200 });
    expect(r.hits).toHaveLength(1);
    r.hits.length = 0;
  });
});

describe('the registration check (a friendly first check; the connect-time guard is what protects)', () => {
  it.each([
    'https://[::]/',
    'https://[::127.0.0.1]/',
    'https://[fec0::1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://localhost/',
    'https://0x7f000001/',
    'https://100.64.0.1/',
  ])('refuses %s in production with BAD_USER_INPUT', (url) => {
    expect(() => validateWebhookUrl(url, true)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'url' }) }));
  });

  it('accepts a public https URL in production', () => {
    expect(validateWebhookUrl('https://hooks.example.org/library', true)).toBe('https://hooks.example.org/library');
  });
});

describe('the notice webhook (collections) goes through the guard', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    r = await receiver();
  });
  afterAll(() => r.close());

  it('refuses to send a notice to a webhook on localhost, and the receiver gets nothing', async () => {
    const transports = createTransports({
      from: 'x@example.org',
      webhookUrl: `http://localhost:${r.port}/notices`,
      intervalMs: 0,
      maxAttempts: 1,
      retryBaseMs: 1000,
      timeoutMs: 2000,
      allowPrivateAddresses: false,
    });
    const notice = {
      id: 'n1',
      kind: 'OVERDUE',
      channel: NoticeChannel.WEBHOOK,
      recipient: '+6281234567890',
      libraryId: 'kupang',
      subject: 's',
      text: 't',
    } as unknown as CirculationNotice;
    await expect(transports.send(notice, new Date())).rejects.toThrow(/not a public address \(loopback\)/);
    expect(r.hits).toEqual([]);
    transports.close();
  });

  it('treats settings without the flag as guarded', async () => {
    const transports = createTransports({
      from: 'x@example.org',
      webhookUrl: `http://127.0.0.1:${r.port}/notices`,
      intervalMs: 0,
      maxAttempts: 1,
      retryBaseMs: 1000,
      timeoutMs: 2000,
    });
    const notice = {
      id: 'n2',
      kind: 'OVERDUE',
      channel: NoticeChannel.WEBHOOK,
      recipient: '+6281234567890',
      libraryId: 'kupang',
      subject: 's',
      text: 't',
    } as unknown as CirculationNotice;
    await expect(transports.send(notice, new Date())).rejects.toThrow(/127\.0\.0\.1 is not a public address \(loopback\)/);
    expect(r.hits).toEqual([]);
  });
});

describe.each(BACKENDS)('partner webhook deliveries go through the guard (%s)', (backend) => {
  let fed: Federation;
  let r: Awaited<ReturnType<typeof receiver>>;
  const university = demoId('partner', 'kupang', 3);
  const universityAgreement = demoId('agreement', 'kupang', university, 1);

  beforeAll(async () => {
    [fed, r] = await Promise.all([startFederation(backend), receiver()]);
  });
  afterAll(async () => {
    await fed?.stop();
    await r?.close();
  });

  it('logs a failed attempt, and never contacts a receiver the partner pointed at localhost', async () => {
    const token = await fed.token({ role: 'PARTNER', partnerId: university });
    // Outside production registration lets a private address through (as tests need); in
    // production the same name could have resolved elsewhere at registration time.
    const registered = await fed.query('mutation ($input: RegisterPartnerWebhookInput!) { registerPartnerWebhook(input: $input) { id } }', {
      token,
      variables: { input: { url: `http://localhost:${r.port}/hook`, secret: 'unc-webhook-secret-0123456789abcdef' } },
    });
    expect(registered.errors).toBeUndefined();
    const applied = await fed.query('mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { id } }', {
      token,
      variables: {
        input: {
          agreementId: universityAgreement,
          studentName: 'Yohana Bria',
          studentNumber: '2301059999',
          studyProgramme: 'Ilmu Perpustakaan (S1)',
          startsOn: '2027-01-04',
          endsOn: '2027-03-26',
        },
      },
    });
    expect(applied.errors).toBeUndefined();

    const db = fed.subgraphs.partnerships.db;
    const webhookId = registered.data.registerPartnerWebhook.id;
    const run = await deliverDueWebhooks(db, { now: () => new Date(Date.now() + 60_000), maxAttempts: 1, timeoutMs: 2000, allowPrivateAddresses: false });
    expect(run.delivered).toBe(0);
    expect(r.hits).toEqual([]);
    const deliveries = await db.getRepository(WebhookDelivery).findBy({ webhookId });
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of deliveries) {
      expect(d.status).toBe(WebhookDeliveryStatus.FAILED);
      const attempts = await db.getRepository(WebhookAttempt).findBy({ deliveryId: d.id });
      expect(attempts.map((a) => [a.statusCode, a.error])).toEqual([[null, expect.stringMatching(/localhost is not a public address \(loopback\)/)]]);
    }
  });
});
