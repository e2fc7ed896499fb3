import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { demoId } from '../shared/domain/demo';
import { loadConfig } from '../shared/platform/config';
import { generateWebhookSecret } from '../shared/platform/standard-webhooks';
import { createTransports, NoticeChannel } from '../shared/platform/transports';
import { PartnerWebhook } from '../subgraphs/partnerships/webhooks/partner-webhook.entity';
import { deliverDueWebhooks } from '../subgraphs/partnerships/webhooks/webhook.worker';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * Deliveries received over HTTP by a local receiver and verified with the official
 * `standardwebhooks` package, exactly as a partner's receiver would.
 */

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A local receiver on 127.0.0.1 that answers 200 and keeps what it got. */
async function receiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the partner's receiver answers when its own clock reads `at`: the payload, or the library's error message. */
function verifyAt(at: number, verifier: Webhook, { body, headers }: Received): unknown {
  const clock = jest.spyOn(Date, 'now').mockReturnValue(at);
  try {
    return verifier.verify(body, headers);
  } catch (err) {
    return (err as Error).message;
  } finally {
    clock.mockRestore();
  }
}

const university = demoId('partner', 'kupang', 3);
const school = demoId('partner', 'kupang', 0);
const universityAgreement = demoId('agreement', 'kupang', university, 1);
const HOUR = 3_600_000;

const REGISTER = `mutation ($input: RegisterPartnerWebhookInput!) { registerPartnerWebhook(input: $input) { id signingSecret } }`;
const ROTATE = `mutation ($id: ID!, $key: String) { rotatePartnerWebhookSecret(id: $id, idempotencyKey: $key) { id signingSecret } }`;
const WEBHOOKS = `query ($id: ID!) { partner(id: $id) { webhooks { id signingSecret } } }`;
const APPLY = `mutation ($input: ApplyForInternshipInput!) { applyForInternship(input: $input) { id } }`;

