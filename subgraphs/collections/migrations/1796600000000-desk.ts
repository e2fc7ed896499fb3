import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The front desk's lists (placeholder until filled). */
export class Desk1796600000000 implements MigrationInterface {
  name = 'Desk1796600000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
