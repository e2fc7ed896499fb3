import { Arg, Authorized, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import { BadUserInputError } from '../../../shared/platform/errors';
import type { CollectionsContext } from '../context';
import { Member, MemberStatus } from '../members/member.entity';

/** How many members one call may ask for (a pass of the event notices sends at most a batch). */
export const MAX_CONTACTS_PER_CALL = 500;

@ObjectType({ description: 'Internal (community-events): how to reach a member with an event notice' })
@Directive('@inaccessible')
export class MemberNoticeContact {
  @Field(() => ID, { description: "The member's id" })
  id: string;

  @Field({ description: 'The name a notice greets the member by' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The e-mail address the member gave; null when none' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'The phone number the member gave (WhatsApp/SMS); null when none' })
  phone: string | null;
}

/**
 * For community-events only (internal operation MemberContacts, a SERVICE caller; hidden from the
 * gateway's API with @inaccessible): the contact details an event notice to a member goes to — a
 * waitlist promotion, a cancellation, a reminder. Read when the notice is sent, not copied into
 * community-events, so a changed address is used and a closed account is reached no more. A
 * member who does not exist or whose account is closed answers null.
 */
@Resolver()
export class MemberContactsResolver {
  @Authorized('SERVICE')
  @Directive('@inaccessible')
  @Query(() => [MemberNoticeContact], {
    nullable: 'items',
    description: 'Internal (community-events): the contact details of members an event notice goes to, in the order asked; null for an unknown or closed member',
  })
  async memberNoticeContacts(
    @Arg('ids', () => [ID], { description: 'The members, at most 500' }) ids: string[],
    @Ctx() { db }: CollectionsContext,
  ): Promise<(MemberNoticeContact | null)[]> {
    if (ids.length > MAX_CONTACTS_PER_CALL) throw new BadUserInputError('ids', `At most ${MAX_CONTACTS_PER_CALL} members a call`);
    const wanted = [...new Set(ids)];
    const rows = wanted.length ? await db.getRepository(Member).find({ select: { id: true, name: true, email: true, phone: true, status: true }, where: { id: In(wanted) } }) : [];
    const byId = new Map(rows.filter((m) => m.status !== MemberStatus.CLOSED).map((m) => [m.id, m]));
    return ids.map((id) => {
      const m = byId.get(id);
      return m ? { id: m.id, name: m.name, email: m.email.trim() || null, phone: m.phone.trim() || null } : null;
    });
  }
}
