import type { Transporter } from 'nodemailer';
import type { NoticeSettings } from './config';
import { postWebhook } from './outbound-guard';
import { legacySignature, signedHeaders } from './standard-webhooks';

/**
 * How a notice to a person leaves, for every feature that sends one (circulation notices, event
 * notices): e-mail over SMTP (nodemailer) to an address, or a webhook — a JSON POST to a
 * WhatsApp/SMS gateway with a phone number — signed like the partnerships webhooks, by Standard
 * Webhooks (shared/platform/standard-webhooks.ts: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, also by NOTICE_WEBHOOK_PREVIOUS_SECRET while it is set; the deprecated
 * `x-signature` until release 0.3.0). The body carries `type` and `version` (docs/collections.md).
 * The settings are the one set of `config.notices` (SMTP_URL, NOTICE_FROM, NOTICE_WEBHOOK_URL …):
 * one library service, one mail server, one gateway.
 * A transport resolves when the other side accepted the notice and throws otherwise.
 *
 * Every attempt of one notice carries the same delivery id, made from its outbox row's id, so that
 * a receiver can drop a message it has already had (a worker that died after the other side
 * accepted a notice but before it recorded so sends it again): the webhook's `Idempotency-Key`
 * header (and `x-notice-id`), the e-mail's Message-ID (`<notice.<id>@<the sender's domain>>`) and
 * `X-Notice-Id` header.
 */

/** The ways a notice can go. */
export enum NoticeChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}

/** What a transport sends: a feature's outbox row, rendered. */
export interface OutgoingNotice {
  id: string;
  /** The feature's kind of notice (DUE_SOON, EVENT_CANCELLED …), told to the webhook. */
  kind: string;
  channel: NoticeChannel;
  /** An e-mail address (EMAIL) or a phone number (WEBHOOK). */
  recipient: string;
  /** The library that sends it (slug), told to the webhook. */
  libraryId: string;
  subject: string;
  /** Plain text: it goes by e-mail and by WhatsApp/SMS alike. */
  text: string;
}

export type Send = (notice: OutgoingNotice, at: Date) => Promise<void>;

export interface Transports {
  /** Channels that can be used now (configured), in no particular order. */
  available: Set<NoticeChannel>;
  send(notice: OutgoingNotice, at: Date): Promise<void>;
  close(): void;
}

/** The deprecated `x-signature` value for a body sent at `timestamp` (Unix seconds). */
export const noticeSignature = legacySignature;

/** The notice body's `type` and `version`: a change a receiver must know of bumps the version. */
export const NOTICE_EVENT_TYPE = 'notice.send';
export const NOTICE_PAYLOAD_VERSION = '1';

/** What the webhook receives: enough for a gateway to send a WhatsApp message or an SMS. */
export function webhookBody(notice: OutgoingNotice): string {
  return JSON.stringify({
    type: NOTICE_EVENT_TYPE,
    version: NOTICE_PAYLOAD_VERSION,
    id: notice.id,
    kind: notice.kind,
    to: notice.recipient,
    libraryId: notice.libraryId,
    subject: notice.subject,
    text: notice.text,
  });
}

/** The Message-ID of a notice's e-mail: the same for every attempt of it, in the domain of NOTICE_FROM. */
export function noticeMessageId(id: string, from: string): string {
  const domain = /@([^\s<>@"]+)\s*>?\s*$/.exec(from)?.[1] ?? 'notices.invalid';
  return `<notice.${id}@${domain}>`;
}

function emailSender(settings: NoticeSettings): { send: Send; close(): void } {
  // Loaded on first use: a service that sends no e-mail does not carry it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodemailer = require('nodemailer') as typeof import('nodemailer');
  const transporter: Transporter = nodemailer.createTransport({
    url: settings.smtpUrl!,
    // A pass sends a batch at once: a few reused connections rather than one per notice.
    pool: true,
    maxConnections: 5,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    send: async (notice) => {
      await transporter.sendMail({
        from: settings.from,
        to: notice.recipient,
        subject: notice.subject,
        text: notice.text,
        messageId: noticeMessageId(notice.id, settings.from),
        headers: { 'X-Notice-Id': notice.id },
      });
    },
    close: () => transporter.close(),
  };
}

function webhookSender(settings: NoticeSettings): Send {
  return async (notice, at) => {
    const body = webhookBody(notice);
    const timestamp = Math.floor(at.getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'library-federation-notices/1',
      'idempotency-key': notice.id,
      'x-notice-id': notice.id,
      'x-notice-timestamp': String(timestamp),
    };
    if (settings.webhookSecret) {
      Object.assign(headers, signedHeaders({ id: notice.id, at, body, secrets: [settings.webhookSecret, settings.webhookPreviousSecret ?? ''] }));
    }
    let res: { status: number };
    try {
      // The address is checked at connect time unless WEBHOOK_ALLOW_PRIVATE (shared/platform/outbound-guard.ts).
      res = await postWebhook(settings.webhookUrl!, { headers, body, timeoutMs: settings.timeoutMs, allowPrivateAddresses: settings.allowPrivateAddresses });
    } catch (err) {
      throw new Error((err as Error).name === 'TimeoutError' ? `No answer within ${settings.timeoutMs} ms` : (err as Error).message || 'Request failed');
    }
    if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
  };
}

/** The channels the settings configure. */
export function configuredChannels(settings: Pick<NoticeSettings, 'smtpUrl' | 'webhookUrl'>): Set<NoticeChannel> {
  const available = new Set<NoticeChannel>();
  if (settings.smtpUrl) available.add(NoticeChannel.EMAIL);
  if (settings.webhookUrl) available.add(NoticeChannel.WEBHOOK);
  return available;
}

/** The transports the settings configure; `close` ends the SMTP connections. */
export function createTransports(settings: NoticeSettings): Transports {
  const email = settings.smtpUrl ? emailSender(settings) : null;
  const webhook = settings.webhookUrl ? webhookSender(settings) : null;
  const available = configuredChannels(settings);
  return {
    available,
    async send(notice, at) {
      const send = notice.channel === NoticeChannel.EMAIL ? email?.send : webhook;
      if (!send) throw new Error(`The ${notice.channel} transport is not configured`);
      await send(notice, at);
    },
    close: () => email?.close(),
  };
}

/** "Perpustakaan Umum" of `Perpustakaan Umum <pemberitahuan@…>`: who signs when nothing else names the sender. */
export function senderName(from: string): string | null {
  const name = /^\s*"?([^"<]*?)"?\s*</.exec(from)?.[1]?.trim();
  return name || null;
}
