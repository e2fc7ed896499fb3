import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertMany } from '../../shared/platform/database';
import { zonedToUtc } from '../../shared/platform/time';
import { setClock } from '../../shared/platform/clock';
import { BibliographicRecord, MaterialType } from '../../subgraphs/collections/catalogue/bibliographic-record.entity';
import { CollectionType, Item, ItemStatus } from '../../subgraphs/collections/catalogue/item.entity';
import { Member, MemberStatus, MemberType } from '../../subgraphs/collections/members/member.entity';

/**
 * Collections test fixtures: titles, copies and card holders of their own, so that each test
 * works on rows no other test touches, and a clock set to a day in the library's zone.
 */

let n = 0;
const next = () => `${process.pid % 1000}${String(++n).padStart(4, '0')}`;

/** The collections clock at 10:00 on `date` in the zone (WITA by default). */
export function setToday(date: string, time = '10:00', zone = 'Asia/Makassar'): Date {
  const at = zonedToUtc(date, time, zone);
  setClock(at);
  return at;
}

export interface Title {
  record: BibliographicRecord;
  items: Item[];
}

/** A new title with copies in the given libraries (AVAILABLE unless said otherwise). */
export async function newTitle(
  db: DataSource,
  copies: Record<string, number>,
  options: { materialType?: MaterialType; price?: number; status?: ItemStatus; title?: string; subjects?: string[]; language?: string; year?: number } = {},
): Promise<Title> {
  const id = next();
  const record = db.getRepository(BibliographicRecord).create({
    id: randomUUID(),
    title: options.title ?? `Judul Uji ${id}`,
    subtitle: null,
    authors: ['Penulis Uji'],
    publisher: 'Penerbit Uji',
    publishedYear: options.year ?? 2024,
    edition: null,
    isbn: null,
    subjects: options.subjects ?? [],
    language: options.language ?? 'ind',
    materialType: options.materialType ?? MaterialType.BOOK,
    ddc: '020',
    callNumber: '020 UJI j',
  });
  await db.getRepository(BibliographicRecord).insert(record);
  const items: Item[] = [];
  for (const [libraryId, count] of Object.entries(copies)) {
    for (let c = 0; c < count; c++) {
      items.push(
        db.getRepository(Item).create({
          id: randomUUID(),
          barcode: `T-${id}-${libraryId.slice(0, 3).toUpperCase()}${c}`,
          recordId: record.id,
          libraryId,
          location: 'Rak Umum',
          collectionType: CollectionType.GENERAL,
          status: options.status ?? ItemStatus.AVAILABLE,
          atLibraryId: null,
          acquiredOn: '2024-01-15',
          price: options.price ?? 85_000,
        }),
      );
    }
  }
  // Written as they are, nothing read back: TypeORM's insert of several rows on SQLite can hand back
  // other rows' ids in the entities it was given.
  await insertMany(db.manager, Item, items);
  return { record, items };
}

/** A new card holder of the library. */
export async function newMember(
  db: DataSource,
  libraryId: string,
  options: { memberType?: MemberType; status?: MemberStatus; expiresOn?: string; partnerId?: string } = {},
): Promise<Member> {
  const id = next();
  const member = db.getRepository(Member).create({
    id: randomUUID(),
    cardNumber: `TEST.${id}`,
    name: `Anggota Uji ${id}`,
    email: `anggota.${id}@example.com`,
    phone: '+6281200000000',
    memberType: options.memberType ?? MemberType.ADULT,
    libraryId,
    partnerId: options.partnerId ?? null,
    joinedOn: '2024-01-01',
    expiresOn: options.expiresOn ?? '2030-12-31',
    status: options.status ?? MemberStatus.ACTIVE,
  });
  await db.getRepository(Member).insert(member);
  return member;
}

/**
 * Circulation invariants, checked over the whole database: a copy is ON_LOAN exactly when one
 * loan of it is open; ON_HOLD_SHELF exactly when one READY hold holds it; a hold IN_TRANSIT has
 * its copy travelling to the pickup library; open holds and only they carry their member in activeMemberId. Returns the violations.
 */
export async function circulationViolations(db: DataSource): Promise<string[]> {
  const problems: string[] = [];
  const q = async (label: string, sql: string) => {
    const rows: { id: string }[] = await db.query(sql);
    for (const r of rows) problems.push(`${label}: ${r.id}`);
  };
  await q(
    'ON_LOAN without exactly one open loan',
    `SELECT i.id AS id FROM item i WHERE i.status = 'ON_LOAN' AND (SELECT COUNT(*) FROM loan l WHERE l.itemId = i.id AND l.returnedAt IS NULL) <> 1`,
  );
  await q('open loan of a copy not ON_LOAN', `SELECT l.id AS id FROM loan l JOIN item i ON i.id = l.itemId WHERE l.returnedAt IS NULL AND i.status <> 'ON_LOAN'`);
  await q(
    'ON_HOLD_SHELF without exactly one READY hold',
    `SELECT i.id AS id FROM item i WHERE i.status = 'ON_HOLD_SHELF' AND (SELECT COUNT(*) FROM hold h WHERE h.itemId = i.id AND h.status = 'READY') <> 1`,
  );
  await q(
    'READY hold whose copy is not on the hold shelf',
    `SELECT h.id AS id FROM hold h LEFT JOIN item i ON i.id = h.itemId WHERE h.status = 'READY' AND (i.id IS NULL OR i.status <> 'ON_HOLD_SHELF' OR COALESCE(i.atLibraryId, i.libraryId) <> h.pickupLibraryId)`,
  );
  await q(
    'IN_TRANSIT hold whose copy is not travelling to the pickup library',
    `SELECT h.id AS id FROM hold h LEFT JOIN item i ON i.id = h.itemId WHERE h.status = 'IN_TRANSIT' AND (i.id IS NULL OR i.status <> 'IN_TRANSIT' OR i.atLibraryId <> h.pickupLibraryId)`,
  );
  await q('activeMemberId out of step with the status', `SELECT h.id AS id FROM hold h WHERE (h.status IN ('WAITING', 'IN_TRANSIT', 'READY')) <> (h.activeMemberId IS NOT NULL)`);
  await q('more than one OVERDUE charge per loan', `SELECT f.loanId AS id FROM fine_entry f WHERE f.kind = 'OVERDUE' GROUP BY f.loanId HAVING COUNT(*) > 1`);
  await q('member owing a negative balance', `SELECT f.memberId AS id FROM fine_entry f GROUP BY f.memberId HAVING SUM(f.amount) < 0`);
  return problems;
}
