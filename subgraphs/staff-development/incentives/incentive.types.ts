import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Whether a librarian qualifies for an incentive rule in a year' })
export class IncentiveEligibility {
  librarianId: string;
  ruleId: string;

  @Field(() => Int, { description: 'Lesson hours (JP) of training completed in the year' })
  trainingHours: number;

  @Field({ description: "True when the year's training hours reach the rule's minTrainingHours" })
  eligible: boolean;

  @Field({ description: 'Already awarded for this year' })
  awarded: boolean;
}
