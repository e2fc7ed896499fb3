import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { normalisePage } from '../../../shared/platform/pagination';
import type { CollectionsContext } from '../context';
import { BibliographicRecordConnection } from './catalogue.types';
import { authorisedQuery } from './authority.service';
import { SearchArgs } from './search.inputs';
import { searchCatalogue } from './search.service';

@Resolver()
export class SearchResolver {
  /** Public. Full-text (SQLite FTS5 / MySQL FULLTEXT), most relevant first; see search.service.ts. A variant form of a heading searches its authorised form. */
  @Query(() => BibliographicRecordConnection, {
    description: 'Search the union catalogue by words in title, author and subject, or by ISBN; most relevant first (public)',
  })
  async searchCatalogue(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: CollectionsContext) {
    const page = normalisePage(args, ctx.config.maxPageSize);
    // A variant form of a heading ("see" reference) searches the authorised form.
    return searchCatalogue(ctx.db, await authorisedQuery(ctx.db, args.query), args.filter ?? {}, page, ctx.loaders.recordsByIds);
  }
}
