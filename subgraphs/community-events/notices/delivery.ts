import { In, type DataSource } from 'typeorm';
import { now as clockNow } from '../../../shared/platform/clock';
import type { Config, NoticeSettings } from '../../../shared/platform/config';
import type { Logger } from '../../../shared/platform/logger';
import { deliverDue, exponentialBackoff, startOutboxWorker, type Attempt, type Outbox } from '../../../shared/platform/outbox';
import type { ServiceClientConfig } from '../../../shared/platform/service-client';
import { configuredChannels, createTransports, NoticeChannel, senderName, type OutgoingNotice, type Transports } from '../../../shared/platform/transports';
import { Event, EventStatus } from '../events/event.entity';
import { Registration, RegistrationStatus } from '../registration/registration.entity';
import { EventNoticeKind, type EventNotice } from './event-notice.entity';
import { memberContactsFrom, type MemberContact, type MemberContactLookup } from './member-contacts';
import { eventNoticeOutbox, NO_ADDRESS, NO_MEMBER } from './notices.service';
import { writeEventReminders, type ReminderDeps } from './reminders';
import { renderEventNotice } from './render';

/**
 * The delivery worker of event notices: a pass of the shared outbox worker (shared/platform/outbox.ts)
 * over `event_notice`, by e-mail through the shared transports (shared/platform/transports.ts) with the
 * settings of the circulation notices (SMTP_URL, NOTICE_FROM, NOTICE_MAX_ATTEMPTS,
 * NOTICE_RETRY_BASE_MS, NOTICE_TIMEOUT_MS, NOTICE_INTERVAL_MS). A due notice is claimed with a
 * conditional UPDATE and leased while it is sent, so two workers never send it at once (its
 * Message-ID, made from its id, lets a mail system drop a resend); a refused delivery is retried after
 * retryBaseMs × 2^(attempts − 1) (at most 6 h) and FAILED after maxAttempts.
 *
 * A guest's notice goes to the e-mail address on the registration. A member's goes where
 * collections says when it is sent (internal operation MemberNoticeContacts): by e-mail when the
 * member gave an address and SMTP is configured, else to their phone through the notice webhook
 * (WhatsApp/SMS) when that is configured, as circulation notices go; while collections does not
 * answer, the notice waits for its next attempt.
 */

export interface EventNoticeDelivery {
  sent: number;
  retried: number;
  failed: number;
}

/** What the notices of one batch refer to: their events, registrations and members' contact details. */
interface Batch {
  events: Map<string, Pick<Event, 'id' | 'title' | 'libraryId' | 'status' | 'startsAt'>>;
  registrations: Map<string, Pick<Registration, 'id' | 'guestName' | 'status'>>;
  contacts: Map<string, MemberContact | null>;
  /** Why the members' contact details could not be read this pass (their notices wait); null: read. */
  contactsError: string | null;
}

/** Where one notice goes now, or why it cannot go (giveUp: never; otherwise: try again later). */
type Destination = { channel: NoticeChannel; recipient: string; name: string | null } | { error: string; giveUp: boolean };

function destinationOf(notice: EventNotice, batch: Batch, available: Set<NoticeChannel>): Destination {
  if (!notice.memberId) {
    if (notice.email && available.has(NoticeChannel.EMAIL)) {
      return { channel: NoticeChannel.EMAIL, recipient: notice.email, name: batch.registrations.get(notice.registrationId)?.guestName ?? null };
    }
    return { error: NO_ADDRESS, giveUp: true };
  }
  if (batch.contactsError) return { error: batch.contactsError, giveUp: false };
  const contact = batch.contacts.get(notice.memberId);
  if (!contact) return { error: NO_MEMBER, giveUp: true };
  if (contact.email && available.has(NoticeChannel.EMAIL)) return { channel: NoticeChannel.EMAIL, recipient: contact.email, name: contact.name };
  if (contact.phone && available.has(NoticeChannel.WEBHOOK)) return { channel: NoticeChannel.WEBHOOK, recipient: contact.phone, name: contact.name };
  return { error: NO_ADDRESS, giveUp: true };
}

/** Why a reminder is not sent after all: its registration or event was cancelled, or the event has begun. Null: send it. */
export function staleReminder(event: Pick<Event, 'status' | 'startsAt'> | undefined, registration: Pick<Registration, 'status'> | undefined, at: Date): string | null {
  if (!event || event.status !== EventStatus.PUBLISHED) return 'not sent: the event was cancelled (or closed) before its reminder went';
  if (!registration || registration.status !== RegistrationStatus.CONFIRMED) return 'not sent: the registration was cancelled before its reminder went';
  if (at >= event.startsAt) return 'not sent: the event had begun';
  return null;
}

