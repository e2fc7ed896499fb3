import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTHOR_SEPARATOR } from '../catalogue/bibliographic-record.entity';

export enum PurchaseSuggestionStatus {
  /** Waiting for the library's decision. */
  OPEN = 'OPEN',
  /** On an order. */
  ORDERED = 'ORDERED',
  /** The order arrived: the copies are in the catalogue. */
  RECEIVED = 'RECEIVED',
  /** Not bought; the decision note says why. */
  REJECTED = 'REJECTED',
}
registerEnumType(PurchaseSuggestionStatus, {
  name: 'PurchaseSuggestionStatus',
  description: 'OPEN, ORDERED, RECEIVED or REJECTED',
  valuesConfig: {
    OPEN: { description: "Waiting for the library's decision" },
    ORDERED: { description: 'On a purchase order not yet received (OPEN again if the order is cancelled)' },
    RECEIVED: { description: 'The order arrived: the copies are in the catalogue' },
    REJECTED: { description: 'Not bought; decisionNote says why' },
  },
});

const listColumn = {
  to: (list: string[] | undefined) => (list === undefined ? undefined : list.join(AUTHOR_SEPARATOR)),
  from: (stored: string | null) => (stored ? stored.split(AUTHOR_SEPARATOR) : []),
};

/**
 * A title a member or a librarian asks the library to buy (Koha "purchase suggestions"). The
 * library's staff order it (an order line answers it) or reject it with a note. Seen by whoever
 * suggested it (a member: their own), the library's staff and ADMIN.
 */
@ObjectType({ description: "A title someone asked the library to buy (the member who asked, the library's staff, ADMIN)" })
@Entity('purchase_suggestion')
@Index('IDX_suggestion_library_created', ['libraryId', 'createdAt'])
@Index('IDX_suggestion_member_created', ['memberId', 'createdAt'])
export class PurchaseSuggestion {
  @Field(() => ID, { description: "The suggestion's id" })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  libraryId: string;

  /** The member who asked; null when staff did. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 100 })
  suggestedBy: string;

  @Field({ description: 'MEMBER, LIBRARIAN, LIBRARY_ADMIN or ADMIN' })
  @Column({ type: 'varchar', length: 20 })
  suggestedByRole: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  suggestedByLibrarianId: string | null;

  @Field({ description: 'The title asked for' })
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => [String], { description: 'Its authors, as given (may be empty)' })
  @Column({ type: 'varchar', length: 1000, default: '', transformer: listColumn })
  authors: string[];

  @Field(() => String, { nullable: true, description: 'ISBN-13, digits only' })
  @Column({ type: 'varchar', length: 13, nullable: true })
  isbn: string | null;

  @Field(() => String, { nullable: true, description: 'Its publisher, as given; null when not given' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  publisher: string | null;

  @Field(() => Int, { nullable: true, description: 'Its year of publication, as given; null when not given' })
  @Column({ type: 'int', nullable: true })
  publishedYear: number | null;

  @Field(() => String, { nullable: true, description: 'Why it is wanted' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** A title already catalogued (more copies wanted), or the record an order line bought it as. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  recordId: string | null;

  @Field(() => PurchaseSuggestionStatus, { description: 'Where the suggestion stands' })
  @Column({ type: 'varchar', length: 20 })
  status: PurchaseSuggestionStatus;

  /** The order that bought it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  orderId: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given when it was rejected' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  decisionNote: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was ordered or rejected' })
  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Field({ description: 'When it was made' })
  @Column({ type: 'datetime' })
  createdAt: Date;
}
