import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { StateConflict } from '../../../shared/platform/errors';
import { wholeSeconds } from '../../../shared/platform/time';
import { EventNoticeKind } from '../notices/event-notice.entity';
import { describeStart, recordNotices } from '../notices/notices.service';
import { EventSeries } from '../events/event-series.entity';
import { Event, EventStatus } from '../events/event.entity';
import { Registration, RegistrationStatus, type GuestAgeGroup } from './registration.entity';
import { isUniqueViolation } from '../../../shared/platform/database';

/**
 * Places at events: registering, cancelling, promoting from the waitlist. Every change of places
 * runs inside `transaction()` and starts by locking the pool (the event, or the series for a
 * session of one): on MySQL/MariaDB with SELECT … FOR UPDATE as the transaction's first
 * statement, so that the counts read after it see every committed registration; on SQLite the
 * transactions of a database run one at a time anyway. Arrival order is the order in which the
 * lock is granted: `sequence` is given under it.
 */

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
export const newGuestToken = () => randomBytes(24).toString('base64url');

/** Compares a guest token with the stored hash in constant time. */
export function guestTokenMatches(registration: Registration, token: string | undefined | null): boolean {
  if (!token || !registration.guestTokenHash) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(registration.guestTokenHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const isSqlite = (db: DataSource | EntityManager) => ('connection' in db ? db.connection : db).options.type === 'better-sqlite3';

/** Locks the pool's row (series or event) for the rest of the transaction; MySQL only (SQLite is serialised). */
export async function lockPool(tx: EntityManager, pool: { seriesId: string | null; eventId: string }): Promise<void> {
  if (isSqlite(tx)) return;
  if (pool.seriesId) {
    await tx.getRepository(EventSeries).createQueryBuilder('s').setLock('pessimistic_write').select('s.id').where('s.id = :id', { id: pool.seriesId }).getRawOne();
  } else {
    await tx.getRepository(Event).createQueryBuilder('e').setLock('pessimistic_write').select('e.id').where('e.id = :id', { id: pool.eventId }).getRawOne();
  }
}

/** Where registrations of this event go: capacity, window, sessions. */
export interface Pool {
  id: string;
  seriesId: string | null;
  capacity: number;
  opensAt: Date | null;
  closesAt: Date;
  /** When the last (not cancelled) session starts: after it, a registration can no longer be cancelled. */
  lastStartsAt: Date;
}

/** The pool an event's registrations count against, with its effective registration window. */
export async function poolOf(tx: EntityManager, event: Event): Promise<Pool> {
  if (!event.seriesId) {
    return {
      id: event.id,
      seriesId: null,
      capacity: event.capacity,
      opensAt: event.registrationOpensAt,
      closesAt: event.registrationClosesAt ?? event.startsAt,
      lastStartsAt: event.startsAt,
    };
  }
  const series = await tx.getRepository(EventSeries).findOneByOrFail({ id: event.seriesId });
  const sessions = await tx.getRepository(Event).find({ where: { seriesId: series.id }, order: { startsAt: 'ASC' } });
  return poolOfSeries(series, sessions);
}

export function poolOfSeries(series: EventSeries, sessions: Pick<Event, 'startsAt' | 'status'>[]): Pool {
  const held = sessions.filter((s) => s.status !== EventStatus.CANCELLED);
  const last = (held.length ? held : sessions).reduce((a, b) => (b.startsAt > a.startsAt ? b : a)).startsAt;
  return {
    id: series.id,
    seriesId: series.id,
    capacity: series.capacity,
    opensAt: series.registrationOpensAt,
    closesAt: series.registrationClosesAt ?? last,
    lastStartsAt: last,
  };
}

export interface Registrant {
  memberId?: string;
  guest?: { name: string; email: string; ageGroup?: GuestAgeGroup | null };
}

const activeKeyOf = (r: Registrant) => (r.memberId ? `member:${r.memberId}` : `guest:${r.guest!.email.trim().toLowerCase()}`);

/**
 * Registers one person: CONFIRMED while places are free, WAITLISTED after, never more confirmed
 * than the capacity; CONFLICT for a second live registration of the same member or guest e-mail,
 * or outside the registration window. The guest token (guests only) is returned in clear once.
 */
export async function register(tx: EntityManager, known: Pick<Event, 'id' | 'seriesId'>, registrant: Registrant, now: Date): Promise<Registration> {
  // `known` was read before the transaction (seriesId never changes): the lock must come first,
  // before any plain read, or MySQL's snapshot would predate the registrations it waited for.
  await lockPool(tx, { seriesId: known.seriesId, eventId: known.id });
  const event = await tx.getRepository(Event).findOneByOrFail({ id: known.id });
  if (event.status !== EventStatus.PUBLISHED) {
    throw new StateConflict('REGISTRATION_CLOSED', `Registration is closed: the event is ${event.status.toLowerCase()}`);
  }
  const pool = await poolOf(tx, event);
  if (pool.opensAt && now < pool.opensAt) {
    throw new StateConflict('REGISTRATION_NOT_OPEN', `Registration opens at ${pool.opensAt.toISOString()}`);
  }
  if (now >= pool.closesAt) throw new StateConflict('REGISTRATION_CLOSED', `Registration closed at ${pool.closesAt.toISOString()}`);

  const repo = tx.getRepository(Registration);
  const activeKey = activeKeyOf(registrant);
  if (await repo.existsBy({ poolId: pool.id, activeKey })) {
    throw new StateConflict('ALREADY_REGISTERED', registrant.memberId ? 'You are already registered for this event' : 'This e-mail is already registered for this event');
  }
  const confirmed = await repo.countBy({ poolId: pool.id, status: RegistrationStatus.CONFIRMED });
  const last: { last: number | string | null } | undefined = await repo
    .createQueryBuilder('r')
    .select('MAX(r.sequence)', 'last')
    .where('r.poolId = :poolId', { poolId: pool.id })
    .getRawOne();
  const guestToken = registrant.guest ? newGuestToken() : null;
  const registration = repo.create({
    id: randomUUID(),
    eventId: event.id,
    seriesId: pool.seriesId,
    poolId: pool.id,
    sequence: Number(last?.last ?? 0) + 1,
    activeKey,
    memberId: registrant.memberId ?? null,
    guestName: registrant.guest?.name.trim() ?? null,
    guestEmail: registrant.guest?.email.trim().toLowerCase() ?? null,
    guestAgeGroup: registrant.guest?.ageGroup ?? null,
    guestTokenHash: guestToken ? hashToken(guestToken) : null,
    status: confirmed < pool.capacity ? RegistrationStatus.CONFIRMED : RegistrationStatus.WAITLISTED,
    createdAt: wholeSeconds(now),
    promotedAt: null,
    cancelledAt: null,
  });
  try {
    await repo.insert(registration);
  } catch (err) {
    if (isUniqueViolation(err)) throw new StateConflict('ALREADY_REGISTERED', 'Already registered for this event');
    throw err;
  }
  registration.guestToken = guestToken;
  return registration;
}

/** Fills free places from the waitlist, first come first served, recording a notice for each promoted. */
export async function promoteFromWaitlist(tx: EntityManager, pool: Pool, event: Event, now: Date, timezone: string): Promise<Registration[]> {
  const repo = tx.getRepository(Registration);
  const confirmed = await repo.countBy({ poolId: pool.id, status: RegistrationStatus.CONFIRMED });
  const free = pool.capacity - confirmed;
  if (free <= 0) return [];
  const next = await repo.find({
    where: { poolId: pool.id, status: RegistrationStatus.WAITLISTED },
    order: { sequence: 'ASC' },
    take: free,
  });
  for (const r of next) {
    r.status = RegistrationStatus.CONFIRMED;
    r.promotedAt = wholeSeconds(now);
    await repo.update({ id: r.id, status: RegistrationStatus.WAITLISTED }, { status: r.status, promotedAt: r.promotedAt });
  }
  await recordNotices(
    tx,
    next,
    EventNoticeKind.PROMOTED_FROM_WAITLIST,
    `Kabar baik: ada tempat kosong. Pendaftaran Anda untuk "${event.title}" (${describeStart(event, timezone)}) kini TERKONFIRMASI.`,
    now,
  );
  return next;
}

/**
 * Cancels one registration (the caller was checked by the resolver) and, when it held a place,
 * promotes the first on the waitlist. CONFLICT when already cancelled or when the event (for a
 * series: its last session) has started.
 */
export async function cancelRegistration(tx: EntityManager, known: Pick<Registration, 'id' | 'seriesId' | 'poolId'>, now: Date, timezone: string): Promise<Registration> {
  await lockPool(tx, { seriesId: known.seriesId, eventId: known.poolId }); // first: see register()
  const repo = tx.getRepository(Registration);
  const registration = await repo.findOneByOrFail({ id: known.id });
  if (registration.status === RegistrationStatus.CANCELLED) throw new StateConflict('ALREADY_CANCELLED', 'This registration is already cancelled');
  const event = await tx.getRepository(Event).findOneByOrFail({ id: registration.eventId });
  const pool = await poolOf(tx, event);
  if (now >= pool.lastStartsAt) throw new StateConflict('EVENT_STARTED', 'The event has already started');
  const heldPlace = registration.status === RegistrationStatus.CONFIRMED;
  registration.status = RegistrationStatus.CANCELLED;
  registration.cancelledAt = wholeSeconds(now);
  registration.activeKey = null;
  await repo.update({ id: registration.id }, { status: registration.status, cancelledAt: registration.cancelledAt, activeKey: null });
  if (heldPlace) await promoteFromWaitlist(tx, pool, event, now, timezone);
  return registration;
}
