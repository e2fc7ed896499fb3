import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The front desk's lists need no schema change: the indexes they read exist already — loan
 * (libraryId, dueOn) and (libraryId, checkedOutAt) for current loans and the rankings, hold
 * (recordId, status, position) and (pickupLibraryId, status, placedAt) for the pull list and the
 * hold shelf, item (recordId, libraryId, status) for the copies on a shelf, member's unique card
 * number for checkout by card. Kept (registered, empty) so that the migration chain stays as listed.
 */
export class Desk1796600000000 implements MigrationInterface {
  name = 'Desk1796600000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
