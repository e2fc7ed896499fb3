import { randomUUID } from 'node:crypto';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { requireStaffOf } from '../../../shared/auth';
import { BadUserInputError, NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import type { EventsContext } from '../context';
import { EventFacilitator } from '../entities/event-facilitator.entity';
import { EventPartner } from '../entities/event-partner.entity';
import { Event, EventStatus } from '../entities/event.entity';
import { Librarian } from '../entities/librarian.stub';
import { Library } from '../entities/library.stub';
import { Partner } from '../entities/partner.stub';
import { Registration } from '../entities/registration.entity';
import { maySeeEvent } from '../policy';
import { CreateEventInput } from './event.inputs';

/** MySQL `datetime` keeps whole seconds (and would round): cut here so what we return is what is stored. */
const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

@ObjectType()
export class RegistrationConnection extends Connection(Registration) {}

@Resolver(() => Event)
export class EventResolver {
  /** Public for published, completed and cancelled events; a draft is NOT_FOUND except for its library's staff, GOVERNMENT and ADMIN. */
  @Query(() => Event, { description: "One event (public; drafts only for the library's staff, GOVERNMENT and ADMIN)" })
  async event(@Arg('id', () => ID) id: string, @Ctx() { identity, loaders }: EventsContext): Promise<Event> {
    const event = await loaders.eventById.load(id);
    // A draft the caller may not see does not exist for them: same answer as an unknown id.
    if (!event || !maySeeEvent(identity, event)) throw new NotFoundError('Event', id);
    return event;
  }

  @FieldResolver(() => Library)
  library(@Root() event: Event): Library {
    return { id: event.libraryId };
  }

  /** Stubs: the gateway fetches names and levels from staff-development. */
  @FieldResolver(() => [Librarian], { description: 'Librarians who run the event' })
  async facilitators(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<Librarian[]> {
    return (await loaders.facilitatorIdsByEventId.load(event.id)).map((id) => ({ id }));
  }

  /** Stubs: the gateway fetches the partner from partnerships. */
  @FieldResolver(() => [Partner], { description: 'Partner institutions co-hosting the event' })
  async coHosts(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<Partner[]> {
    return (await loaders.coHostIdsByEventId.load(event.id)).map((id) => ({ id }));
  }

  /** Public: an aggregate, no personal data. */
  @FieldResolver(() => Int, { description: 'Registrations holding a place' })
  async confirmedCount(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByEventId.load(event.id)).confirmed;
  }

  /** Public: an aggregate, no personal data. */
  @FieldResolver(() => Int, { description: 'Registrations waiting for a place' })
  async waitlistCount(@Root() event: Event, @Ctx() { loaders }: EventsContext): Promise<number> {
    return (await loaders.registrationCountsByEventId.load(event.id)).waitlisted;
  }

  /** Personal data: the staff of the event's library and ADMIN only (a member sees their own through the reference). */
  @FieldResolver(() => RegistrationConnection, {
    description: "Who registered, oldest first (the event library's staff, ADMIN)",
  })
  async registrations(@Root() event: Event, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    requireStaffOf(ctx.identity, event.libraryId);
    return ctx.loaders.registrationsByEventId.load({ parentId: event.id, page: normalisePage(args, ctx.config.maxPageSize) });
  }

  /**
   * LIBRARIAN or LIBRARY_ADMIN of input.libraryId, or ADMIN. The event opens as DRAFT; the event
   * and its facilitators and co-hosts are written in one transaction.
   */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Event, { description: 'Plan an event, as a DRAFT (LIBRARIAN or LIBRARY_ADMIN of the library, ADMIN)' })
  async createEvent(
    @Arg('input', () => CreateEventInput) input: CreateEventInput,
    @Ctx() { identity, db }: EventsContext,
  ): Promise<Event> {
    requireStaffOf(identity, input.libraryId);
    if (input.endsAt.getTime() <= input.startsAt.getTime()) {
      throw new BadUserInputError('endsAt', 'endsAt must be after startsAt');
    }
    const { facilitatorIds, coHostIds, ...fields } = input;
    return db.transaction(async (tx) => {
      const event = tx.getRepository(Event).create({
        ...fields,
        description: fields.description ?? '',
        startsAt: wholeSeconds(input.startsAt),
        endsAt: wholeSeconds(input.endsAt),
        id: randomUUID(),
        status: EventStatus.DRAFT,
      });
      await tx.getRepository(Event).insert(event);
      if (facilitatorIds.length) {
        await tx.getRepository(EventFacilitator).insert(facilitatorIds.map((librarianId) => ({ eventId: event.id, librarianId })));
      }
      if (coHostIds.length) {
        await tx.getRepository(EventPartner).insert(coHostIds.map((partnerId) => ({ eventId: event.id, partnerId })));
      }
      return event;
    });
  }
}
