import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row locks that hold across Galera nodes: `lockVersion` on the rows circulation and digital lending
 * lock (members, records, copies, loans, holds, digital resources), which every lock now writes,
 * so that the row it locks: two Galera nodes' transactions that lock one row then conflict at commit
 * (shared/platform/row-lock.ts).
 */
export class LockVersions1796670000000 implements MigrationInterface {
  name = 'LockVersions1796670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query("ALTER TABLE `member` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `bibliographic_record` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `item` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `loan` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `hold` ADD `lockVersion` int NOT NULL DEFAULT '0'");
      await queryRunner.query("ALTER TABLE `digital_resource` ADD `lockVersion` int NOT NULL DEFAULT '0'");
    } else {
      await queryRunner.query('ALTER TABLE "member" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "bibliographic_record" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "item" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "loan" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "hold" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
      await queryRunner.query('ALTER TABLE "digital_resource" ADD "lockVersion" integer NOT NULL DEFAULT (0)');
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `digital_resource` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `hold` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `loan` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `item` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `bibliographic_record` DROP COLUMN `lockVersion`');
      await queryRunner.query('ALTER TABLE `member` DROP COLUMN `lockVersion`');
    } else {
      await queryRunner.query('ALTER TABLE "digital_resource" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "hold" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "loan" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "item" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "bibliographic_record" DROP COLUMN "lockVersion"');
      await queryRunner.query('ALTER TABLE "member" DROP COLUMN "lockVersion"');
    }
  }
}
