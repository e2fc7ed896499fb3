import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Librarian } from './librarian.entity';

@ObjectType({ description: 'A page of librarians' })
export class LibrarianConnection extends Connection(Librarian) {}
