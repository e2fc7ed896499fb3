import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the full-text search structures no entity can describe.
 *
 * - MySQL/MariaDB: InnoDB FULLTEXT indexes. MATCH … AGAINST needs an index on exactly the matched
 *   columns, so there is one over all four searched fields (the filter) and one per field (the
 *   weighted relevance). The entity names them with `synchronize: false`.
 * - SQLite: an FTS5 table with a copy of the searched text, kept in sync by triggers on
 *   bibliographic_record (backfilled here). It is not an entity, so the schema check ignores it.
 *   A later migration that rebuilds bibliographic_record on SQLite (TypeORM copies the table to
 *   change a column) drops these triggers and must create them again: test/collections-search
 *   checks that they are there.
 */
export const SQLITE_FTS_TRIGGERS = ['record_fts_insert', 'record_fts_update', 'record_fts_delete'];

const FTS_COLUMNS = '"recordId", "title", "subtitle", "authors", "subjects"';
const row = (r: 'new' | 'old') => `${r}."id", ${r}."title", COALESCE(${r}."subtitle", ''), ${r}."authors", ${r}."subjects"`;

export class CatalogueSearch1795367000000 implements MigrationInterface {
  name = 'CatalogueSearch1795367000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('CREATE FULLTEXT INDEX `FT_record_text` ON `bibliographic_record` (`title`, `subtitle`, `authors`, `subjects`)');
      await queryRunner.query('CREATE FULLTEXT INDEX `FT_record_title` ON `bibliographic_record` (`title`, `subtitle`)');
      await queryRunner.query('CREATE FULLTEXT INDEX `FT_record_authors` ON `bibliographic_record` (`authors`)');
      await queryRunner.query('CREATE FULLTEXT INDEX `FT_record_subjects` ON `bibliographic_record` (`subjects`)');
    } else {
      // unicode61 folds case and (remove_diacritics 2) accents; prefix indexes serve "kanc*".
      await queryRunner.query(
        `CREATE VIRTUAL TABLE "record_fts" USING fts5(${FTS_COLUMNS.replace('"recordId"', '"recordId" UNINDEXED')}, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`,
      );
      await queryRunner.query(`INSERT INTO "record_fts" (${FTS_COLUMNS}) SELECT "id", "title", COALESCE("subtitle", ''), "authors", "subjects" FROM "bibliographic_record"`);
      await queryRunner.query(
        `CREATE TRIGGER "record_fts_insert" AFTER INSERT ON "bibliographic_record" BEGIN INSERT INTO "record_fts" (${FTS_COLUMNS}) VALUES (${row('new')}); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "record_fts_update" AFTER UPDATE ON "bibliographic_record" BEGIN DELETE FROM "record_fts" WHERE "recordId" = old."id"; INSERT INTO "record_fts" (${FTS_COLUMNS}) VALUES (${row('new')}); END`,
      );
      await queryRunner.query(`CREATE TRIGGER "record_fts_delete" AFTER DELETE ON "bibliographic_record" BEGIN DELETE FROM "record_fts" WHERE "recordId" = old."id"; END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      for (const index of ['FT_record_subjects', 'FT_record_authors', 'FT_record_title', 'FT_record_text']) {
        await queryRunner.query(`DROP INDEX \`${index}\` ON \`bibliographic_record\``);
      }
    } else {
      for (const trigger of [...SQLITE_FTS_TRIGGERS].reverse()) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
      await queryRunner.query('DROP TABLE IF EXISTS "record_fts"');
    }
  }
}
