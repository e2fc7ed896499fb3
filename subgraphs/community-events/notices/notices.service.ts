import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { queued, type OutboxTable } from '../../../shared/platform/outbox';
import { localDate, offsetMinutes, wholeSeconds } from '../../../shared/platform/time';
import type { Event } from '../events/event.entity';
import type { Registration } from '../registration/registration.entity';
import { EventNotice, EventNoticeKind, EventNoticeStatus } from './event-notice.entity';

/**
 * Event notices: the messages recorded for registrants (an event or session cancelled, a place
 * from the waitlist), written in the same transaction as the change they announce and sent by
 * e-mail afterwards (delivery.ts).
 */

/** The `event_notice` table as the shared outbox mechanism (shared/platform/outbox.ts) knows it. */
export const eventNoticeOutbox: OutboxTable<EventNotice> = {
  entity: EventNotice,
  statuses: { pending: EventNoticeStatus.PENDING, delivered: EventNoticeStatus.SENT, failed: EventNoticeStatus.FAILED },
};

/** The `lastError` of a notice nobody can send: no e-mail address (a guest), or a member with none that a configured channel reaches. */
export const NO_ADDRESS = 'no address: neither an e-mail address nor a phone number a configured channel can reach';

/** The `lastError` of a member's notice when the member is unknown to collections or their account is closed. */
export const NO_MEMBER = 'no address: the member is unknown or their account is closed';

/** The address a guest's notices go to (their e-mail); a member's are read from collections when sent. */
export function addressOf(registration: Pick<Registration, 'memberId' | 'guestEmail'>): string | null {
  return registration.memberId ? null : registration.guestEmail?.trim() || null;
}

/**
 * A new notice's outbox columns: PENDING and due at once when someone can be reached — a guest
 * with an e-mail address, or a member (their contact details are read from collections when it
 * is sent) —, FAILED with NO_ADDRESS otherwise (it stays readable in Registration.notices).
 */
export function newNoticeState(registration: Pick<Registration, 'memberId' | 'guestEmail'>, at: Date) {
  return registration.memberId || addressOf(registration)
    ? { ...queued(eventNoticeOutbox, at), lastError: null }
    : { status: EventNoticeStatus.FAILED, attempts: 0, nextAttemptAt: null, lockedUntil: null, lastError: NO_ADDRESS };
}

/** Writes one notice per registration (the outbox), in the transaction of the change it announces. */
export async function recordNotices(tx: EntityManager, registrations: Registration[], kind: EventNoticeKind, message: string, now: Date): Promise<void> {
  if (!registrations.length) return;
  const at = wholeSeconds(now);
  const rows = registrations.map((r) => {
    return tx.getRepository(EventNotice).create({
      id: randomUUID(),
      eventId: r.eventId,
      registrationId: r.id,
      memberId: r.memberId,
      dedupeKey: null,
      email: addressOf(r),
      kind,
      message,
      ...newNoticeState(r, at),
      createdAt: at,
      sentAt: null,
    });
  });
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(EventNotice).insert(rows.slice(i, i + 200));
}

const ZONE_NAMES: Record<number, string> = { 420: 'WIB', 480: 'WITA', 540: 'WIT' };

/** "2026-12-05 09:00 WITA": an event's start as the people of its city read it. */
export function describeStart(event: Pick<Event, 'startsAt'>, timezone: string): string {
  const offset = offsetMinutes(event.startsAt, timezone);
  const local = new Date(event.startsAt.getTime() + offset * 60000);
  const time = local.toISOString().slice(11, 16);
  return `${localDate(event.startsAt, timezone)} ${time} ${ZONE_NAMES[offset] ?? timezone}`;
}
