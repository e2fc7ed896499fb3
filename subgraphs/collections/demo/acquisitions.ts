import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import type { DemoRecord } from './catalogue';
import { AcquisitionBudget } from '../acquisitions/acquisition-budget.entity';
import { AcquisitionOrder, AcquisitionOrderLine, AcquisitionOrderStatus } from '../acquisitions/acquisition-order.entity';
import { BarcodeSeries } from '../catalogue/barcode-series.entity';
import { MaterialType } from '../catalogue/bibliographic-record.entity';
import type { Hold } from '../circulation/hold.entity';
import { CollectionType, Item, ItemStatus } from '../catalogue/item.entity';
import { Member, MemberStatus, MemberType } from '../members/member.entity';
import { PurchaseSuggestion, PurchaseSuggestionStatus } from '../acquisitions/purchase-suggestion.entity';
import { formatBarcode, LIBRARY_CODES } from '../catalogue/barcodes';
import { localInstant } from './helpers';

/**
 * Demo acquisitions: each library's budgets for 2025, 2026 and 2027 (the last one passed with the
 * regional budget in November), its orders — 2025's all received; in 2026 two received, one
 * cancelled and one still with the vendor — whose received copies are in the catalogue with
 * barcodes continuing the library's series, and purchase suggestions from members and librarians:
 * some bought, one on order, one turned down, some still open. Orders buy more copies of books the
 * library already has on its shelves and nobody is waiting for, so that the circulation demo is
 * not disturbed.
 */

const BUDGET: Record<string, number> = { kupang: 60_000_000, baubau: 25_000_000, pasuruan: 40_000_000, 'pematang-siantar': 45_000_000 };

const VENDORS: Record<string, string[]> = {
  kupang: ['Toko Buku Gramedia Kupang', 'CV Flobamora Pustaka', 'Penerbit Lamalera'],
  baubau: ['CV Wolio Media Pustaka', 'Toko Buku Sinar Buton', 'Gramedia Kendari'],
  pasuruan: ['Toko Buku Gramedia Pasuruan', 'CV Bina Pustaka Jatim', 'Penerbit Kanisius'],
  'pematang-siantar': ['Toko Buku Gramedia Siantar', 'CV Simalungun Pustaka', 'Penerbit Obor'],
};
const LINES = ['5.2.2.23.01 Belanja Buku Bacaan', 'DAK Fisik Perpustakaan', 'Bantuan Pengembangan Koleksi Perpusnas'];

interface OrderPlan {
  year: number;
  orderedOn: string;
  status: AcquisitionOrderStatus;
  /** Days after orderedOn the copies came (RECEIVED), or it was called off (CANCELLED). */
  after?: number;
}

const PLANS: OrderPlan[] = [
  { year: 2025, orderedOn: '2025-03-10', status: AcquisitionOrderStatus.RECEIVED, after: 18 },
  { year: 2025, orderedOn: '2025-06-16', status: AcquisitionOrderStatus.RECEIVED, after: 24 },
  { year: 2025, orderedOn: '2025-09-08', status: AcquisitionOrderStatus.RECEIVED, after: 15 },
  { year: 2026, orderedOn: '2026-02-09', status: AcquisitionOrderStatus.RECEIVED, after: 21 },
  { year: 2026, orderedOn: '2026-07-13', status: AcquisitionOrderStatus.RECEIVED, after: 17 },
  { year: 2026, orderedOn: '2026-09-01', status: AcquisitionOrderStatus.CANCELLED, after: 9 },
  { year: 2026, orderedOn: '2026-10-12', status: AcquisitionOrderStatus.ORDERED },
];

/** Titles members and librarians asked for that the catalogue does not have yet. */
const WISHES: { title: string; authors: string[]; publisher: string; year: number; note: string }[] = [
  { title: 'Laut Bercerita', authors: ['Leila S. Chudori'], publisher: 'Kepustakaan Populer Gramedia', year: 2017, note: 'Banyak diminta klub buku remaja' },
  { title: 'Cantik Itu Luka', authors: ['Eka Kurniawan'], publisher: 'Gramedia Pustaka Utama', year: 2002, note: 'Untuk diskusi sastra bulanan' },
  { title: 'Filosofi Teras', authors: ['Henry Manampiring'], publisher: 'Penerbit Buku Kompas', year: 2018, note: 'Sering ditanyakan pengunjung' },
  { title: 'Atomic Habits (Edisi Bahasa Indonesia)', authors: ['James Clear'], publisher: 'Gramedia Pustaka Utama', year: 2019, note: 'Permintaan mahasiswa' },
];

export const demoOrderId = (libraryId: string, k: number) => demoId('acquisition-order', libraryId, k);

export interface AcquisitionsDemo {
  budgets: AcquisitionBudget[];
  orders: AcquisitionOrder[];
  lines: AcquisitionOrderLine[];
  items: Item[];
  series: BarcodeSeries[];
  suggestions: PurchaseSuggestion[];
}

