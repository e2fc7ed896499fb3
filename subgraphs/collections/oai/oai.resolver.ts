import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { provinceFromDirectory } from '../../../shared/domain/library-directory';
import type { CollectionsContext } from '../context';
import { earliestDatestamp, ensureFresh, oaiRecordById, oaiRecordPage } from './oai.service';
import { OaiMetadataFormat, OaiRecord, OaiRecordPage, OaiRecordsArgs, OaiRepositoryInfo } from './oai.types';

/** The libraries the directory lists, among those named (cached by the directory client). */
async function listedAmong(ctx: CollectionsContext, libraries: string[]): Promise<Set<string>> {
  const known = await Promise.all(libraries.map(async (id) => ((await provinceFromDirectory(ctx.config, 'collections', id)) === undefined ? null : id)));
  return new Set(known.filter((id): id is string => id !== null));
}

/**
 * The catalogue for the gateway's OAI-PMH provider (/oai, docs/oai-pmh.md). Public, like the
 * catalogue itself: any caller, token or not, gets the same public view (collections/oai/oai.service.ts
 * says what that is), whatever its role — a token never adds member data or unlisted libraries.
 */
@Resolver()
export class OaiResolver {
  @Query(() => OaiRecordPage, {
    description:
      "Catalogue records in OAI-PMH order (datestamp, then id), tombstones of removed records included, optionally of one set (library) and between two instants, with their metadata in one format. Public (any caller, same answer); for the gateway's /oai",
  })
  async oaiRecords(@Args() args: OaiRecordsArgs, @Ctx() ctx: CollectionsContext): Promise<OaiRecordPage> {
    await ensureFresh(ctx.db, ctx.config);
    const listed = await listedAmong(ctx, await setsInUse(ctx));
    return oaiRecordPage(ctx.db, listed, { ...args, set: args.set ?? null }, ctx.config.oai.pageSize);
  }

  @Query(() => OaiRecord, { nullable: true, description: 'One record (or its tombstone) for OAI-PMH GetRecord; null for an id never in the catalogue. Public' })
  async oaiRecord(
    @Arg('id', () => ID, { description: 'The catalogue record id' }) id: string,
    @Arg('format', () => OaiMetadataFormat, { nullable: true, description: 'The metadata to include; none for the header only' }) format: OaiMetadataFormat | null,
    @Ctx() ctx: CollectionsContext,
  ): Promise<OaiRecord | null> {
    await ensureFresh(ctx.db, ctx.config);
    return oaiRecordById(ctx.db, await listedAmong(ctx, await setsInUse(ctx)), id, format);
  }

  @Query(() => OaiRepositoryInfo, { description: 'What OAI-PMH Identify says of the catalogue. Public' })
  async oaiRepository(@Ctx() ctx: CollectionsContext): Promise<OaiRepositoryInfo> {
    await ensureFresh(ctx.db, ctx.config);
    return { earliestDatestamp: await earliestDatestamp(ctx.db) };
  }
}

/** The library ids that occur as sets: the only ones whose listing matters. */
async function setsInUse(ctx: CollectionsContext): Promise<string[]> {
  const rows = await ctx.db.query<{ setSpec: string }[]>('SELECT DISTINCT setSpec FROM oai_record_set');
  return rows.map((r) => r.setSpec);
}
