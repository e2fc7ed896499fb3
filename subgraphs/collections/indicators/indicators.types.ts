import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { RupiahScalar } from '../acquisitions/acquisition-budget.entity';

@ObjectType({ description: "A library's collection and circulation figures over a period (aggregates only: no member data)" })
export class CollectionIndicators {
  @Field(() => CalendarDateScalar)
  from: string;

  @Field(() => CalendarDateScalar)
  to: string;

  @Field(() => Int, { description: 'Titles held at the end of the period (distinct records with a copy)' })
  titles: number;

  @Field(() => Int, { description: 'Copies held at the end of the period (withdrawn ones left out)' })
  items: number;

  @Field(() => Int, { description: 'Card holders whose card was valid during the period' })
  members: number;

  @Field(() => Int, { description: 'Card holders who borrowed here during the period' })
  activeMembers: number;

  @Field(() => Int, { description: 'Checkouts during the period' })
  loans: number;

  @Field(() => Int, { description: 'Returns during the period' })
  returns: number;

  @Field(() => Int, { description: 'Holds placed for pickup here during the period' })
  holdsPlaced: number;

  @Field(() => Float, { description: 'Checkouts per inhabitant of the city (population from staff-development)' })
  loansPerCapita: number;

  @Field(() => Float, {
    description: 'Share (0–1) of the loans due within the period, up to yesterday, that came back late or are still out; 0 when none fell due',
  })
  overdueRate: number;

  @Field(() => Int, { description: 'Overdue fines charged during the period, rupiah' })
  finesCharged: number;

  @Field(() => Int, { description: 'Fines paid during the period, rupiah' })
  finesPaid: number;

  @Field(() => Float, { description: 'Titles held per inhabitant of the city (population from staff-development)' })
  titlesPerCapita: number;

  @Field(() => Float, { description: 'Share (0–1) of the copies held at the end of the period that were acquired in the five years up to it; 0 when none is held' })
  recentStockShare: number;

  @Field(() => Int, { description: "Digital uses begun by the library's readers (members and staff) during the period" })
  digitalUses: number;

  @Field(() => Int, { description: 'Visitors during the period, each day as last corrected' })
  visits: number;

  @Field(() => Float, { description: 'Visitors per day with a count (the days the library reported), two decimals; 0 when none' })
  visitsPerDay: number;

  @Field(() => RupiahScalar, { description: 'Cost of the acquisition orders received during the period, rupiah' })
  acquisitionSpend: number;

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
