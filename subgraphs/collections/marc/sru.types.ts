import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';

/** Records one search shows at most. */
export const MAX_REMOTE_RECORDS = 20;

@ArgsType()
export class RemoteCatalogueSearchArgs {
  @Field(() => ID, { description: 'The library the cataloguer works for' })
  libraryId: string;

  @Field(() => String, { description: 'The remote catalogue, by its name in SRU_TARGETS' })
  @Length(1, 40)
  target: string;

  @Field(() => String, {
    description:
      'An ISBN (10 or 13 digits, hyphens allowed), or words of the title; or "isbn:", "title:", "author:", "any:" followed by the words; or "cql:" followed by a CQL query sent as it is. Words are quoted and escaped: nothing typed is read as CQL except after "cql:"',
  })
  @Length(1, 500)
  query: string;

  @Field(() => Int, { nullable: true, description: `Records to show, from the first match (default 10, at most ${MAX_REMOTE_RECORDS})` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REMOTE_RECORDS)
  first?: number | null;
}

@ObjectType({ description: 'A record found in a remote catalogue, as it would be imported: without the remote library’s holdings (852, 952) and local fields (9XX)' })
export class RemoteCatalogueRecord {
  @Field(() => ID, { description: 'Names this record for importRemoteRecord (opaque; it re-fetches the record from the remote catalogue)' })
  id: string;

  @Field(() => Int, { description: 'Its position in the remote result set, from 1' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its control number (001) in the remote catalogue' })
  controlNumber: string | null;

  @Field(() => String, { nullable: true, description: 'Title (245 $a); null when the record has none (then it cannot be imported)' })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'Subtitle (245 $b); null when absent' })
  subtitle: string | null;

  @Field(() => [String], { description: 'Authors in order (100/110/111, 700/710), in direct order' })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'ISBN-13' })
  isbn: string | null;

  @Field(() => String, { nullable: true, description: 'Publisher (264/260 $b); null when absent or not known ([s.n.])' })
  publisher: string | null;

  @Field(() => Int, { nullable: true, description: 'Year of publication (264/260 $c, else 008); null when absent or outside 1450 to next year' })
  publishedYear: number | null;

  @Field(() => String, { nullable: true, description: 'Why importing it would be refused (no title, a value longer than the catalogue keeps …); null when it can be imported' })
  problem: string | null;

  @Field(() => String, { description: 'The record as MARCXML' })
  marcxml: string;
}

@ObjectType({ description: 'What a remote catalogue answered to a search' })
export class RemoteCatalogueSearchResult {
  @Field(() => String, { description: 'The remote catalogue searched' })
  target: string;

  @Field(() => String, { description: 'The CQL query sent' })
  cql: string;

  @Field(() => Int, { description: 'Records matching in the remote catalogue (more than shown, possibly)' })
  totalCount: number;

  @Field(() => [RemoteCatalogueRecord], { description: 'The first matches, in the remote catalogue’s order' })
  records: RemoteCatalogueRecord[];
}