export function demoAcquisitions(tx: EntityManager, catalogue: DemoRecord[], items: Item[], holds: Hold[], members: Member[]): AcquisitionsDemo {
  const out: AcquisitionsDemo = { budgets: [], orders: [], lines: [], items: [], series: [], suggestions: [] };
  const held = new Set(holds.map((h) => h.recordId));
  const books = new Map(catalogue.filter((r) => r.materialType === MaterialType.BOOK && r.shelf !== 'reference').map((r) => [r.id, r]));

  for (const library of DEMO_LIBRARIES) {
    const faker = demoFaker(`collections:acquisitions:${library.id}`);
    const prefix = LIBRARY_CODES[library.id];
    const mine = items.filter((i) => i.libraryId === library.id);
    let next = 1 + mine.reduce((max, i) => Math.max(max, Number(/-(\d+)$/.exec(i.barcode)?.[1] ?? 0)), 0);
    // More copies of books on the shelf here that nobody waits for (or ever held).
    const onShelf = [...new Set(mine.filter((i) => i.status === ItemStatus.AVAILABLE && books.has(i.recordId) && !held.has(i.recordId)).map((i) => i.recordId))].sort();
    const picks = faker.helpers.shuffle(onShelf);
    const librarian = (k: number) => demoId('librarian', library.id, k % 8);
    const readers = members.filter((m) => m.libraryId === library.id && m.status === MemberStatus.ACTIVE && m.memberType !== MemberType.INSTITUTION && m.expiresOn > DEMO_TODAY);

    const orders: AcquisitionOrder[] = [];
    const counts = new Map<number, number>();
    PLANS.forEach((plan, k) => {
      const seq = (counts.get(plan.year) ?? 0) + 1;
      counts.set(plan.year, seq);
      const orderId = demoOrderId(library.id, k + 1);
      const lines: AcquisitionOrderLine[] = [];
      const n = faker.number.int({ min: 4, max: 9 });
      for (let l = 0; l < n; l++) {
        const recordId = picks[(k * 9 + l) % picks.length];
        const record = books.get(recordId)!;
        lines.push(
          tx.getRepository(AcquisitionOrderLine).create({
            id: demoId('acquisition-line', library.id, k + 1, l + 1),
            orderId,
            lineNo: l + 1,
            recordId,
            copies: faker.number.int({ min: 1, max: 4 }),
            unitPrice: (record.shelf === 'children' ? faker.number.int({ min: 70, max: 150 }) : faker.number.int({ min: 110, max: 320 })) * 500,
            location: record.shelf === 'children' ? 'Ruang Anak' : 'Rak Umum',
            collectionType: record.shelf === 'children' ? CollectionType.CHILDREN : CollectionType.GENERAL,
            suggestionId: null,
          }),
        );
      }
      const receivedOn = plan.status === AcquisitionOrderStatus.RECEIVED ? addDays(plan.orderedOn, plan.after!) : null;
      const byAdmin = k % 3 === 0;
      const order = tx.getRepository(AcquisitionOrder).create({
        id: orderId,
        number: `${prefix}/${plan.year}/${String(seq).padStart(4, '0')}`,
        libraryId: library.id,
        year: plan.year,
        orderedOn: plan.orderedOn,
        vendor: VENDORS[library.id][k % 3],
        budgetLine: LINES[k % 3 === 1 ? 1 : k === 4 ? 2 : 0],
        cost: lines.reduce((s, l) => s + l.copies * l.unitPrice, 0),
        status: plan.status,
        note: k === 4 ? 'Pengadaan dari dana DAK: koleksi anak dan remaja' : null,
        receivedOn,
        cancelledAt: plan.status === AcquisitionOrderStatus.CANCELLED ? localInstant(library, addDays(plan.orderedOn, plan.after!), 11) : null,
        cancelReason: plan.status === AcquisitionOrderStatus.CANCELLED ? 'Penyedia tidak sanggup memenuhi pesanan dalam tahun anggaran' : null,
        createdAt: localInstant(library, plan.orderedOn, 10),
        orderedBy: byAdmin ? `library_admin:${library.id}` : `librarian:${library.id}`,
        orderedByLibrarianId: byAdmin ? null : librarian(k),
        receivedBy: receivedOn ? `librarian:${library.id}` : null,
      });
      orders.push(order);
      out.lines.push(...lines);
      if (receivedOn) {
        for (const line of lines) {
          for (let c = 0; c < line.copies; c++) {
            const n = next++;
            out.items.push(
              tx.getRepository(Item).create({
                id: demoId('item', library.id, n),
                barcode: formatBarcode(prefix, n),
                recordId: line.recordId,
                libraryId: library.id,
                location: line.location,
                collectionType: line.collectionType,
                status: ItemStatus.AVAILABLE,
                atLibraryId: null,
                acquiredOn: receivedOn,
                price: line.unitPrice,
                acquisitionLineId: line.id,
              }),
            );
          }
        }
      }
    });
    out.orders.push(...orders);
    out.series.push(tx.getRepository(BarcodeSeries).create({ libraryId: library.id, prefix, nextNumber: next }));

    for (const year of [2025, 2026, 2027]) {
      const ofYear = orders.filter((o) => o.year === year);
      const committed = ofYear.filter((o) => o.status !== AcquisitionOrderStatus.CANCELLED).reduce((s, o) => s + o.cost, 0);
      const spent = ofYear.filter((o) => o.status === AcquisitionOrderStatus.RECEIVED).reduce((s, o) => s + o.cost, 0);
      out.budgets.push(
        tx.getRepository(AcquisitionBudget).create({
          id: demoId('acquisition-budget', library.id, year),
          libraryId: library.id,
          year,
          amount: Math.round((BUDGET[library.id] * (year === 2025 ? 0.9 : year === 2027 ? 1.1 : 1)) / 1_000_000) * 1_000_000,
          committed,
          spent,
          orderCount: ofYear.length,
          updatedAt: localInstant(library, year === 2027 ? '2026-11-01' : `${year - 1}-12-15`, 9),
          setBy: `library_admin:${library.id}`,
        }),
      );
    }

    // Suggestions: bought (answered by lines of the 2026 orders), on order, turned down, open.
    const suggestion = (k: number, fields: Partial<PurchaseSuggestion>, by: Member | number, createdOn: string) =>
      tx.getRepository(PurchaseSuggestion).create({
        id: demoId('purchase-suggestion', library.id, k),
        libraryId: library.id,
        memberId: typeof by === 'number' ? null : by.id,
        suggestedBy: typeof by === 'number' ? `librarian:${library.id}` : `member:${library.id}`,
        suggestedByRole: typeof by === 'number' ? 'LIBRARIAN' : 'MEMBER',
        suggestedByLibrarianId: typeof by === 'number' ? librarian(by) : null,
        authors: [],
        isbn: null,
        publisher: null,
        publishedYear: null,
        note: null,
        recordId: null,
        status: PurchaseSuggestionStatus.OPEN,
        orderId: null,
        decisionNote: null,
        decidedAt: null,
        createdAt: localInstant(library, createdOn, 14),
        title: '',
        ...fields,
      });
    const answer = (k: number, orderIndex: number, by: Member | number, status: PurchaseSuggestionStatus) => {
      const order = orders[orderIndex];
      const line = out.lines.find((l) => l.orderId === order.id && l.lineNo === 1 + (k % 3))!;
      line.suggestionId = demoId('purchase-suggestion', library.id, k);
      const record = books.get(line.recordId)!;
      return suggestion(
        k,
        {
          title: record.title,
          authors: record.authors,
          publisher: record.publisher,
          publishedYear: record.publishedYear,
          isbn: record.isbn,
          recordId: record.id,
          status,
          orderId: order.id,
          decidedAt: order.createdAt,
          note: 'Eksemplar yang ada selalu dipinjam',
        },
        by,
        addDays(order.orderedOn, -20),
      );
    };
    // More copies of a title the catalogue has.
    const more = (k: number, record: DemoRecord, by: number, createdOn: string) =>
      suggestion(
        k,
        {
          title: record.title,
          authors: record.authors,
          publisher: record.publisher,
          publishedYear: record.publishedYear,
          isbn: record.isbn,
          recordId: record.id,
          note: 'Tambah eksemplar: sering dicari di OPAC',
        },
        by,
        createdOn,
      );
    const [a, b, c, d] = faker.helpers.arrayElements(readers, 4);
    out.suggestions.push(
      answer(1, 3, a, PurchaseSuggestionStatus.RECEIVED),
      answer(2, 4, b, PurchaseSuggestionStatus.RECEIVED),
      answer(3, 6, 2, PurchaseSuggestionStatus.ORDERED),
      suggestion(
        4,
        {
          ...wish(WISHES[0]),
          status: PurchaseSuggestionStatus.REJECTED,
          decisionNote: 'Anggaran tahun ini sudah terserap; diusulkan lagi dalam pengadaan tahun depan',
          decidedAt: localInstant(library, '2026-09-20', 9),
        },
        c,
        '2026-09-14',
      ),
      suggestion(5, { ...wish(WISHES[1]) }, d, '2026-10-05'),
      suggestion(6, { ...wish(WISHES[2]) }, a, '2026-10-21'),
      suggestion(7, { ...wish(WISHES[3]) }, 5, '2026-10-27'),
      more(8, books.get(picks[70 % picks.length])!, 4, '2026-10-29'),
    );
  }
  return out;
}

function wish(w: (typeof WISHES)[number]): Partial<PurchaseSuggestion> {
  return { title: w.title, authors: w.authors, publisher: w.publisher, publishedYear: w.year, note: w.note };
}
