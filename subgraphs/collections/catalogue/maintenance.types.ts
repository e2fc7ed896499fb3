import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { LabelKind } from './labels';

registerEnumType(LabelKind, {
  name: 'LabelKind',
  description: 'Which labels to print per copy',
  valuesConfig: {
    SPINE: { description: 'The spine label only: the call number, one part a line' },
    BARCODE: { description: 'The barcode label only: library, call number, title, Code 128 barcode' },
    BOTH: { description: 'A spine label and a barcode label per copy' },
  },
});

@ObjectType({ description: 'A document to download or print, e.g. a label sheet' })
export class LabelDocument {
  @Field({ description: "MIME type, e.g. 'text/html; charset=utf-8'" })
  contentType: string;

  @Field({ description: "Suggested file name, e.g. 'labels-kupang-both-2026-11-23.html'" })
  filename: string;

  @Field({ description: 'The document itself (HTML text)' })
  body: string;
}
