import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';

export enum OaiMetadataFormat {
  OAI_DC = 'OAI_DC',
  MARCXML = 'MARCXML',
}
registerEnumType(OaiMetadataFormat, {
  name: 'OaiMetadataFormat',
  description: 'OAI-PMH metadata formats: unqualified Dublin Core (oai_dc), MARC 21 slim (marcxml)',
  valuesConfig: {
    OAI_DC: { description: 'Unqualified Dublin Core (metadataPrefix oai_dc)' },
    MARCXML: { description: 'MARC 21 slim XML (metadataPrefix marcxml)' },
  },
});

@ObjectType({ description: 'A catalogue record as the OAI-PMH provider disseminates it (public)' })
export class OaiRecord {
  @Field(() => ID, { description: 'The catalogue record id (the OAI identifier is oai:<repository>:<id>)' })
  id: string;

  @Field(() => Date, { description: 'When the record (or its deletion) was last seen to change, UTC, whole seconds' })
  datestamp: Date;

  @Field({ description: 'True for a record gone from the catalogue (merged into another, removed) or withdrawn from every library: a tombstone, kept for good' })
  deleted: boolean;

  @Field(() => [ID], { description: 'The listed libraries whose sets the record is in: they hold a copy of it or imported it' })
  sets: string[];

  @Field(() => String, { nullable: true, description: 'The metadata element in the format asked for (XML); null on a tombstone or without a format' })
  metadata: string | null;
}

@ObjectType({ description: 'One page of an OAI-PMH list, in (datestamp, id) order' })
export class OaiRecordPage {
  @Field(() => [OaiRecord], { description: 'The records of this page, tombstones included' })
  records: OaiRecord[];

  @Field(() => Int, { nullable: true, description: 'How many records the whole list holds (when asked with count: true)' })
  completeListSize: number | null;

  @Field(() => String, { nullable: true, description: 'Where the next page starts (pass as after); null on the last page' })
  nextAfter: string | null;
}

@ObjectType({ description: 'What OAI-PMH Identify says about the catalogue' })
export class OaiRepositoryInfo {
  @Field(() => Date, { nullable: true, description: 'The datestamp of the oldest record; null for an empty catalogue' })
  earliestDatestamp: Date | null;
}

@ArgsType()
export class OaiRecordsArgs {
  @Field(() => ID, { nullable: true, description: 'A set: a library id' })
  @IsOptional()
  @Length(1, 50)
  set?: string | null;

  @Field(() => Date, { nullable: true, description: 'Records with a datestamp at or after this instant' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Records with a datestamp at or before this instant' })
  until?: Date | null;

  @Field(() => String, { nullable: true, description: 'A nextAfter of the previous page' })
  @IsOptional()
  @Length(1, 120)
  after?: string | null;

  @Field(() => Int, { description: 'Records per page, at most OAI_PAGE_SIZE' })
  @Min(1)
  @Max(1000)
  first: number;

  @Field(() => OaiMetadataFormat, { nullable: true, description: 'The metadata to include; none for headers only (ListIdentifiers)' })
  format?: OaiMetadataFormat | null;

  @Field({ defaultValue: false, description: 'Also count the whole list (completeListSize): the first page of a harvest' })
  count: boolean;
}
