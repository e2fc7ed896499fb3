import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { CollectionsContext } from '../context';
import { MarcImportSummary } from './marc.types';
import { importRemoteRecord, searchRemoteCatalogue } from './sru.service';
import { RemoteCatalogueSearchArgs, RemoteCatalogueSearchResult } from './sru.types';

/** Copy cataloguing over SRU: search a configured remote catalogue, import one of its records. */
@Resolver()
export class SruResolver {
  @Query(() => RemoteCatalogueSearchResult, {
    nullable: true,
    description:
      'Searches a remote catalogue configured in SRU_TARGETS (SRU searchRetrieve, MARCXML records) for copy cataloguing: by ISBN, title words, or CQL (see query). A remote catalogue that fails, is too slow or answers no SRU is SERVICE_UNAVAILABLE (with target and reason); an unknown target, or a query the remote catalogue refuses, BAD_USER_INPUT. The library’s LIBRARIAN or LIBRARY_ADMIN, ADMIN',
  })
  async remoteCatalogueSearch(@Args() args: RemoteCatalogueSearchArgs, @Ctx() ctx: CollectionsContext): Promise<RemoteCatalogueSearchResult> {
    return searchRemoteCatalogue({ settings: ctx.config.sru, log: ctx.log }, ctx.identity, {
      libraryId: args.libraryId,
      target: args.target,
      query: args.query,
      first: args.first ?? 10,
    });
  }

  @Mutation(() => MarcImportSummary, {
    nullable: true,
    description:
      'Imports a record found by remoteCatalogueSearch into the catalogue: fetched again from the remote catalogue (CONFLICT, REMOTE_RECORD_CHANGED, when it changed since), without the remote library’s holdings and local 9XX fields, then imported as importMarcRecords does (matched by ISBN, control number, or title, author and year; a re-import is UNCHANGED and adds nothing). Nothing is written when the remote catalogue fails. The library’s LIBRARIAN or LIBRARY_ADMIN, ADMIN',
  })
  async importRemoteRecord(
    @Arg('libraryId', () => ID, { description: 'The library importing (the cataloguer works for)' }) libraryId: string,
    @Arg('target', () => String, { description: 'The remote catalogue the record was found in' }) target: string,
    @Arg('recordId', () => ID, { description: 'The id remoteCatalogueSearch gave the record' }) recordId: string,
    @Ctx() ctx: CollectionsContext,
  ): Promise<MarcImportSummary> {
    return importRemoteRecord({ settings: ctx.config.sru, db: ctx.db, calendars: ctx.calendar, log: ctx.log }, ctx.identity, { libraryId, target, recordId });
  }
}
