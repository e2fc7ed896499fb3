import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { KeyCount } from '../../../shared/platform/types';

@ObjectType({ description: 'Visits in one month of a period' })
export class VisitMonthTotal {
  @Field({ description: 'YYYY-MM' })
  month: string;

  @Field(() => Int, { description: 'Visitors in the month (each day as last corrected)' })
  visits: number;

  @Field(() => Int, { description: 'Days with a count' })
  daysReported: number;

  @Field(() => Float, { nullable: true, description: 'visits ÷ daysReported; null when no day of the month was reported' })
  visitsPerDay: number | null;
}

@ObjectType({ description: "A library's visits over a period: totals only, no audit detail (the library's staff, GOVERNMENT, ADMIN)" })
export class VisitTotals {
  @Field(() => CalendarDateScalar, { description: "First day of the period, in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day of the period (included), in the library's time zone" })
  to: string;

  @Field(() => Int, { description: 'Visitors over the period (each day as last corrected)' })
  visits: number;

  @Field(() => Int, { description: 'Days with a count: the days the library reported (it was open)' })
  daysReported: number;

  @Field(() => Float, { nullable: true, description: 'visits ÷ daysReported, two decimals; null when no day was reported (a day without a count is unknown, not 0)' })
  visitsPerDay: number | null;

  @Field(() => [KeyCount], { description: 'Visits by how they were counted (GATE_COUNTER, MANUAL)' })
  bySource: KeyCount[];

  @Field(() => [VisitMonthTotal], { description: 'By calendar month, in order; months without a count left out' })
  byMonth: VisitMonthTotal[];
}
