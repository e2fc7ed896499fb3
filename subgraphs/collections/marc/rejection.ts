import { registerEnumType } from 'type-graphql';

/** Why a MARC record was not imported. */
export enum MarcRejectionReason {
  /** Not a readable MARC record (damaged leader or directory, unclosed XML, not UTF-8). */
  UNPARSABLE = 'UNPARSABLE',
  /** No title (245 $a): the one field without which a record means nothing. */
  MISSING_TITLE = 'MISSING_TITLE',
  /** 020 $a is not a valid ISBN-10 or ISBN-13. */
  INVALID_ISBN = 'INVALID_ISBN',
  /** No publication year in 264/260 $c or 008/07-10, or one outside 1450 to next year. */
  INVALID_YEAR = 'INVALID_YEAR',
  /** No Dewey class in 082 $a nor at the start of a call number. */
  MISSING_CLASS = 'MISSING_CLASS',
  /** A value longer than the catalogue keeps (title 300, author 150, subject 100 …), or too many authors or subjects. */
  FIELD_TOO_LONG = 'FIELD_TOO_LONG',
  /** A holdings barcode that is not 1 to 30 letters, digits and hyphens. */
  INVALID_BARCODE = 'INVALID_BARCODE',
  /** A holdings barcode already printed on another copy (another title or library), or twice in the record. */
  DUPLICATE_BARCODE = 'DUPLICATE_BARCODE',
  /** A holdings date or price that cannot be read (952 $d, $g). */
  INVALID_HOLDING = 'INVALID_HOLDING',
  /** The record could not be saved (logged); nothing of it was written. */
  NOT_SAVED = 'NOT_SAVED',
}
const NO_LONGER = 'No longer a reason to refuse a record: it is imported with the field null (to be completed)';
registerEnumType(MarcRejectionReason, {
  name: 'MarcRejectionReason',
  description: 'Why a MARC record was not imported',
  valuesConfig: {
    UNPARSABLE: { description: 'Not a readable MARC record: damaged leader or directory, unclosed XML, or not UTF-8' },
    MISSING_TITLE: { description: 'No title (245 $a)' },
    INVALID_ISBN: { description: '020 $a is not a valid ISBN-10 or ISBN-13', deprecationReason: NO_LONGER },
    INVALID_YEAR: { description: 'No publication year, or one outside 1450 to next year', deprecationReason: NO_LONGER },
    MISSING_CLASS: { description: 'No Dewey class in 082 $a nor at the start of a call number', deprecationReason: NO_LONGER },
    FIELD_TOO_LONG: { description: 'A value longer than the catalogue keeps (title 300, author 150, subject 100 characters …), or too many authors or subjects' },
    INVALID_BARCODE: { description: 'A holdings barcode that is not 1 to 30 letters, digits and hyphens' },
    DUPLICATE_BARCODE: { description: 'A holdings barcode already on another copy (of another title or library), or twice in the record' },
    INVALID_HOLDING: { description: 'A holdings date or price that cannot be read, or an acquisition date after today' },
    NOT_SAVED: { description: 'The record could not be saved (the error is logged); nothing of it was written' },
  },
});

/** A record that is reported and skipped; thrown inside its transaction, so nothing of it is written. */
export class MarcRejection extends Error {
  constructor(
    readonly reason: MarcRejectionReason,
    message: string,
  ) {
    super(message);
  }
}
