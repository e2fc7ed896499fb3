import DataLoader from 'dataloader';
import { Brackets, type DataSource } from 'typeorm';
import type { EventLiteracy } from '../../../shared/domain/literacy';
import { zonedToUtc } from '../../../shared/platform/time';
import { persisted } from '../../../shared/platform/database';
import { Event } from '../events/event.entity';
import { COUNTED_EVENT_STATUSES } from '../events/event-enums';
import { AttendanceStatus, EventAttendance } from '../registration/attendance.entity';
import { facilitationLoader, indicatorsLoader } from './indicators.service';

/** Events that count: held or to be held (as Library.eventIndicators). */
type Key = { libraryId: string; year: number; timezone: string };

/** Events and participants of every (library, year) asked in a request: two grouped queries per year asked. */
export function literacyFiguresLoader(db: DataSource) {
  const instant = (d: Date) => persisted(db, Event, 'startsAt', d);
  return new DataLoader<Key, EventLiteracy, string>(
    async (keys) => {
      const out = new Map<string, EventLiteracy>();
      for (const year of new Set(keys.map((k) => k.year))) {
        const libraries = keys.filter((k) => k.year === year);
        // Each library's year, as instants of its own time zone, in one WHERE.
        const inYear = new Brackets((qb) =>
          libraries.forEach((k, i) =>
            qb.orWhere(`(e.libraryId = :l${i} AND e.startsAt >= :f${i} AND e.startsAt < :t${i})`, {
              [`l${i}`]: k.libraryId,
              [`f${i}`]: instant(zonedToUtc(`${year}-01-01`, '00:00', k.timezone)),
              [`t${i}`]: instant(zonedToUtc(`${year + 1}-01-01`, '00:00', k.timezone)),
            }),
          ),
        );
        const events = await db
          .getRepository(Event)
          .createQueryBuilder('e')
          .select('e.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'events')
          .addSelect('SUM(e.walkIns)', 'walkIns')
          .where('e.status IN (:...counted)', { counted: COUNTED_EVENT_STATUSES })
          .andWhere(inYear)
          .groupBy('e.libraryId')
          .getRawMany<{ libraryId: string; events: unknown; walkIns: unknown }>();
        const attended = await db
          .getRepository(EventAttendance)
          .createQueryBuilder('a')
          .innerJoin(Event, 'e', 'e.id = a.eventId')
          .select('e.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'n')
          .where('e.status IN (:...counted)', { counted: COUNTED_EVENT_STATUSES })
          .andWhere('a.status = :attended', { attended: AttendanceStatus.ATTENDED })
          .andWhere(inYear)
          .groupBy('e.libraryId')
          .getRawMany<{ libraryId: string; n: unknown }>();
        for (const { libraryId } of libraries) {
          const e = events.find((r) => r.libraryId === libraryId);
          const a = attended.find((r) => r.libraryId === libraryId);
          out.set(`${libraryId}|${year}`, { events: Number(e?.events ?? 0), participants: Number(e?.walkIns ?? 0) + Number(a?.n ?? 0) });
        }
      }
      return keys.map((k) => out.get(`${k.libraryId}|${k.year}`)!);
    },
    { cacheKeyFn: (k) => `${k.libraryId}|${k.year}` },
  );
}

/** Indicators, the performance review's figures and the literacy index: per request. */
export function indicatorLoaders(db: DataSource) {
  return {
    /** The literacy index's event figures per library and year. */
    literacyFigures: literacyFiguresLoader(db),
    /** Library.eventIndicators: five grouped queries for every library asked in the request. */
    indicators: indicatorsLoader(db),
    /** Librarian.eventFacilitation: three grouped queries for every librarian asked. */
    facilitation: facilitationLoader(db),
  };
}
