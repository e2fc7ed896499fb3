import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import type { Config } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, NotFoundError } from '../../../shared/platform/errors';
import { nonPublicReason } from '../../../shared/platform/outbound-guard';
import { generateWebhookSecret, standardSecretProblem } from '../../../shared/platform/standard-webhooks';
import { wholeSeconds } from '../../../shared/platform/time';
import { requirePartnerSelf } from '../access';
import { Partner } from '../partners/partner.entity';
import { PartnerWebhook, WebhookEventType } from './partner-webhook.entity';
import type { RegisterPartnerWebhookInput } from './webhook.inputs';

/**
 * Hosts a partner may not point deliveries at when private addresses are not allowed: a non-public
 * IP literal (shared/platform/outbound-guard.ts) and names that are private by definition. A friendly first
 * check only: what protects is the delivery's connect-time check of the resolved address.
 */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return true;
  return isIP(host) !== 0 && nonPublicReason(host) !== null;
}

export function validateWebhookUrl(raw: string, production: boolean, allowPrivateAddresses = !production): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadUserInputError('url', 'url is not a URL');
  }
  if (url.username || url.password) throw new BadUserInputError('url', 'url carries no credentials (sign with the secret instead)');
  if (production ? url.protocol !== 'https:' : !['http:', 'https:'].includes(url.protocol)) {
    throw new BadUserInputError('url', production ? 'url must be https' : 'url must be http or https');
  }
  if (!allowPrivateAddresses && isPrivateHost(url.hostname)) throw new BadUserInputError('url', 'url must point at a public host');
  return url.toString();
}

/** A PARTNER for itself, ADMIN for any partner. */
export async function registerPartnerWebhook(
  { identity, db, config }: { identity: Identity; db: DataSource; config: Config },
  input: RegisterPartnerWebhookInput,
  idempotencyKey?: string | null,
): Promise<PartnerWebhook> {
  const partnerId = input.partnerId ?? identity.partnerId;
  if (!partnerId) throw new BadUserInputError('partnerId', 'partnerId is needed: which partner is the webhook for?');
  requirePartnerSelf(identity, partnerId);
  const once = Idempotency.ofRow(db, identity, PartnerWebhook, { key: idempotencyKey, operation: 'registerPartnerWebhook', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const url = validateWebhookUrl(input.url, config.production, config.partnerWebhooks.allowPrivateAddresses);
  const problem = input.secret ? standardSecretProblem(input.secret) : null;
  if (problem) throw new BadUserInputError('secret', `secret is a malformed whsec_ secret: ${problem}`);
  // Ours unless the partner brings one (a legacy integration keeps the secret it has).
  const secret = input.secret ?? generateWebhookSecret();
  return once.transaction(async (tx) => {
    if (!(await tx.getRepository(Partner).existsBy({ id: partnerId }))) throw new NotFoundError('Partner', partnerId);
    const webhook = tx.getRepository(PartnerWebhook).create({
      id: randomUUID(),
      partnerId,
      url,
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      events: [...new Set(input.events ?? Object.values(WebhookEventType))],
      active: true,
      createdAt: wholeSeconds(now()),
    });
    await tx.getRepository(PartnerWebhook).insert(webhook);
    // Shown once: only when we made it (a partner's own secret is not echoed back).
    return Object.assign(webhook, { signingSecret: input.secret ? null : secret });
  });
}

/**
 * A new `whsec_` secret, answered once; the one it replaces still signs (next to it) for
 * WEBHOOK_SECRET_OVERLAP_HOURS, so that the partner can switch its receiver without losing
 * a delivery. The partner itself, ADMIN. A retry with the same idempotency key answers the
 * same rotation (with the current secret) instead of rotating again.
 */
export async function rotatePartnerWebhookSecret(
  { identity, db, config }: { identity: Identity; db: DataSource; config: Config },
  id: string,
  idempotencyKey?: string | null,
): Promise<PartnerWebhook> {
  const existing = await db.getRepository(PartnerWebhook).findOneBy({ id });
  if (!existing) throw new NotFoundError('PartnerWebhook', id);
  requirePartnerSelf(identity, existing.partnerId);
  const once = new Idempotency(db, identity, {
    key: idempotencyKey,
    operation: 'rotatePartnerWebhookSecret',
    args: { id },
    idOf: (webhook: PartnerWebhook) => webhook.id,
    replay: async (webhookId) => {
      const webhook = await db.getRepository(PartnerWebhook).findOneBy({ id: webhookId });
      return webhook && Object.assign(webhook, { signingSecret: webhook.secret });
    },
  });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const overlapMs = (config.partnerWebhooks.secretOverlapHours ?? 24) * 3_600_000;
  return once.transaction(async (tx) => {
    const webhook = await tx.getRepository(PartnerWebhook).findOneBy({ id });
    if (!webhook) throw new NotFoundError('PartnerWebhook', id);
    const secret = generateWebhookSecret();
    const changes = { secret, previousSecret: webhook.secret, previousSecretExpiresAt: wholeSeconds(new Date(now().getTime() + overlapMs)) };
    await tx.getRepository(PartnerWebhook).update({ id }, changes);
    return Object.assign(webhook, changes, { signingSecret: secret });
  });
}

/** The secrets that sign a delivery sent at `at`: the current one, and the previous one inside its overlap. */
export function signingSecrets(webhook: Pick<PartnerWebhook, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, at: Date): string[] {
  const previousValid = webhook.previousSecret && webhook.previousSecretExpiresAt && at.getTime() < webhook.previousSecretExpiresAt.getTime();
  return previousValid ? [webhook.secret, webhook.previousSecret!] : [webhook.secret];
}

/** Stops new deliveries; pending ones are marked FAILED by the worker. The partner itself, ADMIN. */
export async function deactivatePartnerWebhook(identity: Identity, db: DataSource, id: string): Promise<PartnerWebhook> {
  return transaction(db, async (tx) => {
    const webhook = await tx.getRepository(PartnerWebhook).findOneBy({ id });
    if (!webhook) throw new NotFoundError('PartnerWebhook', id);
    requirePartnerSelf(identity, webhook.partnerId);
    await tx.getRepository(PartnerWebhook).update({ id }, { active: false });
    return Object.assign(webhook, { active: false });
  });
}
