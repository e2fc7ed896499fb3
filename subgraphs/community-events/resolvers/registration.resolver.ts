import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EventsContext } from '../context';
import { Event } from '../entities/event.entity';
import { Member } from '../entities/member.stub';
import { Registration } from '../entities/registration.entity';

/**
 * A registration is reached only through Event.registrations or a reference, both of which
 * check policy.requireRegistrationAccess first; its fields need no guard of their own.
 */
@Resolver(() => Registration)
export class RegistrationResolver {
  @FieldResolver(() => Event)
  async event(@Root() registration: Registration, @Ctx() { loaders }: EventsContext): Promise<Event> {
    return (await loaders.eventById.load(registration.eventId))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who registered; null for a guest' })
  member(@Root() registration: Registration): Member | null {
    return registration.memberId ? { id: registration.memberId } : null;
  }
}
