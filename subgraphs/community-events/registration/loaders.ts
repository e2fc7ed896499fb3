import DataLoader from 'dataloader';
import type { DataSource, Repository } from 'typeorm';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { AttendanceStatus, EventAttendance } from './attendance.entity';
import { Registration, RegistrationStatus } from './registration.entity';

export interface RegistrationCounts {
  confirmed: number;
  waitlisted: number;
  cancelled: number;
}

export interface AttendanceCounts {
  attended: number;
  noShows: number;
}

/** Confirmed, waitlisted and cancelled registrations per pool (event or series): one grouped count for all. */
function registrationCountsLoader(repo: Repository<Registration>) {
  return new DataLoader<string, RegistrationCounts>(async (poolIds) => {
    const rows: { poolId: string; status: RegistrationStatus; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .select('r.poolId', 'poolId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.poolId IN (:...poolIds)', { poolIds: [...poolIds] })
      .groupBy('r.poolId')
      .addGroupBy('r.status')
      .getRawMany();
    const counts = new Map<string, RegistrationCounts>(poolIds.map((id) => [id, { confirmed: 0, waitlisted: 0, cancelled: 0 }]));
    for (const row of rows) {
      const c = counts.get(row.poolId);
      if (!c) continue;
      if (row.status === RegistrationStatus.CONFIRMED) c.confirmed = Number(row.n);
      else if (row.status === RegistrationStatus.WAITLISTED) c.waitlisted = Number(row.n);
      else c.cancelled = Number(row.n);
    }
    return poolIds.map((id) => counts.get(id)!);
  });
}

/** Checked-in and no-show registrants per event: one grouped count. */
function attendanceCountsLoader(repo: Repository<EventAttendance>) {
  return new DataLoader<string, AttendanceCounts>(async (eventIds) => {
    const rows: { eventId: string; status: AttendanceStatus; n: string | number }[] = await repo
      .createQueryBuilder('a')
      .select('a.eventId', 'eventId')
      .addSelect('a.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('a.eventId IN (:...eventIds)', { eventIds: [...eventIds] })
      .groupBy('a.eventId')
      .addGroupBy('a.status')
      .getRawMany();
    const counts = new Map<string, AttendanceCounts>(eventIds.map((id) => [id, { attended: 0, noShows: 0 }]));
    for (const row of rows) {
      const c = counts.get(row.eventId)!;
      if (row.status === AttendanceStatus.ATTENDED) c.attended = Number(row.n);
      else c.noShows = Number(row.n);
    }
    return eventIds.map((id) => counts.get(id)!);
  });
}

/**
 * Place in the waitlist (1 = next) of waitlisted registrations: one query for all of them,
 * counting the waitlisted of the same pool that arrived no later.
 */
function waitlistPositionLoader(repo: Repository<Registration>) {
  return new DataLoader<string, number | null>(async (ids) => {
    const rows: { id: string; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .innerJoin(Registration, 'w', 'w.poolId = r.poolId AND w.status = :waitlisted AND w.sequence <= r.sequence', {
        waitlisted: RegistrationStatus.WAITLISTED,
      })
      .select('r.id', 'id')
      .addSelect('COUNT(w.id)', 'n')
      .where('r.id IN (:...ids)', { ids: [...ids] })
      .andWhere('r.status = :waitlisted')
      .groupBy('r.id')
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.id, Number(r.n)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Registrations, the waitlist and attendance: per request. */
export function registrationLoaders(db: DataSource) {
  return {
    registrationById: byIdLoader(db.getRepository(Registration)),
    /** The registrations holding or waiting for places of a pool (event or series), in arrival order. */
    registrationsByPoolId: connectionLoader({
      repo: db.getRepository(Registration),
      alias: 'r',
      parent: 'r.poolId',
      sort: 'sequence',
    }),
    /** A member's registrations, newest last. */
    registrationsByMemberId: connectionLoader({
      repo: db.getRepository(Registration),
      alias: 'r',
      parent: 'r.memberId',
      sort: 'createdAt',
    }),
    /** Keyed by pool id: `poolIdOf(event)`. */
    registrationCountsByPoolId: registrationCountsLoader(db.getRepository(Registration)),
    attendanceCountsByEventId: attendanceCountsLoader(db.getRepository(EventAttendance)),
    waitlistPositionByRegistrationId: waitlistPositionLoader(db.getRepository(Registration)),
    attendancesByRegistrationId: byForeignKeyLoader(db.getRepository(EventAttendance), 'registrationId', { recordedAt: 'ASC', id: 'ASC' }),
  };
}
