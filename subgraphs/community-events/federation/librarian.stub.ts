import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Library } from './library.stub';

/**
 * A librarian, owned by staff-development (name, level, library …). Events point at them as
 * facilitators, and this subgraph adds `facilitatedEvents` and `eventFacilitation`: the stub is
 * an entity it resolves from a representation. The librarian's library (`library`, external) is
 * required from staff-development for eventFacilitation, which only their library's admins may
 * read.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Librarian {
  @Field(() => ID, { description: "The librarian's id" })
  id: string;

  @Field(() => Library, { description: 'Where the librarian works (from staff-development)' })
  @Directive('@external')
  library?: Library;
}
