import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogue maintenance (placeholder until filled). */
export class CatalogueMaintenance1796610000000 implements MigrationInterface {
  name = 'CatalogueMaintenance1796610000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
