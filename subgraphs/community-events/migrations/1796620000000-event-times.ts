import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event reminders: `event_notice.dedupeKey`, unique, so that the reminder of one registration for
 * one event (or session) is written once however many runs or workers write it. The notices
 * already written keep a null key (a unique index admits any number of nulls on both backends).
 */
export class EventTimes1796620000000 implements MigrationInterface {
  name = 'EventTimes1796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `event_notice` ADD `dedupeKey` varchar(100) NULL');
      await queryRunner.query('CREATE UNIQUE INDEX `UQ_event_notice_dedupe` ON `event_notice` (`dedupeKey`)');
    } else {
      await queryRunner.query('ALTER TABLE "event_notice" ADD "dedupeKey" varchar(100)');
      await queryRunner.query('CREATE UNIQUE INDEX "UQ_event_notice_dedupe" ON "event_notice" ("dedupeKey") ');
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('DROP INDEX `UQ_event_notice_dedupe` ON `event_notice`');
      await queryRunner.query('ALTER TABLE `event_notice` DROP COLUMN `dedupeKey`');
    } else {
      await queryRunner.query('DROP INDEX "UQ_event_notice_dedupe"');
      await queryRunner.query('ALTER TABLE "event_notice" DROP COLUMN "dedupeKey"');
    }
  }
}
