import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';

@ObjectType({ description: "Training of a library's staff over a period (staff, GOVERNMENT, ADMIN)" })
export class StaffIndicators {
  @Field(() => CalendarDateScalar)
  from: string;

  @Field(() => CalendarDateScalar)
  to: string;

  @Field(() => Int, { description: 'Librarians of the library' })
  librarians: number;

  @Field(() => Int, { description: 'Librarians who completed at least one programme in the period' })
  trainedLibrarians: number;

  @Field(() => Float, { nullable: true, description: 'trainedLibrarians / librarians, percent' })
  trainedPercent: number | null;

  @Field(() => Int, { description: 'Lesson hours (JP) credited for programmes completed in the period' })
  trainingHours: number;

  @Field(() => Float, { nullable: true })
  trainingHoursPerLibrarian: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean rating (1-5) of the trainings completed in the period; null without ratings' })
  averageTrainingRating: number | null;
}
