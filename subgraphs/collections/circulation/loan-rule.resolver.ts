import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { CollectionsContext } from '../context';
import { Library } from '../federation/library.stub';
import { LoanRuleInput } from './circulation.inputs';
import { LoanRule } from './loan-rule.entity';
import { deleteLoanRule, setLoanRule } from './loan-rule.service';

@Resolver(() => LoanRule)
export class LoanRuleResolver {
  @FieldResolver(() => Library, { description: 'The library whose terms these are' })
  library(@Root() rule: LoanRule): Library {
    return { id: rule.libraryId };
  }

  /** LIBRARY_ADMIN of the library, ADMIN: loan-rule.service.ts `setLoanRule`. */
  @Authorized()
  @Mutation(() => LoanRule, { nullable: true, description: 'Set loan terms for a library × member type × material type (LIBRARY_ADMIN of the library, ADMIN)' })
  async setLoanRule(
    @Arg('input', () => LoanRuleInput, { description: 'The terms; they replace those of the same library, member type and material type if it has them' }) input: LoanRuleInput,
    @Ctx() ctx: CollectionsContext,
  ): Promise<LoanRule> {
    return setLoanRule({ db: ctx.db, calendars: ctx.calendar }, ctx.identity, input);
  }

  /** A library keeps its default rule (any member type, any material type): CONFLICT. */
  @Authorized()
  @Mutation(() => ID, { nullable: true, description: 'Remove a specific loan rule (LIBRARY_ADMIN of the library, ADMIN); the default rule stays' })
  async deleteLoanRule(@Arg('id', () => ID, { description: "The loan rule's id" }) id: string, @Ctx() ctx: CollectionsContext): Promise<string> {
    return deleteLoanRule({ db: ctx.db }, ctx.identity, id);
  }
}
