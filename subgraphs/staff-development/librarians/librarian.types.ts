import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { Librarian } from './librarian.entity';

@ObjectType()
export class LibrarianConnection extends Connection(Librarian) {}
