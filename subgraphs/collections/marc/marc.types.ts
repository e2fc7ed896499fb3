import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { MarcImportOutcome } from './import';
import { MarcFormat } from './records';
import { MarcRejectionReason } from './rejection';

registerEnumType(MarcFormat, {
  name: 'MarcFormat',
  description: 'MARC 21 serialisation: ISO2709 (binary .mrc, sent base64-encoded) or MARCXML (sent as text)',
  valuesConfig: {
    ISO2709: { description: 'Binary MARC 21 (ISO 2709, .mrc), UTF-8, carried base64-encoded' },
    MARCXML: { description: 'MARCXML, carried as text' },
  },
});
registerEnumType(MarcImportOutcome, {
  name: 'MarcImportOutcome',
  description:
    'CREATED: a new catalogue record; MERGED: matched (same ISBN, else 001/003 control number, else title, first author and year) and changed or added to; UNCHANGED: matched and imported before with the same content, nothing written',
  valuesConfig: {
    CREATED: { description: 'No catalogue record matched: a new one was created' },
    MERGED: { description: 'Matched a catalogue record (ISBN, else control number, else title, first author and year) and was merged into it' },
    UNCHANGED: { description: 'Matched a catalogue record it had been imported into before with the same content: nothing written' },
  },
});

@ObjectType({ description: 'A MARC record that was imported' })
export class MarcImportedRecord {
  @Field(() => Int, { description: 'Position in the file, from 1' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its control number (001) in the file' })
  controlNumber: string | null;

  @Field(() => MarcImportOutcome, { description: 'Whether it created a record, was merged into one or changed nothing' })
  outcome: MarcImportOutcome;

  @Field(() => BibliographicRecord, { description: 'The catalogue record it created, was merged into or matched' })
  record: BibliographicRecord;

  @Field(() => Int, { description: 'Copies created from its holdings (952/852) for the importing library' })
  copiesCreated: number;
}

@ObjectType({ description: 'A MARC record that was reported and skipped: nothing of it was written' })
export class MarcRejectedRecord {
  @Field(() => Int, { description: 'Position in the file, from 1' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Its control number (001), when it could be read' })
  controlNumber: string | null;

  @Field(() => MarcRejectionReason, { description: 'Why it was skipped' })
  reason: MarcRejectionReason;

  @Field({ description: 'What is wrong, in English' })
  message: string;
}

@ObjectType({ description: 'What a MARC import did' })
export class MarcImportSummary {
  @Field(() => Int, { description: 'Records in the file' })
  total: number;

  @Field(() => Int, { description: 'New catalogue records' })
  created: number;

  @Field(() => Int, { description: 'Records matched to a catalogue record (ISBN, control number, or title, author and year) whose content was new: merged into it' })
  merged: number;

  @Field(() => Int, { description: 'Records matched to a catalogue record and imported before with the same content: nothing written' })
  unchanged: number;

  @Field(() => Int, { description: 'Copies created for the importing library' })
  copiesCreated: number;

  @Field(() => [MarcImportedRecord], { description: 'The records imported, in file order' })
  records: MarcImportedRecord[];

  @Field(() => [MarcRejectedRecord], { description: 'The records skipped, in file order, with the reason' })
  rejected: MarcRejectedRecord[];
}
