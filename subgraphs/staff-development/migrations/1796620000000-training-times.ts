import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Training times (placeholder until filled). */
export class TrainingTimes1796620000000 implements MigrationInterface {
  name = 'TrainingTimes1796620000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
