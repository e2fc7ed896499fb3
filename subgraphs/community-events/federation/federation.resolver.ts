import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { daysBetween } from '../../../shared/platform/time';
import { timezoneOf, type EventsContext } from '../context';
import { EventFacilitationSummary } from '../indicators/indicators.service';
import { Librarian } from './librarian.stub';
import { Member } from './member.stub';
import { Partner } from './partner.stub';
import { requireFacilitationAccess, requireMemberRegistrationsAccess } from '../access';
import { EventConnection, RegistrationConnection } from '../events/event.types';

/** Fields this subgraph adds to entities owned elsewhere. */
@Resolver(() => Librarian)
export class LibrarianResolver {
  /** The librarian themself, their library's LIBRARY_ADMIN, ADMIN: figures for the yearly performance review. */
  @Directive('@requires(fields: "library { id }")')
  @FieldResolver(() => EventFacilitationSummary, {
    nullable: true,
    description:
      "The events the librarian ran in a period (dates in their library's time zone): attendance and attendees' ratings, for the performance review (the librarian, their library's admins, ADMIN)",
  })
  async eventFacilitation(
    @Root() librarian: Librarian,
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period (included), in the librarian's library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included); not before from' }) to: string,
    @Ctx() ctx: EventsContext,
  ): Promise<EventFacilitationSummary> {
    requireFacilitationAccess(ctx.identity, librarian.id, librarian.library?.id);
    if (daysBetween(from, to) < 0) throw new BadUserInputError('to', 'to must not be before from');
    return ctx.loaders.facilitation.load({
      librarianId: librarian.id,
      libraryId: librarian.library!.id,
      from,
      to,
      timezoneOf: (id) => timezoneOf(ctx, id),
    });
  }

  @FieldResolver(() => EventConnection, {
    nullable: true,
    description: "Events the librarian runs, by start time (public; a draft only for its library's staff, GOVERNMENT of its province, ADMIN)",
  })
  async facilitatedEvents(@Root() librarian: Librarian, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    return ctx.loaders.eventsByFacilitatorId.load({
      parentId: librarian.id,
      page: normalisePage(args, ctx.config.maxPageSize),
    });
  }
}

@Resolver(() => Partner)
export class PartnerResolver {
  @FieldResolver(() => EventConnection, {
    nullable: true,
    description:
      "Events the partner co-hosts, by start time (public; a draft only for its library's staff, GOVERNMENT of its province, ADMIN; the partner itself reads their statistics — counts, never names)",
  })
  async coHostedEvents(@Root() partner: Partner, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    return ctx.loaders.eventsByCoHostId.load({
      parentId: partner.id,
      page: normalisePage(args, ctx.config.maxPageSize),
    });
  }
}

@Resolver(() => Member)
export class MemberResolver {
  /** The member themself, the staff of their home library (from collections, through @requires), ADMIN. */
  @Directive('@requires(fields: "library { id }")')
  @FieldResolver(() => RegistrationConnection, {
    nullable: true,
    description: "The member's event registrations, oldest first (the member, their library's staff, ADMIN)",
  })
  async eventRegistrations(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    requireMemberRegistrationsAccess(ctx.identity, member.id, member.library?.id);
    return ctx.loaders.registrationsByMemberId.load({ parentId: member.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }
}