describe.each(BACKENDS)('partner webhooks by Standard Webhooks (%s)', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  let inbox: Awaited<ReturnType<typeof receiver>>;
  let clock = 0;
  let student = 0;
  const deliver = () => deliverDueWebhooks(fed.subgraphs.partnerships.db, { now: () => new Date(clock), allowPrivateAddresses: true, timeoutMs: 2000 });
  /** An internship application: one INTERNSHIP_CHANGED delivery per webhook of the university. */
  const applyAndDeliver = async () => {
    const before = inbox.received.length;
    const res = await fed.query(APPLY, {
      token: t.university,
      variables: {
        input: {
          agreementId: universityAgreement,
          studentName: 'Yohanes Bria',
          studentNumber: `2402050${++student}`,
          studyProgramme: 'Ilmu Perpustakaan (S1)',
          startsOn: '2027-01-04',
          endsOn: '2027-03-26',
        },
      },
    });
    expect(res.errors).toBeUndefined();
    await deliver();
    return inbox.received.slice(before);
  };
  const register = async (secret?: string) => {
    const res = await fed.query(REGISTER, { token: t.university, variables: { input: { url: inbox.url, events: ['INTERNSHIP_CHANGED'], ...(secret ? { secret } : {}) } } });
    expect(res.errors).toBeUndefined();
    return res.data.registerPartnerWebhook as { id: string; signingSecret: string | null };
  };
  /** Only one webhook at a time: the deliveries of a test are its own. */
  const deactivateAll = () => fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).update({ partnerId: university }, { active: false });

  beforeAll(async () => {
    fed = await startFederation(backend);
    inbox = await receiver();
    t.university = await fed.token({ role: 'PARTNER', partnerId: university });
    t.school = await fed.token({ role: 'PARTNER', partnerId: school });
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.admin = await fed.token({ role: 'ADMIN' });
  });
  beforeEach(async () => {
    await deactivateAll();
    // A minute ahead: what the service enqueues now is due (the library's tolerance is five minutes).
    clock = Math.floor(Date.now() / 1000) * 1000 + 60_000;
  });
  afterAll(async () => {
    await fed?.stop();
    await inbox?.close();
  });

  it('answers a new whsec_ secret once at registration, and never in a later read', async () => {
    const hook = await register();
    expect(hook.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await fed.query(WEBHOOKS, { token: t.university, variables: { id: university } });
    expect(read.data.partner.webhooks.map((w: { signingSecret: string | null }) => w.signingSecret)).toEqual(read.data.partner.webhooks.map(() => null));
  });

  it('refuses a malformed whsec_ secret with BAD_USER_INPUT and registers nothing', async () => {
    const count = await fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).count();
    const res = await fed.query(REGISTER, { token: t.university, variables: { input: { url: inbox.url, secret: 'whsec_not-base64-at-all!!!!!!!!!!' } } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secret' });
    expect(await fed.subgraphs.partnerships.db.getRepository(PartnerWebhook).count()).toBe(count);
  });

  it('sends a delivery the official library verifies, with a typed and versioned payload', async () => {
    const { signingSecret } = await register();
    const [delivery] = await applyAndDeliver();
    expect(delivery.headers['webhook-id']).toBe(delivery.headers['idempotency-key']);
    expect(delivery.headers['webhook-timestamp']).toBe(String(clock / 1000));
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = verifyAt(clock, new Webhook(signingSecret!), delivery);
    expect(payload).toMatchObject({
      type: 'internship.changed',
      version: '1',
      id: delivery.headers['webhook-id'],
      event: 'INTERNSHIP_CHANGED',
      change: 'CREATED',
      partnerId: university,
    });
  });

  it('fails verification with a wrong secret, a changed body and a replay older than five minutes', async () => {
    const { signingSecret } = await register();
    const [delivery] = await applyAndDeliver();
    const partner = new Webhook(signingSecret!);
    expect(verifyAt(clock, new Webhook(generateWebhookSecret()), delivery)).toBe('No matching signature found');
    expect(verifyAt(clock, partner, { ...delivery, body: delivery.body.replace('"APPLIED"', '"ACCEPTED"') })).toBe('No matching signature found');
    expect(verifyAt(clock + 6 * 60_000, partner, delivery)).toBe('Message timestamp too old');
  });

  it('keeps a legacy secret working: its UTF-8 bytes are the key, and the deprecated x-signature is still sent', async () => {
    const legacy = 'unc-webhook-secret-0123456789abcdef';
    expect((await register(legacy)).signingSecret).toBeNull();
    const [delivery] = await applyAndDeliver();
    expect(verifyAt(clock, new Webhook(Buffer.from(legacy, 'utf8'), { format: 'raw' }), delivery)).toMatchObject({ type: 'internship.changed' });
    expect(delivery.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('lets only the partner itself or ADMIN rotate the secret', async () => {
    const { id } = await register();
    expect(codes(await fed.query(ROTATE, { token: t.school, variables: { id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await fed.query(ROTATE, { token: t.kupangAdmin, variables: { id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await fed.query(ROTATE, { variables: { id } }))).toEqual(['UNAUTHENTICATED']);
    const admin = await fed.query(ROTATE, { token: t.admin, variables: { id } });
    expect(admin.errors).toBeUndefined();
    expect(admin.data.rotatePartnerWebhookSecret.signingSecret).toMatch(/^whsec_/);
  });

  it('after a rotation, signs with both secrets for the overlap (24 h), then with the new one only', async () => {
    const { id, signingSecret: old } = await register();
    const key = `rotate-${backend}-${Date.now()}`;
    const rotated = await fed.query(ROTATE, { token: t.university, variables: { id, key } });
    expect(rotated.errors).toBeUndefined();
    const fresh = rotated.data.rotatePartnerWebhookSecret.signingSecret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    // A retry of the same request answers the same rotation instead of rotating again.
    expect((await fed.query(ROTATE, { token: t.university, variables: { id, key } })).data.rotatePartnerWebhookSecret.signingSecret).toBe(fresh);

    const [during] = await applyAndDeliver();
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyAt(clock, new Webhook(fresh), during)).toMatchObject({ type: 'internship.changed' });
    expect(verifyAt(clock, new Webhook(old!), during)).toMatchObject({ type: 'internship.changed' });

    clock += 25 * HOUR;
    const [after] = await applyAndDeliver();
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifyAt(clock, new Webhook(fresh), after)).toMatchObject({ type: 'internship.changed' });
    expect(verifyAt(clock, new Webhook(old!), after)).toBe('No matching signature found');
  });
});

describe('notice webhooks by Standard Webhooks', () => {
  let inbox: Awaited<ReturnType<typeof receiver>>;
  const current = generateWebhookSecret();
  const previous = generateWebhookSecret();
  const notice = {
    id: 'notice-0001',
    kind: 'HOLD_AVAILABLE',
    channel: NoticeChannel.WEBHOOK,
    recipient: '+6281311112222',
    libraryId: 'kupang',
    subject: 'Buku siap',
    text: 'Silakan ambil.',
  };
  const send = async (at: Date, secrets: { webhookSecret?: string; webhookPreviousSecret?: string }) => {
    const settings = {
      from: 'Perpustakaan <p@example.org>',
      webhookUrl: inbox.url,
      intervalMs: 0,
      maxAttempts: 1,
      retryBaseMs: 1000,
      timeoutMs: 2000,
      allowPrivateAddresses: true,
      ...secrets,
    };
    await createTransports(settings).send(notice, at);
    return inbox.received.at(-1)!;
  };

  beforeAll(async () => {
    inbox = await receiver();
  });
  afterAll(() => inbox?.close());

  it('sends a notice the official library verifies, with type and version, and fails a wrong secret, a changed body and an old replay', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const delivery = await send(at, { webhookSecret: current });
    expect(delivery.headers['webhook-id']).toBe('notice-0001');
    expect(verifyAt(at.getTime(), new Webhook(current), delivery)).toMatchObject({
      type: 'notice.send',
      version: '1',
      id: 'notice-0001',
      kind: 'HOLD_AVAILABLE',
      to: '+6281311112222',
    });
    expect(verifyAt(at.getTime(), new Webhook(previous), delivery)).toBe('No matching signature found');
    expect(verifyAt(at.getTime(), new Webhook(current), { ...delivery, body: delivery.body.replace('Silakan', 'Jangan') })).toBe('No matching signature found');
    expect(verifyAt(at.getTime() + 6 * 60_000, new Webhook(current), delivery)).toBe('Message timestamp too old');
  });

  it('signs with NOTICE_WEBHOOK_PREVIOUS_SECRET too while it is set', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const during = await send(at, { webhookSecret: current, webhookPreviousSecret: previous });
    expect(verifyAt(at.getTime(), new Webhook(current), during)).toMatchObject({ type: 'notice.send' });
    expect(verifyAt(at.getTime(), new Webhook(previous), during)).toMatchObject({ type: 'notice.send' });
    const after = await send(at, { webhookSecret: current });
    expect(verifyAt(at.getTime(), new Webhook(previous), after)).toBe('No matching signature found');
  });

  it('refuses to start with a malformed whsec_ NOTICE_WEBHOOK_SECRET, and takes a well-formed or a legacy one', () => {
    expect(() => loadConfig({ NOTICE_WEBHOOK_SECRET: 'whsec_c2hvcnQ=' })).toThrow(/NOTICE_WEBHOOK_SECRET is a malformed whsec_ secret: the key is 5 bytes/);
    expect(() => loadConfig({ NOTICE_WEBHOOK_PREVIOUS_SECRET: 'whsec_***' })).toThrow(/NOTICE_WEBHOOK_PREVIOUS_SECRET is a malformed whsec_ secret/);
    expect(loadConfig({ NOTICE_WEBHOOK_SECRET: current }).notices.webhookSecret).toBe(current);
    expect(loadConfig({ NOTICE_WEBHOOK_SECRET: 'a-legacy-notice-secret-0123456789' }).notices.webhookSecret).toBe('a-legacy-notice-secret-0123456789');
  });
});
