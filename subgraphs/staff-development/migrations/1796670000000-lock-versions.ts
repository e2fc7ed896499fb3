import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row locks that hold across Galera nodes: `lockVersion` on training programmes, whose capacity an
 * enrolment checks under the programme's lock; every lock now writes the row it locks: two Galera nodes' transactions that lock one row then conflict at commit
 * (shared/platform/row-lock.ts).
 */
export class LockVersions1796670000000 implements MigrationInterface {
  name = 'LockVersions1796670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query("ALTER TABLE `training_programme` ADD `lockVersion` int NOT NULL DEFAULT '0'");
    } else {
      await queryRunner.query('ALTER TABLE "training_programme" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `training_programme` DROP COLUMN `lockVersion`');
    } else {
      await queryRunner.query('ALTER TABLE "training_programme" DROP COLUMN "lockVersion"');
    }
  }
}
