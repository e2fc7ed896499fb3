import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row locks that hold across Galera nodes: `lockVersion` on events and series, the pools of places
 * a registration locks; every lock now writes the row it locks: two Galera nodes' transactions that lock one row then conflict at commit
 * (shared/platform/row-lock.ts).
 */
export class LockVersions1796670000000 implements MigrationInterface {
  name = 'LockVersions1796670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query("ALTER TABLE `event` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `event_series` ADD `lockVersion` int NOT NULL DEFAULT '0'");
    } else {
      await queryRunner.query('ALTER TABLE "event" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "event_series" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `event_series` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `event` DROP COLUMN `lockVersion`');
    } else {
      await queryRunner.query('ALTER TABLE "event_series" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "event" DROP COLUMN "lockVersion"');
    }
  }
}
