import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { deny, STAFF_ROLES } from '../../../shared/auth';
import { NotFoundError } from '../../../shared/errors';
import { Connection, ConnectionArgs, normalisePage, paginate } from '../../../shared/pagination';
import { CalendarDateScalar } from '../../../shared/scalars';
import { KeyCount } from '../../../shared/types';
import { requireLibraryAccess, requireMemberAccess } from '../access';
import { now } from '../../../shared/clock';
import type { CollectionsContext } from '../context';
import { BibliographicRecord } from '../entities/bibliographic-record.entity';
import { DigitalFormat, DigitalLicence, DigitalResource, DigitalResourceKind } from '../entities/digital-resource.entity';
import { DigitalUse } from '../entities/digital-use.entity';
import { Library } from '../entities/library.stub';
import { Member } from '../entities/member.entity';
import { validatePeriod } from '../indicators';
import {
  accessDigitalResource,
  addDigitalResource,
  isOwnUse,
  MAX_SESSION_MINUTES,
  returnDigitalResource,
  updateDigitalResource,
  type DigitalDeps,
} from '../digital/service';

@InputType({ description: 'A digital resource to offer' })
export class AddDigitalResourceInput {
  @Field()
  @Length(1, 300)
  title: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  authors: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1450)
  @Max(2100)
  publishedYear?: number | null;

  @Field(() => DigitalResourceKind)
  @IsEnum(DigitalResourceKind)
  kind: DigitalResourceKind;

  @Field(() => DigitalFormat)
  @IsEnum(DigitalFormat)
  format: DigitalFormat;

  @Field({ defaultValue: 'ind', description: "ISO 639-2, e.g. 'ind'" })
  @Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-2 code, e.g. ind' })
  language: string;

  @Field({ description: 'https link the reader is sent to (given out by accessDigitalResource only)' })
  @Length(10, 500)
  accessUrl: string;

  @Field(() => DigitalLicence)
  @IsEnum(DigitalLicence)
  licence: DigitalLicence;

  @Field(() => Int, { nullable: true, description: 'CONCURRENT_USERS: uses at once, 1 to 10000; leave out for OPEN' })
  @IsOptional()
  concurrentUsers?: number | null;

  @Field(() => Int, { defaultValue: 120, description: `How long a use holds its seat unless returned, 5 to ${MAX_SESSION_MINUTES} minutes` })
  sessionMinutes: number;

  @Field(() => ID, { nullable: true, description: 'The holding library; leave out for a resource shared by all libraries (ADMIN)' })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The catalogue record of the title, if catalogued' })
  @IsOptional()
  @Length(1, 36)
  recordId?: string | null;
}

@InputType({ description: 'What to change (leave out what stays)' })
export class UpdateDigitalResourceInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(10, 500)
  accessUrl?: string | null;

  @Field(() => DigitalLicence, { nullable: true })
  @IsOptional()
  @IsEnum(DigitalLicence)
  licence?: DigitalLicence | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  concurrentUsers?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  sessionMinutes?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true withdraws it (no longer listed nor opened), false offers it again' })
  @IsOptional()
  withdrawn?: boolean | null;
}

@InputType()
export class DigitalResourceFilter {
  @Field(() => ID, { nullable: true, description: "What a library's readers may open: its own resources and the shared ones" })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field(() => DigitalResourceKind, { nullable: true })
  @IsOptional()
  @IsEnum(DigitalResourceKind)
  kind?: DigitalResourceKind | null;
}

@ObjectType({ description: 'An open use and its link' })
export class DigitalAccess {
  @Field(() => DigitalUse)
  use: DigitalUse;

  @Field({ description: 'The link to open' })
  url: string;

  @Field({ description: 'true when the reader already held a seat for it: the same use, not a new one' })
  resumed: boolean;
}

@ObjectType({ description: 'Uses of one resource' })
export class DigitalResourceUses {
  @Field(() => DigitalResource)
  resource: DigitalResource;

  @Field(() => Int)
  uses: number;
}

@ObjectType({ description: "A library's digital uses over a period: counts only (the library's staff, GOVERNMENT, ADMIN)" })
export class DigitalUsage {
  @Field(() => CalendarDateScalar)
  from: string;

  @Field(() => CalendarDateScalar)
  to: string;

  @Field(() => Int, { description: "Uses begun by the library's readers (members and staff), days in its zone" })
  uses: number;

  @Field(() => Int, { description: 'Distinct readers' })
  readers: number;

  @Field(() => Int, { description: 'Readers turned away because every seat was taken' })
  turnaways: number;

  @Field(() => [KeyCount], { description: 'Uses by kind (EBOOK, EJOURNAL, ARTICLE, AUDIO)' })
  byKind: KeyCount[];

  @Field(() => [DigitalResourceUses], { description: 'Uses per resource, most used first' })
  byResource: DigitalResourceUses[];
}

@ObjectType()
export class DigitalResourceConnection extends Connection(DigitalResource) {}

