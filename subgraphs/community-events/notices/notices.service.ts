import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { localDate, offsetMinutes, wholeSeconds } from '../../../shared/time';
import type { Event } from '../events/event.entity';
import type { Registration } from '../registration/registration.entity';
import { EventNotice, EventNoticeKind } from './event-notice.entity';

/**
 * Event notices: the messages recorded for registrants (an event or session cancelled, a place
 * from the waitlist), written in the same transaction as the change they announce.
 */

/** Writes one notice per registration (the outbox; a delivery worker sends them). */
export async function recordNotices(tx: EntityManager, registrations: Registration[], kind: EventNoticeKind, message: string, now: Date): Promise<void> {
  if (!registrations.length) return;
  const rows = registrations.map((r) =>
    tx.getRepository(EventNotice).create({
      id: randomUUID(),
      eventId: r.eventId,
      registrationId: r.id,
      memberId: r.memberId,
      email: r.memberId ? null : r.guestEmail,
      kind,
      message,
      createdAt: wholeSeconds(now),
      sentAt: null,
    }),
  );
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
