import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Library } from '../federation/library.stub';
import { AuthorityHeading } from './authority.entity';
import { BibliographicRecord } from './bibliographic-record.entity';
import { Item } from './item.entity';

@ObjectType({ description: 'Copies of a title at one library' })
export class LibraryAvailability {
  @Field(() => Library, { description: 'The library holding the copies' })
  library: Library;

  @Field(() => Int, { description: 'Copies held (withdrawn ones left out)' })
  copies: number;

  @Field(() => Int, { description: 'Copies on the shelf now (AVAILABLE)' })
  available: number;
}

@ObjectType({ description: 'A page of copies' })
export class ItemConnection extends Connection(Item) {}

@ObjectType({ description: 'Search results, most relevant first' })
export class BibliographicRecordConnection extends Connection(BibliographicRecord) {}

@ObjectType({ description: 'Authorised headings, by heading' })
export class AuthorityHeadingConnection extends Connection(AuthorityHeading) {}
