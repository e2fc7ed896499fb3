/**
 * A partner's integration with the library federation, from credentials to verified webhook
 * deliveries: signs in at the gateway (or takes a token), lists the partner's agreements and
 * programmes, runs a small HTTP receiver, registers it as the partner's webhook and verifies every
 * delivery with the official Standard Webhooks library before it trusts a byte of it.
 *
 * Settings (environment):
 *   GATEWAY_URL            the gateway, default http://localhost:4000
 *   PARTNER_USERNAME, PARTNER_PASSWORD   the partner's account (POST /auth/login), or
 *   PARTNER_TOKEN          a PARTNER token (its partnerId claim names the partner)
 *   WEBHOOK_PORT           where the receiver listens, default 8787 (0: any free port)
 *   WEBHOOK_HOST           the address it listens on, default 127.0.0.1
 *   WEBHOOK_URL            the URL the library posts to, default http://<host>:<port>/webhooks
 *                          (in production a public https URL that reaches this receiver)
 *   EXIT_AFTER_DELIVERIES  stop after this many verified deliveries (default: run until Ctrl-C)
 *   EXIT_AFTER_SECONDS     stop after this long, with exit code 1 (default: no limit)
 * On stopping, the webhook is deactivated, so the library does not keep retrying a receiver that is gone.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { TypedDocumentString } from './gql/graphql';
import { DeactivateWebhook, PartnerOverview, RegisterWebhook } from './operations';

const env = process.env;
const GATEWAY_URL = (env.GATEWAY_URL ?? 'http://localhost:4000').replace(/\/+$/, '');

/** A whole-number setting (0 or more), or its default; anything else stops the program at once. */
function count(name: string, fallback: number): number {
  const value = env[name] ? Number(env[name]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of 0 or more, got "${env[name]}"`);
  return value;
}

const EXIT_AFTER_DELIVERIES = count('EXIT_AFTER_DELIVERIES', 0);
const EXIT_AFTER_SECONDS = count('EXIT_AFTER_SECONDS', 0);
const WEBHOOK_PORT = count('WEBHOOK_PORT', 8787);
/** The largest body the receiver reads; deliveries are a few hundred bytes. */
const MAX_BODY_BYTES = 1_000_000;

/** An error answer of the gateway: its message and `extensions.code` (UNAUTHENTICATED, FORBIDDEN …). */
class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(code ? `${code}: ${message}` : message);
  }
}

interface GatewayError {
  message: string;
  extensions?: { code?: string };
}

/** POSTs JSON to the gateway; an answer with `errors` (GraphQL or /auth) throws the first. */
async function post(path: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`${GATEWAY_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => ({}))) as { errors?: GatewayError[] };
  const [error] = answer.errors ?? [];
  if (error) throw new ApiError(error.message, error.extensions?.code);
  if (!res.ok) throw new ApiError(`${path} answered HTTP ${res.status}`);
  return answer;
}

/** The answer of POST /auth/login and POST /auth/refresh (docs/auth.md). */
interface SignIn {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  identity: { role: string; partnerId?: string; displayName: string };
}

interface Session {
  who: string;
  partnerId: string;
  accessToken: string;
  /** When the access token expires (ms); a signed-in session refreshes it a minute before. */
  expiresAt: number;
  refreshToken?: string;
}

/** Signs in with the partner's user name and password, or takes PARTNER_TOKEN as it is. */
async function signIn(): Promise<Session> {
  if (env.PARTNER_TOKEN) {
    const payload = env.PARTNER_TOKEN.split('.')[1] ?? '';
    // Read, not verified: the gateway verifies the token on every request.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; partnerId?: string; exp?: number };
    if (!claims.partnerId) throw new Error('PARTNER_TOKEN has no partnerId claim: it is not a PARTNER token');
    return { who: claims.sub ?? 'PARTNER_TOKEN', partnerId: claims.partnerId, accessToken: env.PARTNER_TOKEN, expiresAt: (claims.exp ?? Infinity) * 1000 };
  }
  const username = env.PARTNER_USERNAME;
  const password = env.PARTNER_PASSWORD;
  if (!username || !password) throw new Error('Set PARTNER_USERNAME and PARTNER_PASSWORD, or PARTNER_TOKEN');
  const answer = (await post('/auth/login', { username, password })) as SignIn;
  if (answer.identity.role !== 'PARTNER' || !answer.identity.partnerId) throw new Error(`${username} is a ${answer.identity.role} account, not a partner's`);
  return {
    who: `${username} (${answer.identity.displayName})`,
    partnerId: answer.identity.partnerId,
    accessToken: answer.accessToken,
    expiresAt: Date.now() + answer.expiresIn * 1000,
    refreshToken: answer.refreshToken,
  };
}

/** The session's access token, refreshed (POST /auth/refresh) when it is about to expire. */
async function accessToken(session: Session): Promise<string> {
  if (session.refreshToken && Date.now() > session.expiresAt - 60_000) {
    const answer = (await post('/auth/refresh', { refreshToken: session.refreshToken })) as SignIn;
    Object.assign(session, { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: Date.now() + answer.expiresIn * 1000 });
  }
  return session.accessToken;
}

/** Runs one of src/operations.ts: the variables and the answer are typed by the generated code. */
async function request<TResult, TVariables>(session: Session, document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const answer = (await post('/graphql', { query: document.toString(), variables }, await accessToken(session))) as { data: TResult };
  return answer.data;
}

