import DataLoader from 'dataloader';
import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Brackets, type DataSource } from 'typeorm';
import { EventLiteracy, checkLiteracyRepresentation } from '../../shared/literacy';
import { provinceFromDirectory, requireRegionalRowAccess } from '../../shared/regional-policy';
import { zonedToUtc } from '../../shared/time';
import { timezoneOf, type EventsContext } from './context';
import { AttendanceStatus, EventAttendance } from './entities/attendance.entity';
import { Event, EventStatus } from './entities/event.entity';

/**
 * Community events' part of the literacy index (issue 8, capability 2):
 * `LiteracyIndexRow.eventLiteracy`, the raw figures behind UPLM6 (community participation in the
 * library's promotion activities: its events and the people who took part). Every row of a
 * request arrives in one `_entities` call; one loader answers them all with two grouped queries
 * (the figures are defined as `Library.eventIndicators`' events and attendance for the calendar
 * year: events published or completed starting in it, checked-in registrants plus walk-ins).
 */
@ObjectType()
@Directive('@key(fields: "libraryId year")')
export class LiteracyIndexRow {
  @Field(() => ID)
  libraryId: string;

  @Field(() => Int)
  year: number;
}

/** Events that count: held or to be held (as Library.eventIndicators). */
const COUNTED = [EventStatus.PUBLISHED, EventStatus.COMPLETED];

type Key = { libraryId: string; year: number; timezone: string };

/** Events and participants of every (library, year) asked in a request: two grouped queries per year asked. */
export function literacyFiguresLoader(db: DataSource) {
  const startsAt = db.getRepository(Event).metadata.findColumnWithPropertyName('startsAt')!;
  const instant = (d: Date) => db.driver.preparePersistentValue(d, startsAt);
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
          .where('e.status IN (:...counted)', { counted: COUNTED })
          .andWhere(inYear)
          .groupBy('e.libraryId')
          .getRawMany<{ libraryId: string; events: unknown; walkIns: unknown }>();
        const attended = await db
          .getRepository(EventAttendance)
          .createQueryBuilder('a')
          .innerJoin(Event, 'e', 'e.id = a.eventId')
          .select('e.libraryId', 'libraryId')
          .addSelect('COUNT(*)', 'n')
          .where('e.status IN (:...counted)', { counted: COUNTED })
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


const provinceOf = (ctx: EventsContext) => (libraryId: string) => provinceFromDirectory(ctx.config, 'community-events', libraryId);

@Resolver(() => LiteracyIndexRow)
export class LiteracyIndexRowResolver {
  @FieldResolver(() => EventLiteracy, {
    nullable: true,
    description: "The library's events in the year and the people who took part (days in the library's zone); who may: as literacyIndex",
  })
  async eventLiteracy(@Root() row: LiteracyIndexRow, @Ctx() ctx: EventsContext): Promise<EventLiteracy> {
    await requireRegionalRowAccess(ctx.identity, row.libraryId, provinceOf(ctx));
    // Participants: people who came (checked-in registrants and walk-ins), not sign-ups.
    return ctx.loaders.literacyFigures.load({ libraryId: row.libraryId, year: row.year, timezone: await timezoneOf(ctx, row.libraryId) });
  }
}

/** Representations are checked here: reference resolvers bypass @Authorized. */
export const literacyReferences = {
  LiteracyIndexRow: {
    __resolveReference: (ref: Record<string, unknown>, ctx: EventsContext): Promise<LiteracyIndexRow> =>
      checkLiteracyRepresentation(ref, ctx.identity, provinceOf(ctx)),
  },
};
