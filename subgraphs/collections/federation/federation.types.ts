import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Copies lent to a partner through its institution members: counts only' })
export class InstitutionLoanCounts {
  @Field(() => Int, { description: 'Loans ever made' })
  loans: number;

  @Field(() => Int, { description: 'Copies out now' })
  open: number;

  @Field(() => Int, { description: 'Copies out past their due date' })
  overdue: number;
}
