import { randomUUID } from 'node:crypto';
import { IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { deny } from '../../../shared/auth';
import { transaction } from '../../../shared/database';
import { NotFoundError } from '../../../shared/errors';
import { CalendarDateScalar } from '../../../shared/scalars';
import { requireLibraryAccess, requireLibraryAdmin, requireWorksWith, visibleLibraries } from '../access';
import type { PartnershipsContext } from '../context';
import { FundingContribution, FundingSource, RupiahScalar } from '../entities/funding-contribution.entity';
import { LibraryPartner } from '../entities/library-partner.entity';
import { Library } from '../entities/library.entity';
import { Partner } from '../entities/partner.entity';
import { now } from '../../../shared/clock';
import { wholeSeconds } from '../../../shared/time';

@InputType()
export class RecordFundingContributionInput {
  @Field(() => ID, { description: 'The library slug, e.g. kupang' })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field(() => ID, { description: 'The funder' })
  @IsUUID()
  partnerId: string;

  @Field(() => FundingSource)
  source: FundingSource;

  @Field({ description: 'The funding programme, e.g. "DAK Fisik Bidang Perpustakaan 2026"' })
  @Length(3, 200)
  programme: string;

  @Field({ description: 'What the money is for' })
  @Length(5, 5000)
  purpose: string;

  @Field(() => RupiahScalar, { description: 'Whole rupiah, at least 1' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @Field(() => CalendarDateScalar)
  receivedOn: string;
}

export enum FundingDimension {
  LIBRARY = 'LIBRARY',
  PARTNER = 'PARTNER',
  YEAR = 'YEAR',
  SOURCE = 'SOURCE',
}
registerEnumType(FundingDimension, { name: 'FundingDimension', description: 'What funding totals are grouped by' });

const DIMENSION_COLUMN: Record<FundingDimension, 'libraryId' | 'partnerId' | 'year' | 'source'> = {
  LIBRARY: 'libraryId',
  PARTNER: 'partnerId',
  YEAR: 'year',
  SOURCE: 'source',
};

@ObjectType({ description: 'Funding summed over one group; the dimensions not grouped by are null' })
export class FundingTotal {
  libraryId: string | null;
  partnerId: string | null;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field(() => FundingSource, { nullable: true })
  source: FundingSource | null;

  @Field(() => RupiahScalar, { description: 'Whole rupiah' })
  amount: number;

  @Field(() => Int)
  contributions: number;
}

@InputType()
export class FundingTotalsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  libraryId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  partnerId?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1900)
  @Max(2200)
  year?: number;

  @Field(() => FundingSource, { nullable: true })
  @IsOptional()
  source?: FundingSource;
}

@Resolver(() => FundingContribution)
export class FundingResolver {
  @FieldResolver(() => Library)
  library(@Root() f: FundingContribution): Library {
    return { id: f.libraryId };
  }

  @FieldResolver(() => Partner, { description: 'The funder' })
  async partner(@Root() f: FundingContribution, @Ctx() { loaders }: PartnershipsContext): Promise<Partner> {
    return (await loaders.partnerById.load(f.partnerId))!;
  }

  /**
   * The library's LIBRARY_ADMIN, ADMIN, from a partner the library already works with (FORBIDDEN
   * otherwise; BAD_USER_INPUT on partnerId for ADMIN). Recording money never makes a partner one
   * of the library's partners: that link comes only from an act both sides own (access.ts).
   */
  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => FundingContribution, {
    nullable: true,
    description: "Record money received from a government programme or a private stakeholder the library works with (the library's admins, ADMIN)",
  })
  async recordFundingContribution(
    @Arg('input', () => RecordFundingContributionInput) input: RecordFundingContributionInput,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<FundingContribution> {
    requireLibraryAdmin(identity, input.libraryId);
    return transaction(db, async (tx) => {
      if (!(await tx.getRepository(Partner).existsBy({ id: input.partnerId }))) throw new NotFoundError('Partner', input.partnerId);
      const linked = await tx.getRepository(LibraryPartner).existsBy({ libraryId: input.libraryId, partnerId: input.partnerId });
      requireWorksWith(identity, input.libraryId, input.partnerId, linked);
      const contribution = tx.getRepository(FundingContribution).create({
        ...input,
        id: randomUUID(),
        year: Number(input.receivedOn.slice(0, 4)),
        createdAt: wholeSeconds(now()),
      });
      await tx.getRepository(FundingContribution).insert(contribution);
      return contribution;
    });
  }

  /**
   * GOVERNMENT and ADMIN: any totals (a province-scoped GOVERNMENT token: its province's libraries
   * only). A LIBRARY_ADMIN: their own library's (filter.libraryId
   * required and their own). A PARTNER: its own contributions (filter.partnerId its own).
   */
  @Authorized('LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN')
  @Query(() => [FundingTotal], {
    nullable: true,
    description:
      "Funding totals grouped by library, partner, year and/or source (GOVERNMENT — a province-scoped token: its province's libraries —, ADMIN; a library's admins for filter.libraryId = their library; a partner for filter.partnerId = itself)",
  })
  async fundingTotals(
    @Arg('groupBy', () => [FundingDimension]) groupBy: FundingDimension[],
    @Arg('filter', () => FundingTotalsFilter, { nullable: true, defaultValue: {} }) filter: FundingTotalsFilter,
    @Ctx() { identity, db }: PartnershipsContext,
  ): Promise<FundingTotal[]> {
    if (identity.role === 'LIBRARY_ADMIN' && filter.libraryId !== identity.libraryId) {
      deny(identity, "A library's admins see their own library's totals: set filter.libraryId to it");
    }
    if (identity.role === 'PARTNER' && filter.partnerId !== identity.partnerId) {
      deny(identity, 'A partner sees its own contributions: set filter.partnerId to it');
    }
    // Totals are aggregates: the libraries are those of access.ts (a librarian is refused above by @Authorized).
    let visibleLibs: readonly string[] | undefined;
    if (identity.role !== 'PARTNER') {
      if (filter.libraryId) requireLibraryAccess(identity, filter.libraryId, 'FUNDING');
      const visible = visibleLibraries(identity, 'FUNDING');
      if (visible !== 'ALL') {
        if (!visible.length) deny(identity, 'This token covers another province');
        visibleLibs = visible;
      }
    }
    const dimensions = [...new Set(groupBy)].map((d) => DIMENSION_COLUMN[d]);
    const qb = db.getRepository(FundingContribution).createQueryBuilder('f').select('SUM(f.amount)', 'amount').addSelect('COUNT(*)', 'contributions');
    for (const column of dimensions) qb.addSelect(`f.${column}`, column).addGroupBy(`f.${column}`).addOrderBy(`f.${column}`, 'ASC');
    for (const [column, value] of Object.entries(filter)) {
      if (value !== undefined && value !== null) qb.andWhere(`f.${column} = :${column}`, { [column]: value });
    }
    if (visibleLibs) qb.andWhere('f.libraryId IN (:...visibleLibs)', { visibleLibs: [...visibleLibs] });
    const rows: Record<string, string | number | null>[] = await qb.getRawMany();
    return rows
      .filter((r) => Number(r.contributions) > 0)
      .map((r) => ({
        libraryId: dimensions.includes('libraryId') ? String(r.libraryId) : null,
        partnerId: dimensions.includes('partnerId') ? String(r.partnerId) : null,
        year: dimensions.includes('year') ? Number(r.year) : null,
        source: dimensions.includes('source') ? (r.source as FundingSource) : null,
        amount: Number(r.amount ?? 0),
        contributions: Number(r.contributions),
      }));
  }
}

@Resolver(() => FundingTotal)
export class FundingTotalResolver {
  @FieldResolver(() => Library, { nullable: true })
  library(@Root() t: FundingTotal): Library | null {
    return t.libraryId ? { id: t.libraryId } : null;
  }

  @FieldResolver(() => Partner, { nullable: true })
  async partner(@Root() t: FundingTotal, @Ctx() { loaders }: PartnershipsContext): Promise<Partner | null> {
    return t.partnerId ? loaders.partnerById.load(t.partnerId) : null;
  }
}
