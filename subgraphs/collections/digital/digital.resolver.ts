import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../../shared/platform/errors';
import { ConnectionArgs, normalisePage } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { requireLibraryAccess, requireMemberAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { Member } from '../members/member.entity';
import { memberListPage } from '../members/member.service';
import { DigitalLicence, DigitalResource } from './digital-resource.entity';
import { DigitalUse } from './digital-use.entity';
import { AddDigitalResourceInput, DigitalResourceFilter, UpdateDigitalResourceInput } from './digital.inputs';
import {
  accessDigitalResource,
  accessUrlFor,
  addDigitalResource,
  digitalUsage,
  isActiveUse,
  isOwnUse,
  listDigitalResources,
  returnDigitalResource,
  updateDigitalResource,
  type DigitalDeps,
} from './digital.service';
import { DigitalAccess, DigitalResourceConnection, DigitalUsage, DigitalUseConnection } from './digital.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

const deps = (ctx: CollectionsContext): DigitalDeps => ({ db: ctx.db, calendars: ctx.calendar });

@Resolver(() => DigitalResource)
export class DigitalResourceResolver {
  /** Public: what the libraries offer online (withdrawn ones left out), by title. */
  @Query(() => DigitalResourceConnection, { description: 'Digital resources on offer, by title (public); the link comes with accessDigitalResource' })
  async digitalResources(
    @Arg('filter', () => DigitalResourceFilter, { nullable: true, description: 'Narrows the list; none: every resource on offer' }) filter: DigitalResourceFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
  ) {
    return listDigitalResources(ctx.db, filter, normalisePage(args, ctx.config.maxPageSize));
  }

  @Query(() => DigitalResource, { description: 'One digital resource (public)' })
  async digitalResource(@Arg('id', () => ID, { description: "The resource's id" }) id: string, @Ctx() { loaders }: CollectionsContext): Promise<DigitalResource> {
    const resource = await loaders.digitalResourceById.load(id);
    if (!resource) throw new NotFoundError('DigitalResource', id);
    return resource;
  }

  @Mutation(() => DigitalResource, {
    nullable: true,
    description: "Offer a digital resource: a library's own (its LIBRARY_ADMIN, ADMIN) or one shared by all libraries (ADMIN)",
  })
  async addDigitalResource(
    @Arg('input', () => AddDigitalResourceInput, { description: 'The resource to offer' }) input: AddDigitalResourceInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalResource> {
    return addDigitalResource(deps(ctx), ctx.identity, input, idempotencyKey);
  }

  @Mutation(() => DigitalResource, {
    nullable: true,
    description:
      'Change the link, licence or session length, or withdraw a resource (its managers: the library’s LIBRARY_ADMIN, ADMIN for shared ones); uses holding a seat keep it',
  })
  async updateDigitalResource(
    @Arg('id', () => ID, { description: "The resource's id" }) id: string,
    @Arg('input', () => UpdateDigitalResourceInput, { description: 'What to change' }) input: UpdateDigitalResourceInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalResource> {
    return updateDigitalResource(deps(ctx), ctx.identity, id, input);
  }

  @Mutation(() => DigitalAccess, {
    nullable: true,
    description:
      "Open a digital resource (a MEMBER with a valid card, a library's LIBRARIAN or LIBRARY_ADMIN; the library's own resources and the shared ones): records the use and returns the link. A CONCURRENT_USERS licence refuses past its seats with CONFLICT, extensions.reason LICENCE_LIMIT and seatFreesAt. The seat frees when returned or after sessionMinutes",
  })
  async accessDigitalResource(
    @Arg('resourceId', () => ID, { description: 'The resource to open' }) resourceId: string,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalAccess> {
    return accessDigitalResource(deps(ctx), ctx.identity, resourceId, idempotencyKey);
  }

  @Mutation(() => DigitalUse, { nullable: true, description: 'Give a digital resource back now, freeing its seat (the reader, staff of their library, ADMIN)' })
  async returnDigitalResource(
    @Arg('useId', () => ID, { description: 'The use to end (DigitalAccess.use.id)' }) useId: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalUse> {
    return returnDigitalResource(deps(ctx), ctx.identity, useId);
  }

  @FieldResolver(() => Library, { nullable: true, description: 'The holding library; null when shared by all libraries' })
  library(@Root() resource: DigitalResource): Library | null {
    return resource.libraryId ? { id: resource.libraryId } : null;
  }

  @FieldResolver(() => Boolean, { description: 'Offered to the readers of every library' })
  shared(@Root() resource: DigitalResource): boolean {
    return resource.libraryId === null;
  }

  @FieldResolver(() => BibliographicRecord, { nullable: true, description: 'The catalogue record of the title' })
  async record(@Root() resource: DigitalResource, @Ctx() { loaders }: CollectionsContext): Promise<BibliographicRecord | null> {
    return resource.recordId ? loaders.recordById.load(resource.recordId) : null;
  }

  @FieldResolver(() => Int, { description: 'Uses holding a seat now (public: a count)' })
  async seatsInUse(@Root() resource: DigitalResource, @Ctx() { loaders }: CollectionsContext): Promise<number> {
    return loaders.digitalSeatsInUse.load(resource.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'CONCURRENT_USERS: seats free now; null for OPEN (no limit)' })
  async seatsAvailable(@Root() resource: DigitalResource, @Ctx() { loaders }: CollectionsContext): Promise<number | null> {
    if (resource.licence === DigitalLicence.OPEN) return null;
    return Math.max(0, resource.concurrentUsers! - (await loaders.digitalSeatsInUse.load(resource.id)));
  }

  /** The link without a use: for the staff who look after it, not readers (they go through accessDigitalResource). */
  @FieldResolver(() => String, {
    nullable: true,
    description: "The link (staff of the holding library, any library's staff for a shared one, ADMIN); readers get it from accessDigitalResource",
  })
  accessUrl(@Root() resource: DigitalResource, @Ctx() { identity }: CollectionsContext): string {
    return accessUrlFor(identity, resource);
  }
}

/** Uses are reached through Member.digitalUses and the mutations, both guarded. */
@Resolver(() => DigitalUse)
export class DigitalUseResolver {
  @FieldResolver(() => DigitalResource, { description: 'The resource used' })
  async resource(@Root() use: DigitalUse, @Ctx() { loaders }: CollectionsContext): Promise<DigitalResource> {
    return (await loaders.digitalResourceById.load(use.resourceId))!;
  }

  @FieldResolver(() => Library, { description: "The reader's library, for which the use counts" })
  library(@Root() use: DigitalUse): Library {
    return { id: use.libraryId };
  }

  @FieldResolver(() => Member, { nullable: true, description: "The member who read it (the member, their library's staff, ADMIN); null for a member of staff" })
  async member(@Root() use: DigitalUse, @Ctx() { loaders, identity }: CollectionsContext): Promise<Member | null> {
    if (!use.memberId) return null;
    const member = (await loaders.memberById.load(use.memberId))!;
    requireMemberAccess(identity, member);
    return member;
  }

  @FieldResolver(() => Boolean, { description: 'Still holding its seat (neither returned nor run out)' })
  active(@Root() use: DigitalUse): boolean {
    return isActiveUse(use);
  }

  @FieldResolver(() => Boolean, { description: 'The caller’s own use' })
  mine(@Root() use: DigitalUse, @Ctx() { identity }: CollectionsContext): boolean {
    return isOwnUse(identity, use);
  }
}

@Resolver(() => Member)
export class MemberDigitalResolver {
  @FieldResolver(() => DigitalUseConnection, { nullable: true, description: "The member's digital uses, oldest first (the member, their library's staff, ADMIN)" })
  async digitalUses(@Root() member: Member, @Args() args: ConnectionArgs, @Ctx() ctx: CollectionsContext) {
    return memberListPage(ctx, member, ctx.loaders.digitalUsesByMemberId, args);
  }
}

@Resolver(() => Library)
export class LibraryDigitalResolver {
  @FieldResolver(() => DigitalUsage, {
    nullable: true,
    description: "Digital uses by the library's readers over a period, days in its zone: uses, readers, turnaways, by kind and resource (the library's staff, GOVERNMENT, ADMIN)",
  })
  async digitalUsage(
    @Root() library: Library,
    @Arg('from', () => CalendarDateScalar, { description: "First day of the period, in the library's time zone" }) from: string,
    @Arg('to', () => CalendarDateScalar, { description: 'Last day of the period (included), at most five years after from' }) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalUsage> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    return digitalUsage({ loaders: ctx.loaders, calendars: ctx.calendar }, library.id, from, to);
  }
}
