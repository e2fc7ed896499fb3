import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoId } from '../shared/domain/demo';
import { WebhookDelivery } from '../subgraphs/partnerships/webhooks/webhook-delivery.entity';
import { deliverDueWebhooks, startWebhookWorker } from '../subgraphs/partnerships/webhooks/webhook.worker';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver on 127.0.0.1: answers each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/library`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const university = demoId('partner', 'kupang', 3);
const school = demoId('partner', 'kupang', 0);
const universityAgreement = demoId('agreement', 'kupang', university, 1);
const SECRET = 'unc-webhook-secret-0123456789abcdef';

const REGISTER = `mutation ($input: RegisterPartnerWebhookInput!) { registerPartnerWebhook(input: $input) { id url events active } }`;
const APPLY = `mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { id status } }`;
const LOG = `query ($id: ID!) { partner(id: $id) { webhooks { id url active deliveries(first: 50) { totalCount edges { node {
  id event status attempts lastStatusCode deliveredAt nextAttemptAt attemptLog { number statusCode error attemptedAt } } } } } } }`;

describe.each(BACKENDS)('partner webhooks (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  const receivers: Awaited<ReturnType<typeof receiver>>[] = [];
  let clock = 0;
  // The receivers listen on 127.0.0.1: allowed here as outside production (WEBHOOK_ALLOW_PRIVATE).
  const options = () => ({ now: () => new Date(clock), backoffMs: (n: number) => 1000 * 2 ** (n - 1), maxAttempts: 3, timeoutMs: 2000, allowPrivateAddresses: true });
  const deliveryCount = () => fed.subgraphs.partnerships.db.getRepository(WebhookDelivery).count();
  let student = 0;
  const apply = (token = t.university) =>
    fed.query(APPLY, {
      token,
      variables: {
        input: {
          agreementId: universityAgreement,
          studentName: 'Maria Goreti Seran',
          studentNumber: `2301050${++student}`,
          studyProgramme: 'Ilmu Perpustakaan (S1)',
          startsOn: '2027-01-04',
          endsOn: '2027-03-26',
        },
      },
    });

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.university = await fed.token({ role: 'PARTNER', partnerId: university });
    t.school = await fed.token({ role: 'PARTNER', partnerId: school });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.admin = await fed.token({ role: 'ADMIN' });
    clock = Math.floor(Date.now() / 1000) * 1000 + 60_000;
  });
  afterAll(async () => {
    await fed?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('refuses a registration for another partner (FORBIDDEN), by a library admin (FORBIDDEN), with a bad URL or a short secret (BAD_USER_INPUT)', async () => {
    const input = { url: 'http://127.0.0.1:9/hook', secret: SECRET };
    expect(codes(await fed.query(REGISTER, { token: t.school, variables: { input: { ...input, partnerId: university } } }))).toEqual(['FORBIDDEN']);
    expect(codes(await fed.query(REGISTER, { token: t.kupangAdmin, variables: { input: { ...input, partnerId: university } } }))).toEqual(['FORBIDDEN']);
    expect(codes(await fed.query(REGISTER, { variables: { input } }))).toEqual(['UNAUTHENTICATED']);
    const badUrl = await fed.query(REGISTER, { token: t.university, variables: { input: { ...input, url: 'ftp://example.org/x' } } });
    expect(badUrl.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(codes(await fed.query(REGISTER, { token: t.university, variables: { input: { ...input, secret: 'short' } } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('delivers a signed event to a working receiver, retries a failing one with backoff until it succeeds, and marks an always-failing one FAILED', async () => {
    const good = await receiver([200]);
    const flaky = await receiver([500, 502, 204]);
    const dead = await receiver([503]);
    receivers.push(good, flaky, dead);
    for (const r of [good, flaky, dead]) {
      const res = await fed.query(REGISTER, { token: t.university, variables: { input: { url: r.url, secret: SECRET, events: ['INTERNSHIP_CHANGED'] } } });
      expect(res.errors).toBeUndefined();
      expect(res.data.registerPartnerWebhook).toMatchObject({ url: r.url, active: true, events: ['INTERNSHIP_CHANGED'] });
    }

    const applied = await apply();
    expect(applied.errors).toBeUndefined();
    const db = fed.subgraphs.partnerships.db;

    // attempt 1 for all three
    expect(await deliverDueWebhooks(db, options())).toEqual({ attempted: 3, delivered: 1, retrying: 2, failed: 0 });
    expect(good.received).toHaveLength(1);
    const [{ headers, body }] = good.received;
    const timestamp = Number(headers['x-webhook-timestamp']);
    expect(timestamp).toBe(clock / 1000);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
    // The deprecated scheme, still sent until release 0.3.0 next to Standard Webhooks (test/standard-webhooks.test.ts verifies those).
    expect(headers['x-signature']).toBe(expected);
    expect(headers['webhook-id']).toBe(headers['x-webhook-id']);
    expect(headers['webhook-timestamp']).toBe(headers['x-webhook-timestamp']);
    expect(headers['x-webhook-event']).toBe('INTERNSHIP_CHANGED');
    const event = JSON.parse(body);
    expect(event).toMatchObject({ type: 'internship.changed', version: '1', id: headers['x-webhook-id'], event: 'INTERNSHIP_CHANGED', change: 'CREATED', partnerId: university });
    expect(event.data.internship).toMatchObject({ id: applied.data.applyForInternship.id, status: 'APPLIED' });

    // nothing is due before the backoff has passed
    expect((await deliverDueWebhooks(db, options())).attempted).toBe(0);
    clock += 1000; // attempt 2, one second later
    expect(await deliverDueWebhooks(db, options())).toEqual({ attempted: 2, delivered: 0, retrying: 2, failed: 0 });
    clock += 1000; // the second wait is two seconds
    expect((await deliverDueWebhooks(db, options())).attempted).toBe(0);
    clock += 1000; // attempt 3: the flaky one answers 204, the dead one is given up
    expect(await deliverDueWebhooks(db, options())).toEqual({ attempted: 2, delivered: 1, retrying: 0, failed: 1 });
    clock += 3_600_000;
    expect((await deliverDueWebhooks(db, options())).attempted).toBe(0);

    expect(flaky.received).toHaveLength(3);
    expect(dead.received).toHaveLength(3);
    // every attempt signs the same stored body, with its own timestamp
    expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(flaky.received.map((r) => r.headers['x-webhook-timestamp'])).size).toBe(3);

    const log = await fed.query(LOG, { token: t.university, variables: { id: university } });
    expect(log.errors).toBeUndefined();
    const byUrl = Object.fromEntries(log.data.partner.webhooks.map((w: any) => [w.url, w.deliveries.edges.map((e: any) => e.node)]));
    expect(byUrl[good.url]).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200 })]);
    expect(byUrl[flaky.url][0]).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 204 });
    expect(byUrl[flaky.url][0].attemptLog.map((a: any) => a.statusCode)).toEqual([500, 502, 204]);
    expect(byUrl[dead.url][0]).toMatchObject({ status: 'FAILED', attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    expect(byUrl[dead.url][0].attemptLog.map((a: any) => [a.number, a.statusCode, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 503, 'HTTP 503'],
      [3, 503, 'HTTP 503'],
    ]);
  });

  it('writes deliveries in the transaction of the change: a refused change writes none', async () => {
    const before = await deliveryCount();
    const refused = await fed.query(APPLY.replace('applyForInternship', 'applyForInternship'), {
      token: t.university,
      variables: {
        input: { agreementId: universityAgreement, studentName: 'X Y', studentNumber: '1', studyProgramme: 'Ilmu Perpustakaan', startsOn: '2027-01-04', endsOn: '2027-01-01' },
      },
    });
    expect(refused.errors).toBeDefined();
    const illegal = await fed.query('mutation ($id: ID!) { startInternship(id: $id) { id } }', { token: t.kupangAdmin, variables: { id: demoId('internship', 'kupang', 3) } });
    expect(codes(illegal)).toEqual(['CONFLICT']);
    expect(await deliveryCount()).toBe(before);
    expect((await apply()).errors).toBeUndefined();
    expect(await deliveryCount()).toBe(before + 3);
  });

  it("keeps a partner's webhooks and delivery log to itself (FORBIDDEN for another partner and the library)", async () => {
    for (const token of [t.school, t.kupangAdmin]) {
      const res = await fed.query(LOG, { token, variables: { id: university } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.partner.webhooks).toBeNull();
    }
    expect((await fed.query(LOG, { token: t.admin, variables: { id: university } })).errors).toBeUndefined();
  });

  it('stops delivering to a deactivated webhook: what is pending fails without a request, nothing new is queued', async () => {
    const r = await receiver([200]);
    receivers.push(r);
    const res = await fed.query(REGISTER, { token: t.school, variables: { input: { url: r.url, secret: SECRET } } });
    const id = res.data.registerPartnerWebhook.id;
    const visit = await fed.query(`mutation ($input: CreatePartnershipProgrammeInput!) { createPartnershipProgramme(input: $input) { id } }`, {
      token: t.kupangAdmin,
      variables: {
        input: {
          agreementId: demoId('agreement', 'kupang', school, 0),
          kind: 'SCHOOL_VISIT',
          title: 'Kunjungan Literasi',
          topic: 'Membaca nyaring',
          startsOn: '2026-12-10',
          endsOn: '2026-12-10',
        },
      },
    });
    expect(visit.errors).toBeUndefined();
    expect(codes(await fed.query('mutation ($id: ID!) { deactivatePartnerWebhook(id: $id) { id } }', { token: t.university, variables: { id } }))).toEqual(['FORBIDDEN']);
    const off = await fed.query('mutation ($id: ID!) { deactivatePartnerWebhook(id: $id) { id active } }', { token: t.school, variables: { id } });
    expect(off.data.deactivatePartnerWebhook.active).toBe(false);
    clock += 1000;
    const pass = await deliverDueWebhooks(fed.subgraphs.partnerships.db, options());
    expect(pass.failed).toBeGreaterThanOrEqual(1);
    expect(r.received).toHaveLength(0);
  });

  it('runs as a background worker that the service stops with it', async () => {
    const r = await receiver([200]);
    receivers.push(r);
    await fed.query(REGISTER, { token: t.university, variables: { input: { url: r.url, secret: SECRET } } });
    expect((await apply()).errors).toBeUndefined();
    const stop = startWebhookWorker(
      { db: fed.subgraphs.partnerships.db, config: fed.config, log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never },
      { ...options(), intervalMs: 10 },
    );
    for (let i = 0; i < 100 && r.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    expect(r.received.length).toBeGreaterThan(0);
  });
});
