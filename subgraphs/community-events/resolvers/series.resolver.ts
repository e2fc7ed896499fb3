import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import { isOpenOn } from '../../../shared/library-calendar';
import { addDays, zonedToUtc, wholeSeconds } from '../../../shared/time';
import type { EventsContext } from '../context';
import { EventSeries } from '../entities/event-series.entity';
import { Event, EventStatus } from '../entities/event.entity';
import { Library } from '../entities/library.stub';
import { poolOfSeries } from '../places';
import { requireLibrary, requireLinkablePeople } from '../links';
import { maySeeEvent } from '../policy';
import { CreateEventSeriesInput } from './event.inputs';
import { audienceTags, linkPeople, validateWindow } from './event.resolver';
import { now } from '../../../shared/clock';

/** The sessions of a series the caller may see, in start order. */
async function visibleSessions(series: EventSeries, ctx: EventsContext): Promise<Event[]> {
  return (await ctx.loaders.sessionsBySeriesId.load(series.id)).filter((s) => maySeeEvent(ctx.identity, s));
}

@Resolver(() => EventSeries)
export class EventSeriesResolver {
  /** Public once published; a series still in draft is NOT_FOUND except for its library's staff, GOVERNMENT and ADMIN. */
  @Query(() => EventSeries, {
    nullable: true,
    description: "A recurring series and its sessions (public; drafts only for the library's staff, GOVERNMENT of its province, ADMIN)",
  })
  async eventSeries(@Arg('id', () => ID) id: string, @Ctx() ctx: EventsContext): Promise<EventSeries> {
    const series = await ctx.loaders.seriesById.load(id);
    if (!series || !(await visibleSessions(series, ctx)).length) throw new NotFoundError('Event series', id);
    return series;
  }

  @FieldResolver(() => Library)
  library(@Root() series: EventSeries): Library {
    return { id: series.libraryId };
  }

  @FieldResolver(() => [Event], { description: 'The sessions, in start order (drafts only for those who may see them)' })
  async sessions(@Root() series: EventSeries, @Ctx() ctx: EventsContext): Promise<Event[]> {
    return visibleSessions(series, ctx);
  }

  @FieldResolver(() => Int, { description: 'Registrations holding a place at every session' })
  async confirmedCount(@Root() series: EventSeries, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByPoolId.load(series.id)).confirmed;
  }

  @FieldResolver(() => Int)
  async waitlistCount(@Root() series: EventSeries, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByPoolId.load(series.id)).waitlisted;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'null: as soon as the sessions are published' })
  async registrationOpensAt(@Root() series: EventSeries, @Ctx() { loaders }: EventsContext): Promise<Date | null> {
    return poolOfSeries(series, await loaders.sessionsBySeriesId.load(series.id)).opensAt;
  }

  @FieldResolver(() => Date, { description: 'Default: when the last session starts' })
  async registrationClosesAt(@Root() series: EventSeries, @Ctx() { loaders }: EventsContext): Promise<Date> {
    return poolOfSeries(series, await loaders.sessionsBySeriesId.load(series.id)).closesAt;
  }

  /**
   * LIBRARIAN or LIBRARY_ADMIN of the library, ADMIN. Sessions every `intervalDays` from
   * `firstDate` at `startTime` in the library's own time zone; a date the library is closed
   * (weekly closing day, holiday) is skipped and the series runs on until it has `sessions`.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => EventSeries, {
    nullable: true,
    description:
      "Plan a recurring series (a weekly reading club) as DRAFT sessions on the library's open days; one registration covers every session. " +
      'Facilitators must be librarians of the library, co-hosts partners it works with (BAD_USER_INPUT on the field otherwise) (LIBRARIAN or LIBRARY_ADMIN of the library, ADMIN)',
  })
  async createEventSeries(@Arg('input', () => CreateEventSeriesInput) input: CreateEventSeriesInput, @Ctx() ctx: EventsContext): Promise<EventSeries> {
    requireStaffOf(ctx.identity, input.libraryId);
    const calendar = await requireLibrary(ctx, input.libraryId);
    const dates: string[] = [];
    for (let day = input.firstDate, guard = 0; dates.length < input.sessions && guard < 400; day = addDays(day, input.intervalDays), guard++) {
      if (isOpenOn(calendar, day)) dates.push(day);
    }
    if (dates.length < input.sessions) throw new BadUserInputError('firstDate', 'The library is closed on too many of those days');
    const starts = dates.map((d) => zonedToUtc(d, input.startTime, calendar.timezone));
    const lastEnd = new Date(starts[starts.length - 1].getTime() + input.durationMinutes * 60_000);
    validateWindow(input.registrationOpensAt, input.registrationClosesAt, lastEnd);
    const { facilitatorIds, coHostIds } = input;
    // The owners confirm every id before anything is written; never inside the transaction.
    await requireLinkablePeople(ctx.config, input.libraryId, { facilitatorIds, coHostIds });

    return transaction(ctx.db, async (tx) => {
      const series = tx.getRepository(EventSeries).create({
        id: randomUUID(),
        libraryId: input.libraryId,
        title: input.title,
        description: input.description ?? '',
        type: input.type,
        audience: input.audience,
        capacity: input.capacity,
        intervalDays: input.intervalDays,
        registrationOpensAt: input.registrationOpensAt ? wholeSeconds(input.registrationOpensAt) : null,
        registrationClosesAt: input.registrationClosesAt ? wholeSeconds(input.registrationClosesAt) : null,
        createdAt: wholeSeconds(now()),
      });
      await tx.getRepository(EventSeries).insert(series);
      const sessions = starts.map((startsAt) =>
        tx.getRepository(Event).create({
          id: randomUUID(),
          libraryId: input.libraryId,
          title: input.title,
          description: input.description ?? '',
          type: input.type,
          audience: input.audience,
          audienceTags: audienceTags(input.audience, input.audiences),
          accessibilityNotes: input.accessibilityNotes ?? null,
          location: input.location,
          startsAt,
          endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000),
          capacity: input.capacity,
          status: EventStatus.DRAFT,
          registrationOpensAt: null,
          registrationClosesAt: null,
          seriesId: series.id,
          walkIns: 0,
          cancellationReason: null,
        }),
      );
      for (let i = 0; i < sessions.length; i += 100) await tx.getRepository(Event).insert(sessions.slice(i, i + 100));
      await linkPeople(
        tx,
        sessions.map((s) => s.id),
        facilitatorIds,
        coHostIds,
      );
      return series;
    });
  }
}
