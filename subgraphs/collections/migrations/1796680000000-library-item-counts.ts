import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each library's number of copies, kept by the database itself: triggers on `item` add one on
 * every insert (whatever writes it — the desk, an acquisition, a SLiMS or MARC import, the demo's
 * bulk load) and move or remove it on update and delete, in the writing transaction. A library's
 * `items { totalCount }` then reads one row instead of counting 50,000 index entries (3.4 ms a
 * request on the city demo, growing with the collection: docs/performance.md).
 */
export class LibraryItemCounts1796680000000 implements MigrationInterface {
  name = 'LibraryItemCounts1796680000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query('CREATE TABLE `library_item_count` (`libraryId` varchar(40) NOT NULL, `items` int NOT NULL DEFAULT 0, PRIMARY KEY (`libraryId`)) ENGINE=InnoDB');
      await queryRunner.query('INSERT INTO `library_item_count` (`libraryId`, `items`) SELECT `libraryId`, COUNT(*) FROM `item` GROUP BY `libraryId`');
      await queryRunner.query(
        'CREATE TRIGGER `item_count_insert` AFTER INSERT ON `item` FOR EACH ROW INSERT INTO `library_item_count` (`libraryId`, `items`) VALUES (NEW.`libraryId`, 1) ON DUPLICATE KEY UPDATE `items` = `items` + 1',
      );
      await queryRunner.query('CREATE TRIGGER `item_count_delete` AFTER DELETE ON `item` FOR EACH ROW UPDATE `library_item_count` SET `items` = `items` - 1 WHERE `libraryId` = OLD.`libraryId`');
      await queryRunner.query(
        'CREATE TRIGGER `item_count_update` AFTER UPDATE ON `item` FOR EACH ROW BEGIN IF NOT (OLD.`libraryId` <=> NEW.`libraryId`) THEN ' +
          'UPDATE `library_item_count` SET `items` = `items` - 1 WHERE `libraryId` = OLD.`libraryId`; ' +
          'INSERT INTO `library_item_count` (`libraryId`, `items`) VALUES (NEW.`libraryId`, 1) ON DUPLICATE KEY UPDATE `items` = `items` + 1; END IF; END',
      );
    } else {
      await queryRunner.query('CREATE TABLE "library_item_count" ("libraryId" varchar(40) PRIMARY KEY NOT NULL, "items" integer NOT NULL DEFAULT (0))');
      await queryRunner.query('INSERT INTO "library_item_count" ("libraryId", "items") SELECT "libraryId", COUNT(*) FROM "item" GROUP BY "libraryId"');
      await queryRunner.query(
        'CREATE TRIGGER "item_count_insert" AFTER INSERT ON "item" BEGIN INSERT INTO "library_item_count" ("libraryId", "items") VALUES (new."libraryId", 1) ON CONFLICT ("libraryId") DO UPDATE SET "items" = "items" + 1; END',
      );
      await queryRunner.query('CREATE TRIGGER "item_count_delete" AFTER DELETE ON "item" BEGIN UPDATE "library_item_count" SET "items" = "items" - 1 WHERE "libraryId" = old."libraryId"; END');
      await queryRunner.query(
        'CREATE TRIGGER "item_count_update" AFTER UPDATE OF "libraryId" ON "item" WHEN old."libraryId" IS NOT new."libraryId" BEGIN ' +
          'UPDATE "library_item_count" SET "items" = "items" - 1 WHERE "libraryId" = old."libraryId"; ' +
          'INSERT INTO "library_item_count" ("libraryId", "items") VALUES (new."libraryId", 1) ON CONFLICT ("libraryId") DO UPDATE SET "items" = "items" + 1; END',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ['item_count_update', 'item_count_delete', 'item_count_insert']) await queryRunner.query(`DROP TRIGGER IF EXISTS ${queryRunner.connection.driver.escape(trigger)}`);
    await queryRunner.query(`DROP TABLE ${queryRunner.connection.driver.escape('library_item_count')}`);
  }
}
