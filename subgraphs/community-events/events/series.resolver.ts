import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/platform/auth';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { NotFoundError } from '../../../shared/platform/errors';
import { maySeeEvent } from '../access';
import type { EventsContext } from '../context';
import { Library } from '../federation/library.stub';
import { poolOfSeries } from '../registration/registration.service';
import { EventSeries } from './event-series.entity';
import { Event } from './event.entity';
import { CreateEventSeriesInput } from './event.inputs';
import { createEventSeries } from './series.service';

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
  async eventSeries(@Arg('id', () => ID, { description: "The series' id" }) id: string, @Ctx() ctx: EventsContext): Promise<EventSeries> {
    const series = await ctx.loaders.seriesById.load(id);
    if (!series || !(await visibleSessions(series, ctx)).length) throw new NotFoundError('Event series', id);
    return series;
  }

  @FieldResolver(() => Library, { description: 'The library that runs the series' })
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

  @FieldResolver(() => Int, { description: 'Registrations waiting for a place' })
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
  async createEventSeries(
    @Arg('input', () => CreateEventSeriesInput, { description: 'The series to plan' }) input: CreateEventSeriesInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: EventsContext,
  ): Promise<EventSeries> {
    requireStaffOf(ctx.identity, input.libraryId);
    return createEventSeries(ctx, input, idempotencyKey);
  }
}
