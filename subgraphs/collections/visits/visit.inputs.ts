import { IsEnum, IsInt, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { VisitSource } from './visit-count.entity';
import { MAX_DAILY_VISITS } from './visit.service';

const COUNT = { message: `count must be a whole number from 0 to ${MAX_DAILY_VISITS}` };

@InputType({ description: "A day's visitor count" })
export class RecordVisitsInput {
  @Field(() => ID, { description: 'The library visited' })
  @Length(1, 40)
  libraryId: string;

  @Field(() => CalendarDateScalar, { description: "The day, in the library's time zone: today or earlier" })
  date: string;

  @Field(() => Int, { description: `Visitors, 0 to ${MAX_DAILY_VISITS}` })
  @IsInt(COUNT)
  @Min(0, COUNT)
  @Max(MAX_DAILY_VISITS, COUNT)
  count: number;

  @Field(() => VisitSource, { description: 'How the visitors were counted' })
  @IsEnum(VisitSource)
  source: VisitSource;
}

@InputType({ description: "A correction of a day's visitor count" })
export class CorrectVisitsInput {
  @Field(() => ID, { description: 'The library visited' })
  @Length(1, 40)
  libraryId: string;

  @Field(() => CalendarDateScalar, { description: "The day whose count is corrected, in the library's time zone" })
  date: string;

  @Field(() => Int, { description: `The right count, 0 to ${MAX_DAILY_VISITS}` })
  @IsInt(COUNT)
  @Min(0, COUNT)
  @Max(MAX_DAILY_VISITS, COUNT)
  count: number;

  @Field({ description: 'Why, 3 to 300 characters (kept with the correction)' })
  @TrimmedLength(3, 300, { message: 'reason must be 3 to 300 characters' })
  reason: string;
}
