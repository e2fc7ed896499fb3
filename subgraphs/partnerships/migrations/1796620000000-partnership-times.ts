import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partnership times (placeholder until filled). */
export class PartnershipTimes1796620000000 implements MigrationInterface {
  name = 'PartnershipTimes1796620000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
