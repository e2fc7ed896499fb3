import { IsEmail, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { PartnerKind } from './partner.entity';

@InputType()
export class UpdatePartnerInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(3, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(2, 100)
  city?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(5, 300)
  address?: string;

  @Field({ nullable: true, description: 'The contact person' })
  @IsOptional()
  @Length(3, 150)
  contactName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'contactPhone holds digits, spaces and dashes, optionally after +' })
  contactPhone?: string;
}

@InputType()
export class CreatePartnerInput {
  @Field(() => ID, { description: 'The library that starts working with the partner, e.g. kupang' })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field(() => PartnerKind)
  @IsEnum(PartnerKind)
  kind: PartnerKind;

  @Field()
  @Length(3, 200)
  name: string;

  @Field(() => String, { nullable: true, description: "A school's 8-digit NPSN (schools only)" })
  @IsOptional()
  @Matches(/^[0-9]{8}$/, { message: 'npsn is 8 digits' })
  npsn?: string;

  @Field()
  @Length(2, 100)
  city: string;

  @Field()
  @Length(5, 300)
  address: string;

  @Field({ description: 'The contact person' })
  @Length(3, 150)
  contactName: string;

  @Field()
  @IsEmail()
  contactEmail: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'contactPhone holds digits, spaces and dashes, optionally after +' })
  contactPhone?: string;
}
