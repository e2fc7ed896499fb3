import { IsEmail, IsEnum, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { GuestAgeGroup } from './registration.entity';

@InputType({ description: 'Who registers, when it is not a member signed in' })
export class GuestInput {
  @Field({ description: '2-150 characters' })
  @Length(2, 150)
  name: string;

  @Field({ description: 'Where notices go; one live registration per e-mail and event' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email: string;

  @Field(() => GuestAgeGroup, { nullable: true, description: 'Optional, for the statistics' })
  @IsOptional()
  @IsEnum(GuestAgeGroup)
  ageGroup?: GuestAgeGroup;
}
