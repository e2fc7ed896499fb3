import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DataCoverage } from '../../../shared/domain/regional-contribution';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { RupiahScalar } from '../acquisitions/acquisition-budget.entity';

/** Said once for every figure that can be missing. */
const FUTURE = 'null for a period that starts after today';
const CIRCULATION = "null for a period that starts after today or that ends before the library's first recorded loan (coverage)";

@ObjectType({
  description:
    "A library's collection and circulation figures over a period (aggregates only: no member data). A figure is null when nothing was recorded for it in the period " +
    '(not yet happened, before the library’s records begin, no visitor count): a 0 is a real zero',
})
export class CollectionIndicators {
  @Field(() => CalendarDateScalar, { description: "First day of the period, in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day of the period (included), in the library's time zone" })
  to: string;

  @Field(() => DataCoverage, {
    nullable: true,
    description: "From the library's first recorded loan or visitor count to the last closed day (yesterday); null when nothing was recorded before today",
  })
  coverage: DataCoverage | null;

  @Field(() => Int, { nullable: true, description: `Titles held at the end of the period (distinct records with a copy); ${FUTURE}` })
  titles: number | null;

  @Field(() => Int, { nullable: true, description: `Copies held at the end of the period (withdrawn ones left out); ${FUTURE}` })
  items: number | null;

  @Field(() => Int, { nullable: true, description: `Card holders whose card was valid during the period; ${FUTURE}` })
  members: number | null;

  @Field(() => Int, { nullable: true, description: `Card holders who borrowed here during the period; ${CIRCULATION}` })
  activeMembers: number | null;

  @Field(() => Int, { nullable: true, description: `Checkouts during the period; ${CIRCULATION}` })
  loans: number | null;

  @Field(() => Int, { nullable: true, description: `Returns during the period; ${CIRCULATION}` })
  returns: number | null;

  @Field(() => Int, { nullable: true, description: `Holds placed for pickup here during the period; ${CIRCULATION}` })
  holdsPlaced: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Checkouts per inhabitant of the city (population from staff-development); null when loans are null or the population is unknown',
  })
  loansPerCapita: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share (0–1) of the loans due within the period, up to yesterday, that came back late or are still out; null when none fell due or loans are null',
  })
  overdueRate: number | null;

  @Field(() => Int, { nullable: true, description: `Overdue fines charged during the period, rupiah; ${CIRCULATION}` })
  finesCharged: number | null;

  @Field(() => Int, { nullable: true, description: `Fines paid during the period, rupiah; ${CIRCULATION}` })
  finesPaid: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Titles held per inhabitant of the city (population from staff-development); null when titles are null or the population is unknown',
  })
  titlesPerCapita: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share (0–1) of the copies held at the end of the period that were acquired in the five years up to it; null when none is held',
  })
  recentStockShare: number | null;

  @Field(() => Int, { nullable: true, description: `Digital uses begun by the library's readers (members and staff) during the period; ${CIRCULATION}` })
  digitalUses: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Visitors during the period, each day as last corrected; null when no day of the period has a visitor count (the library did not count), a counted 0 is 0',
  })
  visits: number | null;

  @Field(() => Float, { nullable: true, description: 'Visitors per day with a count (the days the library reported), two decimals; null when no day has a count' })
  visitsPerDay: number | null;

  @Field(() => RupiahScalar, { nullable: true, description: `Cost of the acquisition orders received during the period, rupiah; ${FUTURE}` })
  acquisitionSpend: number | null;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description:
      "Freshness: the period's days up to this one (library's zone) come from the daily aggregates as built at aggregatedAt; the days after are counted live. Null: every day was counted live",
  })
  aggregatedThrough: string | null;

  @Field(() => Date, { nullable: true, description: 'When the daily aggregates behind aggregatedThrough were built; null when none were used' })
  aggregatedAt: Date | null;

  @Field(() => Date, { description: 'When these figures were computed: earlier than the request when the regional report cache served them' })
  computedAt: Date;
}
