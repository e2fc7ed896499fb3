import { IsEnum, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { MaterialType } from './bibliographic-record.entity';
import { IsLanguageCode } from './bibliographic-record.inputs';

@InputType({ description: 'Narrows a catalogue search; every field is optional' })
export class CatalogueFilter {
  @Field(() => ID, { nullable: true, description: 'Titles this library holds (with availableOnly: has on the shelf now)' })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 639-2 code: 'ind', 'eng' …" })
  @IsOptional()
  @IsLanguageCode()
  language?: string | null;

  @Field(() => MaterialType, { nullable: true, description: 'Only titles of this kind of material' })
  @IsOptional()
  @IsEnum(MaterialType)
  materialType?: MaterialType | null;

  @Field(() => Int, { nullable: true, description: 'Published in or after this year' })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(9999)
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Published in or before this year' })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(9999)
  yearTo?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only titles with a copy on the shelf now (at libraryId, if given)' })
  @IsOptional()
  availableOnly?: boolean | null;
}

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field(() => String, { description: 'Words of the title, an author, a subject; or an ISBN-10/13, hyphens allowed' })
  query: string;

  @Field(() => CatalogueFilter, { nullable: true, description: 'Narrows the results; none: the whole union catalogue' })
  filter?: CatalogueFilter | null;
}
