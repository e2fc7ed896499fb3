import { Args, Ctx, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { Connection, ConnectionArgs, normalisePage } from '../../../shared/pagination';
import type { EventsContext } from '../context';
import { Event } from '../entities/event.entity';
import { Library } from '../entities/library.stub';
import { eventsVariant } from '../policy';

@ObjectType()
export class EventConnection extends Connection(Event) {}

@Resolver(() => Library)
export class LibraryResolver {
  /** Public for published, completed and cancelled events; drafts only for the library's staff, GOVERNMENT and ADMIN. */
  @FieldResolver(() => EventConnection, {
    nullable: true,
    description: "The library's events by start time: drafts only for its staff, GOVERNMENT and ADMIN; the rest is public",
  })
  async events(@Root() library: Library, @Args() args: ConnectionArgs, @Ctx() ctx: EventsContext) {
    return ctx.loaders.eventsByLibraryId.load({
      parentId: library.id,
      page: normalisePage(args, ctx.config.maxPageSize),
      variant: eventsVariant(ctx.identity, library.id),
    });
  }
}
