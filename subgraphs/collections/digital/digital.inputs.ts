import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DigitalFormat, DigitalLicence, DigitalResourceKind } from './digital-resource.entity';
import { MAX_SESSION_MINUTES } from './digital.service';

const SESSION_MINUTES = { message: `sessionMinutes must be 5 to ${MAX_SESSION_MINUTES}` };

@InputType({ description: 'A digital resource to offer' })
export class AddDigitalResourceInput {
  @Field({ description: 'The title, 1 to 300 characters' })
  @Length(1, 300)
  title: string;

  @Field(() => [String], { defaultValue: [], description: 'Authors or narrators, at most 20' })
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'The publisher, at most 200 characters' })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year of publication, 1450 to 2100' })
  @IsOptional()
  @IsInt()
  @Min(1450)
  @Max(2100)
  publishedYear?: number | null;

  @Field(() => DigitalResourceKind, { description: 'E-book, e-journal, article or audio' })
  @IsEnum(DigitalResourceKind)
  kind: DigitalResourceKind;

  @Field(() => DigitalFormat, { description: 'File format the link opens' })
  @IsEnum(DigitalFormat)
  format: DigitalFormat;

  @Field({ defaultValue: 'ind', description: "ISO 639-2, e.g. 'ind'" })
  @Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-2 code, e.g. ind' })
  language: string;

  @Field({ description: 'https link the reader is sent to (given out by accessDigitalResource only)' })
  @Length(10, 500)
  accessUrl: string;

  @Field(() => DigitalLicence, { description: 'OPEN, or CONCURRENT_USERS with concurrentUsers' })
  @IsEnum(DigitalLicence)
  licence: DigitalLicence;

  @Field(() => Int, { nullable: true, description: 'CONCURRENT_USERS: uses at once, 1 to 10000; leave out for OPEN' })
  @IsOptional()
  concurrentUsers?: number | null;

  @Field(() => Int, { defaultValue: 120, description: `How long a use holds its seat unless returned, 5 to ${MAX_SESSION_MINUTES} minutes` })
  @IsInt(SESSION_MINUTES)
  @Min(5, SESSION_MINUTES)
  @Max(MAX_SESSION_MINUTES, SESSION_MINUTES)
  sessionMinutes: number;

  @Field(() => ID, { nullable: true, description: 'The holding library; leave out for a resource shared by all libraries (ADMIN)' })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The catalogue record of the title, if catalogued' })
  @IsOptional()
  @Length(1, 36)
  recordId?: string | null;
}

@InputType({ description: 'What to change (leave out what stays)' })
export class UpdateDigitalResourceInput {
  @Field(() => String, { nullable: true, description: 'A new https link, 10 to 500 characters' })
  @IsOptional()
  @Length(10, 500)
  accessUrl?: string | null;

  @Field(() => DigitalLicence, { nullable: true, description: 'A new licence; CONCURRENT_USERS then needs concurrentUsers, OPEN leaves it out' })
  @IsOptional()
  @IsEnum(DigitalLicence)
  licence?: DigitalLicence | null;

  @Field(() => Int, { nullable: true, description: 'CONCURRENT_USERS: uses at once, 1 to 10000' })
  @IsOptional()
  concurrentUsers?: number | null;

  @Field(() => Int, { nullable: true, description: `How long a use holds its seat unless returned, 5 to ${MAX_SESSION_MINUTES} minutes; uses holding a seat keep theirs` })
  @IsOptional()
  @IsInt(SESSION_MINUTES)
  @Min(5, SESSION_MINUTES)
  @Max(MAX_SESSION_MINUTES, SESSION_MINUTES)
  sessionMinutes?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true withdraws it (no longer listed nor opened), false offers it again' })
  @IsOptional()
  withdrawn?: boolean | null;
}

@InputType({ description: 'Narrows the list of digital resources; every field is optional' })
export class DigitalResourceFilter {
  @Field(() => ID, { nullable: true, description: "What a library's readers may open: its own resources and the shared ones" })
  @IsOptional()
  @Length(1, 40)
  libraryId?: string | null;

  @Field(() => DigitalResourceKind, { nullable: true, description: 'Only resources of this kind' })
  @IsOptional()
  @IsEnum(DigitalResourceKind)
  kind?: DigitalResourceKind | null;
}
