import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { daysBetween } from '../../../shared/platform/time';
import { timezoneOf, type EventsContext } from '../context';
import { Library } from './library.stub';
import { SatisfactionSurvey } from '../surveys/satisfaction-survey.entity';
import { EventIndicators } from '../indicators/indicators.service';
import { requireIndicatorAccess } from '../access';
import { EventConnection } from '../events/event.types';

/** A period of at most this many days per indicator request. */
const MAX_INDICATOR_DAYS = 1100;

@Resolver(() => Library)
export class LibraryResolver {
  /** Public for published, completed and cancelled events; drafts only for those access.draftLibraries admits (the loader filters). */
  @FieldResolver(() => EventConnection, {
    nullable: true,
    description: "The library's events by start time: drafts only for its staff, GOVERNMENT of its province and ADMIN; the rest is public",
  })
  async events(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    return ctx.loaders.eventsByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
    });
  }

  /**
   * The library's staff, GOVERNMENT, ADMIN. `from` and `to` are dates in the library's own time
   * zone; every library asked in one request shares one set of grouped queries.
   */
  @FieldResolver(() => EventIndicators, {
    nullable: true,
    description:
      "Community-event figures for a period (dates in the library's time zone, both included): events by type and audience, " +
      'registrations, attendance, ratings, satisfaction (its staff, GOVERNMENT, ADMIN)',
  })
  async eventIndicators(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period (included), in the library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: `Last day of the period (included); not before from, at most ${MAX_INDICATOR_DAYS} days after it` }) to: string,
    @Ctx() ctx: EventsContext,
  ): Promise<EventIndicators> {
    requireIndicatorAccess(ctx.identity, library.id);
    const days = daysBetween(from, to);
    if (days < 0) throw new BadUserInputError('to', 'to must not be before from');
    if (days > MAX_INDICATOR_DAYS) throw new BadUserInputError('to', `Ask for at most ${MAX_INDICATOR_DAYS} days at a time`);
    return ctx.loaders.indicators.load({ libraryId: library.id, from, to, timezoneOf: (id) => timezoneOf(ctx, id) });
  }

  @FieldResolver(() => [SatisfactionSurvey], { nullable: true, description: "The library's satisfaction surveys, newest first (public)" })
  async satisfactionSurveys(@Root() library: Library, @Ctx() { loaders }: EventsContext): Promise<SatisfactionSurvey[]> {
    return loaders.surveysByLibraryId.load(library.id);
  }
}
