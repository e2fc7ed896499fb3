import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class CreateIncentiveRuleInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field()
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  description?: string;
}
