import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Library } from './library.stub';

/**
 * A library card holder, owned by collections (personal data stays there). This subgraph adds
 * `eventRegistrations`, resolved from a representation; the member's home library (`library`,
 * external) is required from collections so that the staff of that library, and only they, may
 * read the list. Collections checks the caller before it answers `library` too.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID, { description: "The member's id" })
  id: string;

  @Field(() => Library, { description: 'Home library (from collections)' })
  @Directive('@external')
  library?: Library;
}
