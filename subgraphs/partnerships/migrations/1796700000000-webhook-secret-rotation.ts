import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Written by hand for both backends: the secret a rotation replaced, and until when it still signs. */
export class WebhookSecretRotation1796700000000 implements MigrationInterface {
  name = 'WebhookSecretRotation1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `partner_webhook` ADD `previousSecret` varchar(200) NULL');
      await queryRunner.query('ALTER TABLE `partner_webhook` ADD `previousSecretExpiresAt` datetime NULL');
    } else {
      await queryRunner.query('ALTER TABLE "partner_webhook" ADD COLUMN "previousSecret" varchar(200)');
      await queryRunner.query('ALTER TABLE "partner_webhook" ADD COLUMN "previousSecretExpiresAt" datetime');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('ALTER TABLE `partner_webhook` DROP COLUMN `previousSecretExpiresAt`');
      await queryRunner.query('ALTER TABLE `partner_webhook` DROP COLUMN `previousSecret`');
    } else {
      // SQLite 3.35+ drops a column that no index or key uses.
      await queryRunner.query('ALTER TABLE "partner_webhook" DROP COLUMN "previousSecretExpiresAt"');
      await queryRunner.query('ALTER TABLE "partner_webhook" DROP COLUMN "previousSecret"');
    }
  }
}
