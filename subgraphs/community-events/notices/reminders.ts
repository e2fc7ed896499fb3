import { randomUUID } from 'node:crypto';
import { Between, In, type DataSource } from 'typeorm';
import { now as clockNow } from '../../../shared/platform/clock';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { addDays, localDate, todayIn, wholeSeconds } from '../../../shared/platform/time';
import { Event, EventStatus, poolIdOf } from '../events/event.entity';
import { Registration, RegistrationStatus } from '../registration/registration.entity';
import { EventNotice, EventNoticeKind } from './event-notice.entity';
import { addressOf, describeStart, newNoticeState } from './notices.service';

/**
 * The reminder the day before: for every CONFIRMED registration of a PUBLISHED event (for a
 * series: of each session) that starts tomorrow in its library's zone, one REMINDER notice in the
 * outbox, delivered like every event notice (delivery.ts). Written by each pass of the notice
 * worker (the subgraph's background), so a registration confirmed later that day still gets one.
 *
 * Once only: its `dedupeKey` (`reminder:<eventId>:<registrationId>`) is unique, so a second run,
 * or a second worker racing the first, finds it or has its insert refused (`alreadyWritten`).
 * Not for a cancelled event or registration; one cancelled after its reminder was written is not
 * sent (delivery.ts gives it up), nor is one whose event has started by the time it would go.
 */

export interface ReminderSummary {
  written: number;
  alreadyWritten: number;
  /** Libraries skipped this run (their calendar could not be read), with why. */
  skipped: { libraryId: string; error: string }[];
}

export interface ReminderDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<{ timezone: string }> };
}

/** The dedupe key of the reminder of one registration for one event (or session). */
export const reminderKey = (eventId: string, registrationId: string) => `reminder:${eventId}:${registrationId}`;

const HOUR = 3600_000;

/** Writes the reminders due at `now` (default: the clock); a second run writes none of them again. */
export async function writeEventReminders(deps: ReminderDeps, now: Date = clockNow()): Promise<ReminderSummary> {
  const summary: ReminderSummary = { written: 0, alreadyWritten: 0, skipped: [] };
  // Tomorrow, in any zone, starts within a day from now and ends within two (an hour to spare).
  const events = await deps.db.getRepository(Event).find({
    where: { status: EventStatus.PUBLISHED, startsAt: Between(now, new Date(now.getTime() + 49 * HOUR)) },
    order: { startsAt: 'ASC', id: 'ASC' },
  });
  const soon = events.filter((e) => e.startsAt > now);
  const zones = new Map<string, string>();
  for (const libraryId of [...new Set(soon.map((e) => e.libraryId))]) {
    try {
      zones.set(libraryId, (await deps.calendars.get(libraryId)).timezone);
    } catch (err) {
      summary.skipped.push({ libraryId, error: (err as Error).message });
    }
  }
  const tomorrow = soon.filter((e) => zones.has(e.libraryId) && localDate(e.startsAt, zones.get(e.libraryId)!) === addDays(todayIn(zones.get(e.libraryId)!, now), 1));
  if (!tomorrow.length) return summary;

  const confirmed = await deps.db.getRepository(Registration).find({
    where: { poolId: In([...new Set(tomorrow.map(poolIdOf))]), status: RegistrationStatus.CONFIRMED },
    order: { sequence: 'ASC' },
  });
  const wanted = tomorrow.flatMap((event) => confirmed.filter((r) => r.poolId === poolIdOf(event)).map((registration) => ({ event, registration })));
  const keys = wanted.map(({ event, registration }) => reminderKey(event.id, registration.id));
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await deps.db.getRepository(EventNotice).find({ select: { dedupeKey: true }, where: { dedupeKey: In(keys.slice(i, i + 500)) } });
    for (const r of rows) existing.add(r.dedupeKey!);
  }
  const at = wholeSeconds(now);
  for (const { event, registration } of wanted) {
    const dedupeKey = reminderKey(event.id, registration.id);
    if (existing.has(dedupeKey)) {
      summary.alreadyWritten += 1;
      continue;
    }
    const notice = deps.db.getRepository(EventNotice).create({
      id: randomUUID(),
      eventId: event.id,
      registrationId: registration.id,
      memberId: registration.memberId,
      email: addressOf(registration),
      dedupeKey,
      kind: EventNoticeKind.REMINDER,
      message: `Pengingat: "${event.title}" berlangsung besok, ${describeStart(event, zones.get(event.libraryId)!)}, di ${event.location}. Sampai jumpa!`,
      ...newNoticeState(registration, at),
      createdAt: at,
      sentAt: null,
    });
    try {
      await transaction(deps.db, (tx) => tx.getRepository(EventNotice).insert(notice));
      summary.written += 1;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      summary.alreadyWritten += 1; // another run was first
    }
  }
  return summary;
}
