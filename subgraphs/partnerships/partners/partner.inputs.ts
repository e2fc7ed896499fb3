import { IsEmail, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { PartnerKind } from './partner.entity';

@InputType({ description: "Corrections to a partner's details: only the fields given change" })
export class UpdatePartnerInput {
  @Field({ nullable: true, description: 'The name, 3–200 characters' })
  @IsOptional()
  @Length(3, 200)
  name?: string;

  @Field({ nullable: true, description: 'The city, 2–100 characters' })
  @IsOptional()
  @Length(2, 100)
  city?: string;

  @Field({ nullable: true, description: 'The postal address, 5–300 characters' })
  @IsOptional()
  @Length(5, 300)
  address?: string;

  @Field({ nullable: true, description: 'The contact person' })
  @IsOptional()
  @Length(3, 150)
  contactName?: string;

  @Field({ nullable: true, description: "The contact person's e-mail address" })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @Field(() => String, { nullable: true, description: "The contact person's phone: digits, spaces and dashes, optionally after +" })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'contactPhone holds digits, spaces and dashes, optionally after +' })
  contactPhone?: string;
}

@InputType({ description: 'A new partner, registered by the library that starts working with it' })
export class CreatePartnerInput {
  @Field(() => ID, { description: 'The library that starts working with the partner, e.g. kupang' })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field(() => PartnerKind, { description: 'What kind of institution the partner is' })
  @IsEnum(PartnerKind)
  kind: PartnerKind;

  @Field({ description: "The partner's name, 3–200 characters" })
  @Length(3, 200)
  name: string;

  @Field(() => String, { nullable: true, description: "A school's 8-digit NPSN (schools only)" })
  @IsOptional()
  @Matches(/^[0-9]{8}$/, { message: 'npsn is 8 digits' })
  npsn?: string;

  @Field({ description: 'The city the partner is in, 2–100 characters' })
  @Length(2, 100)
  city: string;

  @Field({ description: "The partner's postal address, 5–300 characters" })
  @Length(5, 300)
  address: string;

  @Field({ description: 'The contact person' })
  @Length(3, 150)
  contactName: string;

  @Field({ description: "The contact person's e-mail address" })
  @IsEmail()
  contactEmail: string;

  @Field(() => String, { nullable: true, description: "The contact person's phone: digits, spaces and dashes, optionally after +" })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'contactPhone holds digits, spaces and dashes, optionally after +' })
  contactPhone?: string;
}