/** What a partner's webhook receives (docs/partnerships.md, "Payloads"): version 1. */
interface Delivery {
  type: 'programme.changed' | 'internship.changed';
  version: string;
  id: string;
  event: 'PROGRAMME_CHANGED' | 'INTERNSHIP_CHANGED';
  change: string;
  occurredAt: string;
  partnerId: string;
  data: {
    programme?: { id: string; kind: string; title: string; status: string; previousStatus?: string; startsOn: string; endsOn: string };
    internship?: { id: string; status: string; previousStatus?: string; studentNumber: string; startsOn: string; endsOn: string };
  };
}

/**
 * The receiver: verifies each POST with the webhook's secret (the raw body, exactly as received,
 * and the webhook-id, webhook-timestamp and webhook-signature headers) and answers 204; a
 * delivery that does not verify is answered 400 and never handled. A delivery is retried with
 * the same webhook-id until it is answered 2xx, so one already handled is acknowledged again only.
 */
function receiver(onDelivery: (delivery: Delivery) => void) {
  let verifier: Webhook | undefined;
  const handled = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (size > MAX_BODY_BYTES) return void res.writeHead(413).end();
      // Not registered yet: the library retries later.
      if (!verifier) return void res.writeHead(503).end();
      const headers: Record<string, string> = {};
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      let delivery: Delivery;
      try {
        delivery = verifier.verify(Buffer.concat(chunks).toString('utf8'), headers) as Delivery;
      } catch (err) {
        console.log(`REJECTED a delivery that does not verify (${(err as Error).message})`);
        return void res.writeHead(400).end();
      }
      res.writeHead(204).end();
      if (handled.has(delivery.id)) return;
      handled.add(delivery.id);
      onDelivery(delivery);
    });
  });
  return {
    server,
    /** From now on, deliveries are verified with this secret (whsec_…). */
    verifyWith: (secret: string) => void (verifier = new Webhook(secret)),
  };
}

function summary(delivery: Delivery): string {
  const { programme, internship } = delivery.data;
  if (programme) return `programme "${programme.title}" ${programme.previousStatus ? `${programme.previousStatus} → ` : ''}${programme.status}`;
  if (internship) return `internship of student ${internship.studentNumber} ${internship.previousStatus ? `${internship.previousStatus} → ` : ''}${internship.status}`;
  return JSON.stringify(delivery.data);
}

async function main(): Promise<number> {
  const session = await signIn();
  console.log(`Signed in as ${session.who}, partner ${session.partnerId}`);

  const { partner } = await request(session, PartnerOverview, { partnerId: session.partnerId });
  if (!partner) throw new Error(`The gateway knows no partner ${session.partnerId}`);
  console.log(`Partner: ${partner.name} (${partner.kind})`);
  for (const agreement of partner.agreements ?? []) {
    console.log(`Agreement ${agreement.status}: "${agreement.title}" with ${agreement.library.name}, ${agreement.startsOn} to ${agreement.endsOn} (${agreement.id})`);
  }
  const programmes = partner.programmes?.edges ?? [];
  console.log(`Programmes: ${partner.programmes?.totalCount ?? 0}${programmes.length < (partner.programmes?.totalCount ?? 0) ? ` (the first ${programmes.length})` : ''}`);
  for (const { node } of programmes) console.log(`Programme ${node.status}: ${node.kind} "${node.title}", ${node.startsOn} to ${node.endsOn}`);

  let verified = 0;
  let stop: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (stop = resolve));
  const { server, verifyWith } = receiver((delivery) => {
    verified += 1;
    console.log(`VERIFIED ${delivery.type} v${delivery.version} ${delivery.change}: ${summary(delivery)} (webhook-id ${delivery.id}, ${delivery.occurredAt})`);
    if (EXIT_AFTER_DELIVERIES > 0 && verified >= EXIT_AFTER_DELIVERIES) stop(0);
  });
  const host = env.WEBHOOK_HOST ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(WEBHOOK_PORT, host, resolve));
  const url = env.WEBHOOK_URL ?? `http://${host}:${(server.address() as AddressInfo).port}/webhooks`;

  let webhookId: string | undefined;
  try {
    const { registerPartnerWebhook: webhook } = await request(session, RegisterWebhook, { url });
    webhookId = webhook?.id;
    if (!webhook?.signingSecret) throw new Error('registerPartnerWebhook answered no signingSecret');
    // Shown once: a real integration keeps it in its secret store (and rotates it with rotatePartnerWebhookSecret).
    verifyWith(webhook.signingSecret);
    console.log(`Webhook ${webhook.id} registered for ${webhook.url} (${webhook.events.join(', ')}); waiting for deliveries`);

    process.once('SIGINT', () => stop(0)).once('SIGTERM', () => stop(0));
    if (EXIT_AFTER_SECONDS > 0) {
      setTimeout(() => {
        console.log(`Stopped after ${EXIT_AFTER_SECONDS} s with ${verified} verified ${verified === 1 ? 'delivery' : 'deliveries'}`);
        stop(1);
      }, EXIT_AFTER_SECONDS * 1000).unref();
    }
    return await stopped;
  } finally {
    if (webhookId) {
      await request(session, DeactivateWebhook, { id: webhookId }).then(
        () => console.log(`Webhook ${webhookId} deactivated`),
        (err: Error) => console.error(`Could not deactivate webhook ${webhookId}: ${err.message}`),
      );
    }
    server.closeAllConnections();
    server.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  },
);
