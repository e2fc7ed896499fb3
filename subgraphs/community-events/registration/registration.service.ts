import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { now as clockNow } from '../../../shared/platform/clock';
import { BadUserInputError, StateConflict } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { wholeSeconds } from '../../../shared/platform/time';
import { EventNoticeKind } from '../notices/event-notice.entity';
import { describeStart, recordNotices } from '../notices/notices.service';
import { EventSeries } from '../events/event-series.entity';
import { Event, EventStatus } from '../events/event.entity';
import { Registration, RegistrationStatus, type GuestAgeGroup } from './registration.entity';
import { isUniqueViolation } from '../../../shared/platform/database';
import { lockForUpdate } from '../../../shared/platform/row-lock';
import type { EventsContext } from '../context';

/**
 * Places at events: registering, cancelling, promoting from the waitlist. Every change of places
 * runs inside `transaction()` and starts by locking the pool (the event, or the series for a
 * session of one): on MySQL/MariaDB (and Galera) with lockForUpdate as the transaction's first
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

/**
 * Locks the pool's row (series or event) for the rest of the transaction; MySQL only (SQLite is
 * serialised). A write of the row (shared/platform/row-lock.ts), so that it holds across Galera nodes.
 */
export async function lockPool(tx: EntityManager, pool: { seriesId: string | null; eventId: string }): Promise<void> {
  if (pool.seriesId) await lockForUpdate(tx, EventSeries, [pool.seriesId]);
  else await lockForUpdate(tx, Event, [pool.eventId]);
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

/** Shortest key a guest may register with: under a key it stands for the guest token (below). */
const GUEST_KEY_MIN_LENGTH = 16;

/**
 * registerForEvent once the resolver checked the caller; with an idempotency key a retry answers
 * the first registration instead of ALREADY_REGISTERED. A guest token is kept only as its hash, so
 * under a key it is derived from the caller and the key (HMAC with SERVICE_SECRET): the retry can
 * show it again, as a client that missed the first answer needs it to cancel and rate.
 */
export async function registerForEvent(
  { db, identity, config }: Pick<EventsContext, 'db' | 'identity' | 'config'>,
  event: Event,
  registrant: Registrant,
  idempotencyKey?: string | null,
): Promise<Registration> {
  const keyedToken =
    idempotencyKey && registrant.guest ? createHmac('sha256', config.serviceSecret).update(`guest-token\0${identity.sub}\0${idempotencyKey}`).digest('base64url') : undefined;
  const once = new Idempotency(db, identity, {
    key: idempotencyKey,
    operation: 'registerForEvent',
    args: { eventId: event.id, guest: registrant.guest ?? null },
    idOf: (registration: Registration) => registration.id,
    replay: async (id) => {
      const registration = await db.getRepository(Registration).findOneBy({ id });
      if (registration && guestTokenMatches(registration, keyedToken)) registration.guestToken = keyedToken;
      return registration;
    },
  });
  if (idempotencyKey && registrant.guest && identity.role === 'PUBLIC' && idempotencyKey.length < GUEST_KEY_MIN_LENGTH) {
    // Every anonymous caller shares one subject: a short key would be a guessable guest token.
    throw new BadUserInputError('idempotencyKey', `A guest's idempotency key is at least ${GUEST_KEY_MIN_LENGTH} characters (a UUID)`);
  }
  const earlier = await once.earlier();
  if (earlier) return earlier;
  return once.transaction((tx) => register(tx, event, registrant, clockNow(), keyedToken));
}

/**
 * Registers one person: CONFIRMED while places are free, WAITLISTED after, never more confirmed
 * than the capacity; CONFLICT for a second live registration of the same member or guest e-mail,
 * or outside the registration window. The guest token (guests only) is returned in clear once:
 * `guestToken` when given (registerForEvent's keyed one), else a random one.
 */
export async function register(
  tx: EntityManager,
  known: Pick<Event, 'id' | 'seriesId'>,
  registrant: Registrant,
  now: Date,
  guestToken: string = newGuestToken(),
): Promise<Registration> {
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
    guestTokenHash: registrant.guest ? hashToken(guestToken) : null,
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
  registration.guestToken = registrant.guest ? guestToken : null;
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
