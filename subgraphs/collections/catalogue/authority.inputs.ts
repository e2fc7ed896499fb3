import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { NotBlank } from '../../../shared/platform/validation';
import { AuthorityKind } from './authority.entity';

@InputType({ description: 'A new authorised heading, with its variant forms' })
export class AddAuthorityHeadingInput {
  @Field(() => AuthorityKind, { description: 'Person, body or subject' })
  @IsEnum(AuthorityKind)
  kind: AuthorityKind;

  @Field({ description: "The authorised form, e.g. 'Toer, Pramoedya Ananta' (1 to 150 characters, no ';')" })
  @Length(1, 150)
  @NotBlank({ message: 'heading must not be blank' })
  @Matches(/^[^;]+$/, { message: 'heading may not contain ";"' })
  heading: string;

  @Field(() => [String], { nullable: true, description: 'Variant forms that refer to it ("see" references), at most 20, e.g. [\'Pramoedya Ananta Toer\']' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, 150, { each: true })
  @NotBlank({ each: true, message: 'A variant form must not be blank' })
  seeFrom?: string[] | null;
}
