import { Arg, Authorized, Ctx, Directive, Field, ID, InputType, Int, Query, Resolver } from 'type-graphql';
import { persisted } from '../../../shared/platform/database';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { addDays, zonedToUtc } from '../../../shared/platform/time';
import { Loan } from '../circulation/loan.entity';
import type { CollectionsContext } from '../context';
import { Member, MemberType } from '../members/member.entity';

@InputType({ description: "A partner's institution card in one library, over a period (the library's calendar days)" })
export class InstitutionLendingPeriod {
  @Field(() => ID, { description: 'The partner whose INSTITUTION cards to count' })
  partnerId: string;

  @Field(() => ID, { description: 'The lending library (its slug, e.g. `kupang`)' })
  libraryId: string;

  @Field(() => CalendarDateScalar, { description: "First day, in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day, included, in the library's time zone" })
  to: string;
}

/**
 * For partnerships only (internal operation InstitutionCopiesLent, a SERVICE caller; hidden from
 * the gateway's API with @inaccessible): how many copies each library lent to a partner's
 * INSTITUTION cards between two dates of its own calendar — the copies lent by a school lending
 * programme. One statement for every period asked.
 */
@Resolver()
export class InstitutionLendingResolver {
  @Authorized('SERVICE')
  @Directive('@inaccessible')
  @Query(() => [Int], { description: 'Internal (partnerships): copies lent to partners’ institution cards, one count per period, in order' })
  async institutionCopiesLent(
    @Arg('periods', () => [InstitutionLendingPeriod], { description: 'The partner, library and days of each count' }) periods: InstitutionLendingPeriod[],
    @Ctx() { db, calendar }: CollectionsContext,
  ): Promise<number[]> {
    if (!periods.length) return [];
    const bounds = await Promise.all(
      periods.map(async (p) => {
        const { timezone } = await calendar.get(p.libraryId);
        return { ...p, start: zonedToUtc(p.from, '00:00', timezone), end: zonedToUtc(addDays(p.to, 1), '00:00', timezone) };
      }),
    );
    const loan = db.getMetadata(Loan).tableName;
    const member = db.getMetadata(Member).tableName;
    const rows: { k: number | string; n: number | string }[] = await db.query(
      bounds
        .map(
          (_, k) =>
            `SELECT ${k} AS k, (SELECT COUNT(*) FROM ${loan} l JOIN ${member} m ON m.id = l.memberId
               WHERE m.memberType = ? AND m.partnerId = ? AND l.libraryId = ? AND l.checkedOutAt >= ? AND l.checkedOutAt < ?) AS n`,
        )
        .join(' UNION ALL '),
      bounds.flatMap((b) => [MemberType.INSTITUTION, b.partnerId, b.libraryId, persisted(db, Loan, 'checkedOutAt', b.start), persisted(db, Loan, 'checkedOutAt', b.end)]),
    );
    const byKey = new Map(rows.map((r) => [Number(r.k), Number(r.n)]));
    return bounds.map((_, k) => byKey.get(k) ?? 0);
  }
}