function byTransports(transports: Transports, sender: string, contactsOf: MemberContactLookup | undefined): Outbox<EventNotice, Attempt, Batch> {
  return {
    ...eventNoticeOutbox,
    name: 'event notice',
    prepare: async (rows, db) => {
      const memberIds = [...new Set(rows.filter((r) => r.memberId).map((r) => r.memberId!))];
      const readContacts = async (): Promise<Pick<Batch, 'contacts' | 'contactsError'>> => {
        if (!memberIds.length) return { contacts: new Map(), contactsError: null };
        if (!contactsOf) return { contacts: new Map(), contactsError: "the members' contact details cannot be read here (no collections configured)" };
        try {
          return { contacts: await contactsOf(memberIds), contactsError: null };
        } catch (err) {
          return { contacts: new Map(), contactsError: `waiting for the member's contact details: ${(err as Error).message}`.slice(0, 500) };
        }
      };
      const [events, registrations, contacts] = await Promise.all([
        db
          .getRepository(Event)
          .find({ select: { id: true, title: true, libraryId: true, status: true, startsAt: true }, where: { id: In([...new Set(rows.map((r) => r.eventId))]) } }),
        db.getRepository(Registration).find({ select: { id: true, guestName: true, status: true }, where: { id: In([...new Set(rows.map((r) => r.registrationId))]) } }),
        readContacts(),
      ]);
      return { events: new Map(events.map((e) => [e.id, e])), registrations: new Map(registrations.map((r) => [r.id, r])), ...contacts };
    },
    attempt: async (notice, at, batch): Promise<Attempt> => {
      const event = batch.events.get(notice.eventId);
      if (notice.kind === EventNoticeKind.REMINDER) {
        const stale = staleReminder(event, batch.registrations.get(notice.registrationId), at);
        if (stale) return { error: stale, giveUp: true };
      }
      const to = destinationOf(notice, batch, transports.available);
      if ('error' in to) return to;
      const { subject, text } = renderEventNotice({ kind: notice.kind, title: event?.title ?? null, name: to.name, message: notice.message, sender });
      const outgoing: OutgoingNotice = { id: notice.id, kind: notice.kind, channel: to.channel, recipient: to.recipient, libraryId: event?.libraryId ?? '', subject, text };
      try {
        await transports.send(outgoing, at);
        return { error: null };
      } catch (err) {
        return { error: ((err as Error).message || 'Delivery failed').slice(0, 500) };
      }
    },
    columns: ({ attempt, outcome, at }) => ({ lastError: attempt.error, sentAt: outcome === 'delivered' ? at : null }),
    logFields: (notice) => ({ notice: notice.id, event: notice.eventId, kind: notice.kind }),
  };
}

export interface EventNoticeDeliveryOptions {
  /** Members' contact details (collections); without it, members' notices wait. */
  contacts?: MemberContactLookup;
  log?: Pick<Logger, 'warn'>;
  leaseMarginMs?: number;
}

/** Delivers every event notice due at `now` (default: the clock), each at most once per pass. */
export async function deliverDueEventNotices(
  db: DataSource,
  transports: Transports,
  settings: NoticeSettings,
  now: Date = clockNow(),
  { contacts, log, leaseMarginMs }: EventNoticeDeliveryOptions = {},
): Promise<EventNoticeDelivery> {
  const run = await deliverDue(db, byTransports(transports, senderName(settings.from) ?? 'Perpustakaan', contacts), now, {
    maxAttempts: settings.maxAttempts,
    backoffMs: exponentialBackoff(settings.retryBaseMs),
    timeoutMs: settings.timeoutMs,
    leaseMarginMs,
    log,
  });
  return { sent: run.delivered, retried: run.retrying, failed: run.failed };
}

/**
 * Runs a pass every `config.notices.intervalMs` (0: never) inside the running service, the first
 * a minute after start, one pass at a time; the returned stop waits for a pass in progress, then
 * closes the SMTP connections. With the libraries' calendars (the subgraph's background), a pass
 * first writes the reminders due (reminders.ts), as collections' notice job writes its notices
 * before delivering. With neither SMTP_URL nor NOTICE_WEBHOOK_URL it does not run: the notices
 * stay PENDING, and no reminders are written.
 */
export function startEventNoticeWorker(
  services: {
    db: DataSource;
    config: Pick<Config, 'notices'> & Partial<Pick<Config, 'outboxLeaseMarginMs'>> & Partial<ServiceClientConfig>;
    log: Logger;
    calendar?: ReminderDeps['calendars'];
  },
  intervalMs = services.config.notices.intervalMs,
): () => Promise<void> {
  const settings = services.config.notices;
  const { config } = services;
  const contacts = config.serviceSecret && config.subgraphUrls ? memberContactsFrom(config as ServiceClientConfig) : undefined;
  const channels = configuredChannels(settings);
  if (!channels.size && intervalMs) services.log.info('event notices: neither SMTP_URL nor NOTICE_WEBHOOK_URL is set, so none are sent (they stay PENDING)');
  return startOutboxWorker(
    { name: 'event-notices', db: services.db, table: eventNoticeOutbox },
    { everyMs: channels.size ? intervalMs : 0, firstAfterMs: 60_000, onError: (err) => services.log.warn({ err }, 'event notice delivery failed; retrying at the next run') },
    () => {
      const transports = createTransports(settings);
      return {
        pass: async () => {
          if (services.calendar) {
            const reminders = await writeEventReminders({ db: services.db, calendars: services.calendar }, clockNow());
            if (reminders.written) services.log.info({ reminders: reminders.written }, 'event reminders written');
            for (const s of reminders.skipped) services.log.warn({ library: s.libraryId, error: s.error }, 'event reminders skipped for a library this run');
          }
          const run = await deliverDueEventNotices(services.db, transports, settings, clockNow(), {
            contacts,
            log: services.log,
            leaseMarginMs: services.config.outboxLeaseMarginMs,
          });
          if (run.sent || run.retried || run.failed) services.log.info({ notices: run }, 'event notices');
        },
        close: () => transports.close(),
      };
    },
  );
}
