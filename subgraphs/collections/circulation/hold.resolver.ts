import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { requireMemberAccess } from '../access';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Hold, HoldStatus } from './hold.entity';
import { Item } from '../catalogue/item.entity';
import { Library } from '../federation/library.stub';
import { Member } from '../members/member.entity';

/**
 * Holds are reached through guarded ways in (Member.holds, Library.holds, the circulation
 * mutations). Their fields say nothing personal except `member`, which applies the member rule.
 */
@Resolver(() => Hold)
export class HoldResolver {
  @FieldResolver(() => BibliographicRecord, { description: 'The title asked for' })
  async record(@Root() hold: Hold, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord> {
    return (await loaders.recordById.load(hold.recordId))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: "Who asked (the member, their library's staff, ADMIN)" })
  async member(@Root() hold: Hold, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member> {
    const member = (await loaders.memberById.load(hold.memberId))!;
    requireMemberAccess(identity, member);
    return member;
  }

  @FieldResolver(() => Library, { description: 'Where the member picks the copy up' })
  pickupLibrary(@Root() hold: Hold): Library {
    return { id: hold.pickupLibraryId };
  }

  @FieldResolver(() => Item, { nullable: true, description: 'The copy set aside (in transit, on the hold shelf, or lent)' })
  async item(@Root() hold: Hold, @Ctx() { loaders }: CollectionsContext): Promise<Item | null> {
    return hold.itemId ? loaders.itemById.load(hold.itemId) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'WAITING: place in the queue for the title, 1 = next; null otherwise' })
  async queuePosition(@Root() hold: Hold, @Ctx() { loaders }: CollectionsContext): Promise<number | null> {
    return hold.status === HoldStatus.WAITING ? loaders.queuePositionByHoldId.load(hold.id) : null;
  }
}
