import type { MigrationInterface, QueryRunner } from 'typeorm';
import { foldName } from '../members/fold-name';

const COLUMNS: [name: string, mysql: string, sqlite: string][] = [
  ['foldedName', "varchar(150) NOT NULL DEFAULT ''", "varchar(150) NOT NULL DEFAULT ('')"],
  ['address', 'varchar(300) NULL', 'varchar(300)'],
  ['birthDate', 'date NULL', 'date'],
  ['guardianName', 'varchar(150) NULL', 'varchar(150)'],
  ['statusReason', 'varchar(200) NULL', 'varchar(200)'],
];

/**
 * Members' registration and desk search: the contact and guardian columns, the folded name the
 * desk's prefix search reads (indexed with the library), back-filled here for the members already
 * there on both backends. Written by hand (ALTER TABLE … ADD on both: SQLite adds nullable or
 * defaulted columns in place) because the folded name is computed in JavaScript.
 */
export class MemberLifecycle1796590000000 implements MigrationInterface {
  name = 'MemberLifecycle1796590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type !== 'better-sqlite3';
    for (const [column, onMysql, onSqlite] of COLUMNS) {
      await queryRunner.query(mysql ? `ALTER TABLE \`member\` ADD \`${column}\` ${onMysql}` : `ALTER TABLE "member" ADD COLUMN "${column}" ${onSqlite}`);
    }
    await queryRunner.query(
      mysql
        ? 'CREATE INDEX `IDX_member_library_folded_name` ON `member` (`libraryId`, `foldedName`)'
        : 'CREATE INDEX "IDX_member_library_folded_name" ON "member" ("libraryId", "foldedName") ',
    );
    const rows: { id: string; name: string }[] = await queryRunner.query('SELECT id, name FROM member');
    for (const row of rows) await queryRunner.query('UPDATE member SET foldedName = ? WHERE id = ?', [foldName(row.name), row.id]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type !== 'better-sqlite3';
    await queryRunner.query(mysql ? 'DROP INDEX `IDX_member_library_folded_name` ON `member`' : 'DROP INDEX "IDX_member_library_folded_name"');
    for (const [column] of [...COLUMNS].reverse()) {
      await queryRunner.query(mysql ? `ALTER TABLE \`member\` DROP COLUMN \`${column}\`` : `ALTER TABLE "member" DROP COLUMN "${column}"`);
    }
  }
}
