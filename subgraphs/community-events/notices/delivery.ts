import { In, type DataSource } from 'typeorm';
import { now as clockNow } from '../../../shared/platform/clock';
import type { Config, NoticeSettings } from '../../../shared/platform/config';
import type { Logger } from '../../../shared/platform/logger';
import { deliverDue, exponentialBackoff, startOutboxWorker, type Attempt, type Outbox } from '../../../shared/platform/outbox';
import { createTransports, NoticeChannel, senderName, type Transports } from '../../../shared/platform/transports';
import { Event, EventStatus } from '../events/event.entity';
import { Registration, RegistrationStatus } from '../registration/registration.entity';
import { EventNoticeKind, type EventNotice } from './event-notice.entity';
import { eventNoticeOutbox, NO_ADDRESS } from './notices.service';
import { writeEventReminders, type ReminderDeps } from './reminders';
import { renderEventNotice } from './render';

/**
 * The delivery worker of event notices: a pass of the shared outbox worker (shared/platform/outbox.ts)
 * over `event_notice`, by e-mail through the shared transports (shared/platform/transports.ts) with the
 * settings of the circulation notices (SMTP_URL, NOTICE_FROM, NOTICE_MAX_ATTEMPTS,
 * NOTICE_RETRY_BASE_MS, NOTICE_TIMEOUT_MS, NOTICE_INTERVAL_MS). A due notice is claimed with a
 * conditional UPDATE and leased while it is sent, so two workers never send it at once (its
 * Message-ID, made from its id, lets a mail system drop a resend); a refused delivery is retried after
 * retryBaseMs × 2^(attempts − 1) (at most 6 h) and FAILED after maxAttempts. E-mail only: a
 * guest gives an e-mail address, not a phone number.
 */

export interface EventNoticeDelivery {
  sent: number;
  retried: number;
  failed: number;
}

/** What the notices of one batch refer to: their events and registrations. */
interface Batch {
  events: Map<string, Pick<Event, 'id' | 'title' | 'libraryId' | 'status' | 'startsAt'>>;
  registrations: Map<string, Pick<Registration, 'id' | 'guestName' | 'status'>>;
}

/** Why a reminder is not sent after all: its registration or event was cancelled, or the event has begun. Null: send it. */
export function staleReminder(event: Pick<Event, 'status' | 'startsAt'> | undefined, registration: Pick<Registration, 'status'> | undefined, at: Date): string | null {
  if (!event || event.status !== EventStatus.PUBLISHED) return 'not sent: the event was cancelled (or closed) before its reminder went';
  if (!registration || registration.status !== RegistrationStatus.CONFIRMED) return 'not sent: the registration was cancelled before its reminder went';
  if (at >= event.startsAt) return 'not sent: the event had begun';
  return null;
}

function byEmail(transports: Transports, sender: string): Outbox<EventNotice, Attempt, Batch> {
  return {
    ...eventNoticeOutbox,
    name: 'event notice',
    prepare: async (rows, db) => {
      const [events, registrations] = await Promise.all([
        db
          .getRepository(Event)
          .find({ select: { id: true, title: true, libraryId: true, status: true, startsAt: true }, where: { id: In([...new Set(rows.map((r) => r.eventId))]) } }),
        db.getRepository(Registration).find({ select: { id: true, guestName: true, status: true }, where: { id: In([...new Set(rows.map((r) => r.registrationId))]) } }),
      ]);
      return { events: new Map(events.map((e) => [e.id, e])), registrations: new Map(registrations.map((r) => [r.id, r])) };
    },
    attempt: async (notice, at, batch): Promise<Attempt> => {
      if (!notice.email) return { error: NO_ADDRESS, giveUp: true };
      const event = batch.events.get(notice.eventId);
      if (notice.kind === EventNoticeKind.REMINDER) {
        const stale = staleReminder(event, batch.registrations.get(notice.registrationId), at);
        if (stale) return { error: stale, giveUp: true };
      }
      const { subject, text } = renderEventNotice({
        kind: notice.kind,
        title: event?.title ?? null,
        name: batch.registrations.get(notice.registrationId)?.guestName ?? null,
        message: notice.message,
        sender,
      });
      try {
        await transports.send({ id: notice.id, kind: notice.kind, channel: NoticeChannel.EMAIL, recipient: notice.email, libraryId: event?.libraryId ?? '', subject, text }, at);
        return { error: null };
      } catch (err) {
        return { error: ((err as Error).message || 'Delivery failed').slice(0, 500) };
      }
    },
    columns: ({ attempt, outcome, at }) => ({ lastError: attempt.error, sentAt: outcome === 'delivered' ? at : null }),
    logFields: (notice) => ({ notice: notice.id, event: notice.eventId, kind: notice.kind }),
  };
}

/** Delivers every event notice due at `now` (default: the clock), each at most once per pass. */
export async function deliverDueEventNotices(
  db: DataSource,
  transports: Transports,
  settings: NoticeSettings,
  now: Date = clockNow(),
  log?: Pick<Logger, 'warn'>,
  leaseMarginMs?: number,
): Promise<EventNoticeDelivery> {
  const run = await deliverDue(db, byEmail(transports, senderName(settings.from) ?? 'Perpustakaan'), now, {
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
 * before delivering. Without SMTP_URL it does not run: the notices stay PENDING, and no reminders
 * are written.
 */
export function startEventNoticeWorker(
  services: { db: DataSource; config: Pick<Config, 'notices'> & Partial<Pick<Config, 'outboxLeaseMarginMs'>>; log: Logger; calendar?: ReminderDeps['calendars'] },
  intervalMs = services.config.notices.intervalMs,
): () => Promise<void> {
  const settings = services.config.notices;
  if (!settings.smtpUrl && intervalMs) services.log.info('event notices: SMTP_URL is not set, so none are sent (they stay PENDING)');
  return startOutboxWorker(
    { name: 'event-notices', db: services.db, table: eventNoticeOutbox },
    { everyMs: settings.smtpUrl ? intervalMs : 0, firstAfterMs: 60_000, onError: (err) => services.log.warn({ err }, 'event notice delivery failed; retrying at the next run') },
    () => {
      const transports = createTransports(settings);
      return {
        pass: async () => {
          if (services.calendar) {
            const reminders = await writeEventReminders({ db: services.db, calendars: services.calendar }, clockNow());
            if (reminders.written) services.log.info({ reminders: reminders.written }, 'event reminders written');
            for (const s of reminders.skipped) services.log.warn({ library: s.libraryId, error: s.error }, 'event reminders skipped for a library this run');
          }
          const run = await deliverDueEventNotices(services.db, transports, settings, clockNow(), services.log, services.config.outboxLeaseMarginMs);
          if (run.sent || run.retried || run.failed) services.log.info({ notices: run }, 'event notices');
        },
        close: () => transports.close(),
      };
    },
  );
}
