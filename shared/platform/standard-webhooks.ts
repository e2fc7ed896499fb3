import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * How every webhook this federation sends is signed (partner webhooks, notice webhooks): the
 * Standard Webhooks specification (https://www.standardwebhooks.com), signed with the official
 * `standardwebhooks` package so that a receiver verifies with the same library in its language.
 *
 * - `webhook-id`: the delivery id, the same for every attempt (receivers de-duplicate on it);
 * - `webhook-timestamp`: Unix seconds of the attempt (receivers refuse old ones: replays);
 * - `webhook-signature`: `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, one per
 *   valid secret, space-separated — during a rotation's overlap both the new and the previous.
 *
 * Secrets: `whsec_<base64 key>` (the key is the decoded bytes), as the specification defines.
 * A legacy secret (any other string, from before Standard Webhooks) keeps working: its key is
 * its UTF-8 bytes (`new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' })` verifies).
 *
 * The deprecated `x-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` header
 * is still sent, with the current secret, until release 0.3.0 (see docs/partnerships.md).
 */

export const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24–64 bytes of key; ours are 32 random bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

/** A new secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Why a `whsec_…` secret is malformed, or null when it is fine (or not a `whsec_` secret at all). */
export function standardSecretProblem(secret: string): string | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const encoded = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.toString('base64') !== encoded) return 'the part after whsec_ is not padded base64';
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) return `the key is ${key.length} bytes; it must be ${MIN_KEY_BYTES}–${MAX_KEY_BYTES}`;
  return null;
}

/** The signer of a secret: a `whsec_` one's decoded key, a legacy one's UTF-8 bytes. */
function signer(secret: string): Webhook {
  return secret.startsWith(SECRET_PREFIX) ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/** The deprecated `x-signature` value: hex HMAC-SHA256 of "<timestamp>.<body>" keyed by the secret's text. */
export function legacySignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface SignedDelivery {
  /** The delivery id: the same for every attempt. */
  id: string;
  /** When this attempt is sent (whole seconds are signed). */
  at: Date;
  body: string;
  /** The current secret first, then any still inside its rotation overlap. */
  secrets: string[];
}

/** The Standard Webhooks headers of an attempt, plus the deprecated `x-signature` of the current secret. */
export function signedHeaders({ id, at, body, secrets }: SignedDelivery): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const valid = secrets.filter(Boolean);
  if (!valid.length) throw new Error('A signed delivery needs a secret');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': valid.map((s) => signer(s).sign(id, at, body)).join(' '),
    'x-signature': legacySignature(valid[0], timestamp, body),
  };
}
