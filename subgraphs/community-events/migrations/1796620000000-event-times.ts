import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Event reminders and times (placeholder until filled). */
export class EventTimes1796620000000 implements MigrationInterface {
  name = 'EventTimes1796620000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
