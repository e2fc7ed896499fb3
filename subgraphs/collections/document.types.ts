import { Field, Int, ObjectType } from 'type-graphql';

/** What the desk and the catalogue hand out to save or print: the overdue list, a label sheet. */
@ObjectType({ description: 'A file to save or a page to print: a list for the desk, a sheet of labels' })
export class CollectionsDocument {
  @Field({ description: "The media type, e.g. 'text/csv; charset=utf-8' or 'text/html; charset=utf-8'" })
  contentType: string;

  @Field({ description: "A name to save it under, e.g. 'overdue-kupang-2026-11-23.csv'" })
  filename: string;

  @Field({ description: 'The document itself' })
  body: string;

  @Field(() => Int, { description: 'How many entries it holds: loans in a list, labels on a sheet' })
  rows: number;
}
