import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import type { Config } from '../../shared/config';
import type { Identity } from '../../shared/auth';
import { byIdLoader, connectionLoader } from '../../shared/pagination';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventPartner } from './entities/event-partner.entity';
import { Event, PUBLIC_EVENT_STATUSES } from './entities/event.entity';
import { Registration, RegistrationStatus } from './entities/registration.entity';

export interface RegistrationCounts {
  confirmed: number;
  waitlisted: number;
}

/** The ids on the far side of a join table, per event id (one query for every event in the request). */
function idsByEventId<T extends ObjectLiteral & { eventId: string }>(repo: Repository<T>, idColumn: keyof T & string) {
  return new DataLoader<string, string[]>(async (eventIds) => {
    const rows = await repo.find({ where: { eventId: In([...eventIds]) } as never, order: { [idColumn]: 'ASC' } as never });
    const grouped = new Map<string, string[]>();
    for (const row of rows) {
      const list = grouped.get(row.eventId) ?? [];
      list.push(String(row[idColumn]));
      grouped.set(row.eventId, list);
    }
    return eventIds.map((id) => grouped.get(id) ?? []);
  });
}

/** Confirmed and waitlisted places per event: one grouped count for every event in the request. */
function registrationCountsLoader(repo: Repository<Registration>) {
  return new DataLoader<string, RegistrationCounts>(async (eventIds) => {
    const rows: { eventId: string; status: RegistrationStatus; n: string | number }[] = await repo
      .createQueryBuilder('r')
      .select('r.eventId', 'eventId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.eventId IN (:...eventIds)', { eventIds: [...eventIds] })
      .andWhere('r.status IN (:...counted)', { counted: [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED] })
      .groupBy('r.eventId')
      .addGroupBy('r.status')
      .getRawMany();
    const counts = new Map<string, RegistrationCounts>(eventIds.map((id) => [id, { confirmed: 0, waitlisted: 0 }]));
    for (const row of rows) {
      const c = counts.get(row.eventId);
      if (!c) continue;
      if (row.status === RegistrationStatus.CONFIRMED) c.confirmed = Number(row.n);
      else c.waitlisted = Number(row.n);
    }
    return eventIds.map((id) => counts.get(id)!);
  });
}

/** Per-request loaders: every list, count and reference goes through one of these. */
export function createLoaders(db: DataSource, _identity: Identity, _config: Config) {
  return {
    eventById: byIdLoader(db.getRepository(Event)),
    registrationById: byIdLoader(db.getRepository(Registration)),
    /** Variant 'public' hides drafts; 'all' is for those policy.maySeeDrafts admits. */
    eventsByLibraryId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'e.libraryId',
      sort: 'startsAt',
      scope: (qb, variant) => {
        if (variant !== 'all') qb.andWhere('e.status IN (:...publicStatuses)', { publicStatuses: PUBLIC_EVENT_STATUSES });
      },
    }),
    registrationsByEventId: connectionLoader({
      repo: db.getRepository(Registration),
      alias: 'r',
      parent: 'r.eventId',
      sort: 'createdAt',
    }),
    facilitatorIdsByEventId: idsByEventId(db.getRepository(EventFacilitator), 'librarianId'),
    coHostIdsByEventId: idsByEventId(db.getRepository(EventPartner), 'partnerId'),
    registrationCountsByEventId: registrationCountsLoader(db.getRepository(Registration)),
  };
}

export type EventsLoaders = ReturnType<typeof createLoaders>;
