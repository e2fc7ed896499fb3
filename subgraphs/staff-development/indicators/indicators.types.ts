import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DataCoverage } from '../../../shared/domain/regional-contribution';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

/** Said once for every figure that can be missing. */
const UNRECORDED = "null when nothing was recorded: for a period that starts after today or that ends before the library's first completed training (coverage)";

@ObjectType({
  description:
    "Training of a library's staff over a period (staff, GOVERNMENT, ADMIN). A figure is null when nothing was recorded for it in the period " +
    '(not yet happened, before the library’s training records begin): a 0 is a real zero',
})
export class StaffIndicators {
  @Field(() => CalendarDateScalar, { description: 'First day of the period, as asked' })
  from: string;

  @Field(() => CalendarDateScalar, { description: 'Last day of the period (included), as asked' })
  to: string;

  @Field(() => DataCoverage, {
    nullable: true,
    description: "From the day of the first training completed by one of the library's librarians to the last closed day (yesterday); null when none was completed before today",
  })
  coverage: DataCoverage | null;

  @Field(() => Int, { description: 'Librarians of the library (the roll as it is now)' })
  librarians: number;

  @Field(() => Int, { nullable: true, description: `Librarians who completed at least one programme in the period; ${UNRECORDED}` })
  trainedLibrarians: number | null;

  @Field(() => Float, { nullable: true, description: 'trainedLibrarians / librarians, percent; null when either is missing or there are no librarians' })
  trainedPercent: number | null;

  @Field(() => Int, { nullable: true, description: `Lesson hours (JP) credited for programmes completed in the period; ${UNRECORDED}` })
  trainingHours: number | null;

  @Field(() => Float, { nullable: true, description: 'trainingHours / librarians; null when either is missing or there are no librarians' })
  trainingHoursPerLibrarian: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean rating (1-5) of the trainings completed in the period; null without ratings' })
  averageTrainingRating: number | null;
}
