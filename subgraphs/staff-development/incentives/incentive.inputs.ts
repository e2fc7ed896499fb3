import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'An incentive rule to set up (createIncentiveRule)' })
export class CreateIncentiveRuleInput {
  @Field(() => ID, { description: "The library's id (its slug, e.g. `kupang`)" })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: "The rule's name, 3-200 characters" })
  @Length(3, 200)
  name: string;

  @Field(() => Int, { description: 'Lesson hours (JP) of completed training needed in a year, 1-400' })
  @Min(1)
  @Max(400)
  minTrainingHours: number;

  @Field(() => Int, { description: 'Rupiah, 0-100,000,000' })
  @Min(0)
  @Max(100_000_000)
  amount: number;

  @Field(() => String, { nullable: true, description: 'What the incentive is, up to 500 characters' })
  @IsOptional()
  @Length(1, 500)
  description?: string;
}
