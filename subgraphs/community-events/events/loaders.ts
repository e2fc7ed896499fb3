import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import { byForeignKeyLoader, byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { eventVisibility } from '../access';
import { EventFacilitator } from './event-facilitator.entity';
import { EventPartner } from './event-partner.entity';
import { EventPromotionLink } from './event-promotion.entity';
import { EventSeries } from './event-series.entity';
import { Event, PUBLIC_EVENT_STATUSES } from './event.entity';

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

/**
 * Turns a visibility variant (access.eventVisibility) into SQL on alias `e`: 'all' sees every
 * draft, `libraries:<a>,<b>` the drafts of those libraries, anything else none.
 */
export function applyVisibility(qb: SelectQueryBuilder<any>, variant: string): void {
  if (variant === 'all') return;
  if (variant.startsWith('libraries:')) {
    qb.andWhere('(e.status IN (:...publicStatuses) OR e.libraryId IN (:...visibleDraftsOf))', {
      publicStatuses: PUBLIC_EVENT_STATUSES,
      visibleDraftsOf: variant.slice('libraries:'.length).split(','),
    });
    return;
  }
  qb.andWhere('e.status IN (:...publicStatuses)', { publicStatuses: PUBLIC_EVENT_STATUSES });
}

/** Events, series, the people linked to them and their promotion: per request. */
export function eventLoaders(db: DataSource, identity: Identity) {
  /** The caller's view of events (access.eventVisibility), applied by every event list below. */
  const visibility = eventVisibility(identity);
  return {
    eventById: byIdLoader(db.getRepository(Event)),
    seriesById: byIdLoader(db.getRepository(EventSeries)),
    /** A library's events by start time, as the caller may see them (access.eventVisibility: drafts of the libraries it may read). */
    eventsByLibraryId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'e.libraryId',
      sort: 'startsAt',
      scope: (qb) => applyVisibility(qb, visibility),
    }),
    /** A librarian's events by start time, as the caller may see them. */
    eventsByFacilitatorId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'ef.librarianId',
      sort: 'startsAt',
      scope: (qb) => {
        qb.innerJoin(EventFacilitator, 'ef', 'ef.eventId = e.id');
        applyVisibility(qb, visibility);
      },
    }),
    /** A partner's co-hosted events by start time, as the caller may see them. */
    eventsByCoHostId: connectionLoader({
      repo: db.getRepository(Event),
      alias: 'e',
      parent: 'ep.partnerId',
      sort: 'startsAt',
      scope: (qb) => {
        qb.innerJoin(EventPartner, 'ep', 'ep.eventId = e.id');
        applyVisibility(qb, visibility);
      },
    }),
    facilitatorIdsByEventId: idsByEventId(db.getRepository(EventFacilitator), 'librarianId'),
    coHostIdsByEventId: idsByEventId(db.getRepository(EventPartner), 'partnerId'),
    sessionsBySeriesId: byForeignKeyLoader(db.getRepository(Event), 'seriesId', { startsAt: 'ASC', id: 'ASC' }),
    promotionLinksByEventId: byForeignKeyLoader(db.getRepository(EventPromotionLink), 'eventId', { createdAt: 'ASC', id: 'ASC' }),
  };
}
