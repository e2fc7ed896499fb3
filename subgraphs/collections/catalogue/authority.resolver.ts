import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, normalisePage, paginate } from '../../../shared/platform/pagination';
import type { CollectionsContext } from '../context';
import { AuthorityHeading, AuthorityKind, listOf } from './authority.entity';
import { AddAuthorityHeadingInput } from './authority.inputs';
import { addAuthorityHeading, addSeeReference, authorisedForms, headingsQuery } from './authority.service';
import { AuthorityHeadingConnection } from './catalogue.types';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';

@Resolver(() => AuthorityHeading)
export class AuthorityResolver {
  /** Public, like the catalogue. */
  @Query(() => AuthorityHeadingConnection, { description: 'Authorised headings, by heading; narrowed by kind and by the start of the heading or of a variant form (public)' })
  async authorityHeadings(
    @Args() args: ConnectionArgs,
    @Ctx() ctx: CollectionsContext,
    @Arg('kind', () => AuthorityKind, { nullable: true, description: 'Only headings of this kind' }) kind?: AuthorityKind | null,
    @Arg('startsWith', () => String, { nullable: true, description: 'The heading or one of its variants starts with this (case and accents ignored)' }) startsWith?: string | null,
  ) {
    const spec = { repo: ctx.db.getRepository(AuthorityHeading), alias: 'h', sort: 'heading' as const };
    return paginate(headingsQuery(ctx.db, kind, startsWith), spec, normalisePage(args, ctx.config.maxPageSize));
  }

  /** Public. */
  @Query(() => String, {
    description: 'The authorised form of a name or subject: a variant ("see" reference) gives its heading; a form not in the authority file is answered as given (public)',
  })
  async authorisedForm(
    @Arg('kind', () => AuthorityKind, { description: 'PERSONAL_NAME and CORPORATE_NAME look among names, SUBJECT among subjects' }) kind: AuthorityKind,
    @Arg('form', () => String, { description: 'The form as a cataloguer or a reader wrote it' }) form: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<string> {
    const [authorised] = await authorisedForms(ctx.db, listOf(kind), [form.trim().replace(/\s+/g, ' ')]);
    return authorised;
  }

  @FieldResolver(() => [String], { description: 'Variant forms that refer to this heading ("see" references), alphabetically' })
  async seeFrom(@Root() heading: AuthorityHeading, @Ctx() { loaders }: CollectionsContext): Promise<string[]> {
    return (await loaders.seeReferencesByHeadingId.load(heading.id)).map((r) => r.variant);
  }

  /** The authority file is shared like the records: any library's cataloguers. */
  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => AuthorityHeading, { nullable: true, description: 'Add an authorised heading with its variant forms (LIBRARIAN, LIBRARY_ADMIN of any library, ADMIN)' })
  async addAuthorityHeading(
    @Arg('input', () => AddAuthorityHeadingInput, { description: 'The heading and its variant forms' }) input: AddAuthorityHeadingInput,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AuthorityHeading> {
    return addAuthorityHeading(ctx.db, ctx.identity, input, idempotencyKey);
  }

  @Authorized('LIBRARIAN', 'LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => AuthorityHeading, { nullable: true, description: 'Add a variant form ("see" reference) to a heading (LIBRARIAN, LIBRARY_ADMIN of any library, ADMIN)' })
  async addSeeReference(
    @Arg('headingId', () => ID, { description: 'The authorised heading' }) headingId: string,
    @Arg('variant', () => String, { description: 'The variant form, 1 to 150 characters' }) variant: string,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: CollectionsContext,
  ): Promise<AuthorityHeading> {
    return addSeeReference(ctx.db, ctx.identity, headingId, variant, idempotencyKey);
  }
}