@ObjectType()
export class DigitalUseConnection extends Connection(DigitalUse) {}

const deps = (ctx: CollectionsContext): DigitalDeps => ({ db: ctx.db, calendars: ctx.calendar });

@Resolver(() => DigitalResource)
export class DigitalResourceResolver {
  /** Public: what the libraries offer online (withdrawn ones left out), by title. */
  @Query(() => DigitalResourceConnection, { description: 'Digital resources on offer, by title (public); the link comes with accessDigitalResource' })
  async digitalResources(
    @Arg('filter', () => DigitalResourceFilter, { nullable: true }) filter: DigitalResourceFilter | null,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
  ) {
    const page = normalisePage(args, ctx.config.maxPageSize);
    const repo = ctx.db.getRepository(DigitalResource);
    const qb = repo.createQueryBuilder('d').where('d.withdrawnAt IS NULL');
    if (filter?.libraryId) qb.andWhere('(d.libraryId = :libraryId OR d.libraryId IS NULL)', { libraryId: filter.libraryId });
    if (filter?.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    return paginate(qb, { repo, alias: 'd', sort: 'title' }, page);
  }

  @Query(() => DigitalResource, { description: 'One digital resource (public)' })
  async digitalResource(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CollectionsContext): Promise<DigitalResource> {
    const resource = await loaders.digitalResourceById.load(id);
    if (!resource) throw new NotFoundError('DigitalResource', id);
    return resource;
  }

  @Mutation(() => DigitalResource, {
    nullable: true,
    description: "Offer a digital resource: a library's own (its LIBRARY_ADMIN, ADMIN) or one shared by all libraries (ADMIN)",
  })
  async addDigitalResource(@Arg('input', () => AddDigitalResourceInput) input: AddDigitalResourceInput, @Ctx() ctx: CollectionsContext): Promise<DigitalResource> {
    return addDigitalResource(deps(ctx), ctx.identity, input);
  }

  @Mutation(() => DigitalResource, {
    nullable: true,
    description:
      'Change the link, licence or session length, or withdraw a resource (its managers: the library’s LIBRARY_ADMIN, ADMIN for shared ones); uses holding a seat keep it',
  })
  async updateDigitalResource(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateDigitalResourceInput) input: UpdateDigitalResourceInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalResource> {
    return updateDigitalResource(deps(ctx), ctx.identity, id, input);
  }

  @Mutation(() => DigitalAccess, {
    nullable: true,
    description:
      "Open a digital resource (a MEMBER with a valid card, a library's LIBRARIAN or LIBRARY_ADMIN; the library's own resources and the shared ones): records the use and returns the link. A CONCURRENT_USERS licence refuses past its seats with CONFLICT, extensions.reason LICENCE_LIMIT and seatFreesAt. The seat frees when returned or after sessionMinutes",
  })
  async accessDigitalResource(@Arg('resourceId', () => ID) resourceId: string, @Ctx() ctx: CollectionsContext): Promise<DigitalAccess> {
    return accessDigitalResource(deps(ctx), ctx.identity, resourceId);
  }

  @Mutation(() => DigitalUse, { nullable: true, description: 'Give a digital resource back now, freeing its seat (the reader, staff of their library, ADMIN)' })
  async returnDigitalResource(@Arg('useId', () => ID) useId: string, @Ctx() ctx: CollectionsContext): Promise<DigitalUse> {
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
    const staff = identity.role === 'ADMIN' || (STAFF_ROLES.includes(identity.role) && (resource.libraryId === null || identity.libraryId === resource.libraryId));
    if (!staff) deny(identity, 'Readers open a resource with accessDigitalResource');
    return resource.accessUrl;
  }
}

/** Uses are reached through Member.digitalUses and the mutations, both guarded. */
@Resolver(() => DigitalUse)
export class DigitalUseResolver {
  @FieldResolver(() => DigitalResource)
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
    return use.endedAt === null && use.expiresAt.getTime() > now().getTime();
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
    requireMemberAccess(ctx.identity, member);
    return ctx.loaders.digitalUsesByMemberId.load({ parentId: member.id, page: normalisePage(args, ctx.config.maxPageSize) });
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
    @Arg('from', () => CalendarDateScalar) from: string,
    @Arg('to', () => CalendarDateScalar) to: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<DigitalUsage> {
    requireLibraryAccess(ctx.identity, library.id, 'FIGURES');
    validatePeriod(from, to);
    const f = await ctx.loaders.digitalUsage(ctx.calendar).load({ libraryId: library.id, from, to });
    const resources = await ctx.loaders.digitalResourceById.loadMany(f.byResource.map((r) => r.resourceId));
    return {
      from,
      to,
      uses: f.uses,
      readers: f.readers,
      turnaways: f.turnaways,
      byKind: f.byKind,
      byResource: f.byResource.map((r, i) => ({ resource: resources[i] as DigitalResource, uses: r.uses })),
    };
  }
}

