import { demoId } from '../../../../shared/domain/demo';
import { demoRandom, isOpenDay } from '../../../../shared/domain/demo-city';
import { addDays, daysBetween } from '../../../../shared/platform/time';
import type { AcquisitionBudget } from '../../acquisitions/acquisition-budget.entity';
import { AcquisitionOrderStatus, type AcquisitionOrder, type AcquisitionOrderLine } from '../../acquisitions/acquisition-order.entity';
import { PurchaseSuggestionStatus, type PurchaseSuggestion } from '../../acquisitions/purchase-suggestion.entity';
import { defaultPrefix } from '../../catalogue/barcodes';
import { MaterialType, type BibliographicRecord } from '../../catalogue/bibliographic-record.entity';
import { CollectionType, type Item } from '../../catalogue/item.entity';
import { HoldStatus } from '../../circulation/hold.entity';
import { MemberStatus, MemberType, type Member } from '../../members/member.entity';
import type { CityCollection } from './context';
import { librarianOf, zoneClock } from './extras-helpers';

/**
 * A city library's acquisitions (APBD; the fiscal year is the calendar year). The copies the core
 * step catalogued from the first budget year of the history on are what the library's orders
 * brought: a library receives books some ten times a year (a vendor's delivery after each
 * e-purchasing package), so each copy is counted to the last delivery on or before its acquisition
 * date — its acquisition date becomes that delivery's day (never later than the core said, so no
 * loan precedes it) — and each delivery is one to three orders (one per vendor), placed two to five
 * weeks before, whose lines are the titles × copies × the price the copies carry; the copies point
 * at their line. One order a year was cancelled by its vendor; one to three orders placed in the
 * last weeks are still with the vendor. The budgets: every budget year of the history and the
 * current one (and next year's once the regional budget is passed, late November), the past ones
 * 72–93 % spent, the current one partly. Purchase suggestions from members (and a few librarians):
 * bought, on order, turned down with a reason, or still open — the recent ones mostly open.
 */

const VENDORS: Record<string, string[]> = {
  kupang: ['Toko Buku Gramedia Kupang', 'CV Flobamora Pustaka', 'Penerbit Lamalera', 'CV Timor Raya Media'],
  baubau: ['CV Wolio Media Pustaka', 'Toko Buku Sinar Buton', 'Gramedia Kendari', 'CV Butuni Aksara'],
  pasuruan: ['Toko Buku Gramedia Pasuruan', 'CV Bina Pustaka Jatim', 'Penerbit Kanisius', 'CV Surya Ilmu Surabaya'],
  'pematang-siantar': ['Toko Buku Gramedia Siantar', 'CV Simalungun Pustaka', 'Penerbit Obor', 'CV Horas Media Medan'],
};
const APBD = '5.2.2.23.01 Belanja Buku Bacaan';
const DAK = 'DAK Fisik Perpustakaan';
const PERPUSNAS = 'Bantuan Pengembangan Koleksi Perpusnas';

/** Titles members ask for that a library may not have. */
const WISHES: { title: string; authors: string[]; publisher: string; year: number; note: string }[] = [
  { title: 'Laut Bercerita', authors: ['Leila S. Chudori'], publisher: 'Kepustakaan Populer Gramedia', year: 2017, note: 'Banyak diminta klub buku remaja' },
  { title: 'Cantik Itu Luka', authors: ['Eka Kurniawan'], publisher: 'Gramedia Pustaka Utama', year: 2002, note: 'Untuk diskusi sastra bulanan' },
  { title: 'Filosofi Teras', authors: ['Henry Manampiring'], publisher: 'Penerbit Buku Kompas', year: 2018, note: 'Sering ditanyakan pengunjung' },
  { title: 'Atomic Habits (Edisi Bahasa Indonesia)', authors: ['James Clear'], publisher: 'Gramedia Pustaka Utama', year: 2019, note: 'Permintaan mahasiswa' },
  { title: 'Hujan', authors: ['Tere Liye'], publisher: 'Gramedia Pustaka Utama', year: 2016, note: 'Anak saya ingin membaca seri lengkapnya' },
  { title: 'Pulang', authors: ['Leila S. Chudori'], publisher: 'Kepustakaan Populer Gramedia', year: 2012, note: 'Untuk tugas sekolah' },
  { title: 'Gadis Kretek', authors: ['Ratih Kumala'], publisher: 'Gramedia Pustaka Utama', year: 2012, note: 'Setelah menonton serialnya' },
  { title: 'Sebuah Seni untuk Bersikap Bodo Amat', authors: ['Mark Manson'], publisher: 'Grasindo', year: 2018, note: 'Sering dicari di OPAC' },
  { title: 'Namaku Alam', authors: ['Leila S. Chudori'], publisher: 'Kepustakaan Populer Gramedia', year: 2023, note: 'Buku baru, belum ada di katalog' },
  { title: 'Dompet Ayah Sepatu Ibu', authors: ['J.S. Khairen'], publisher: 'Grasindo', year: 2023, note: 'Banyak diminta pelajar SMA' },
  { title: 'Home Sweet Loan', authors: ['Almira Bastari'], publisher: 'Gramedia Pustaka Utama', year: 2022, note: 'Sering ditanyakan pengunjung' },
  { title: 'Mariposa', authors: ['Luluk HF'], publisher: 'Coconut Books', year: 2018, note: 'Permintaan remaja' },
  { title: 'Resep Masakan Nusantara untuk Keluarga', authors: ['Sisca Soewitomo'], publisher: 'Gramedia Pustaka Utama', year: 2021, note: 'Untuk kelompok PKK' },
  { title: 'Panduan Lengkap Budidaya Lele Bioflok', authors: ['Tim Agro Mandiri'], publisher: 'Agromedia Pustaka', year: 2022, note: 'Untuk usaha kelompok tani ikan' },
  { title: 'Tafsir Al-Misbah Jilid 1', authors: ['M. Quraish Shihab'], publisher: 'Lentera Hati', year: 2017, note: 'Untuk pengajian majelis taklim' },
  { title: 'Sejarah Indonesia Modern 1200–2008', authors: ['M.C. Ricklefs'], publisher: 'Serambi', year: 2008, note: 'Referensi skripsi' },
  { title: 'Belajar Python untuk Pemula', authors: ['Jubilee Enterprise'], publisher: 'Elex Media Komputindo', year: 2023, note: 'Untuk kursus komputer karang taruna' },
  { title: 'Kumpulan Soal UTBK SNBT', authors: ['Tim Edukasi Nusantara'], publisher: 'Erlangga', year: 2025, note: 'Persiapan masuk perguruan tinggi' },
];

const REJECTIONS = [
  'Anggaran tahun ini sudah terserap; diusulkan lagi dalam pengadaan tahun depan',
  'Judul sudah tersedia dalam iPusnas; anggota diarahkan ke koleksi digital',
  'Tidak sesuai kebijakan pengembangan koleksi (bacaan untuk tingkat perguruan tinggi)',
  'Buku tidak lagi diterbitkan dan tidak tersedia di penyedia',
  'Sudah dipesan atas usulan anggota lain',
];

export interface CityAcquisitions {
  budgets: AcquisitionBudget[];
  orders: AcquisitionOrder[];
  lines: AcquisitionOrderLine[];
  suggestions: PurchaseSuggestion[];
  /** The copies the received orders brought: [item id, order line id, the day it arrived]. */
  itemLines: [string, string, string][];
}

export function cityAcquisitions(c: CityCollection): CityAcquisitions {
  const { library, loadDay, window } = c;
  const rng = demoRandom(`collections:city-acquisitions:${library.id}:${loadDay}`);
  const clock = zoneClock(library.timezone);
  const prefix = defaultPrefix(library.id);
  const vendors = VENDORS[library.id] ?? ['Toko Buku Gramedia'];
  const records = new Map(c.records.map((r) => [r.id, r]));
  const firstYear = Number(window.from.slice(0, 4));
  const loadYear = Number(loadDay.slice(0, 4));
  const out: CityAcquisitions = { budgets: [], orders: [], lines: [], suggestions: [], itemLines: [] };

  // Deliveries: about ten open days a year; a copy arrived with the last one on or before its date.
  const deliveries: string[] = [];
  for (let year = firstYear; year <= loadYear; year++) {
    for (const month of [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
      if (month !== 1 && month !== 12 && rng.chance(0.15)) continue;
      let day = `${year}-${String(month).padStart(2, '0')}-${String(rng.int(month === 1 ? 12 : 2, month === 12 ? 12 : 26)).padStart(2, '0')}`;
      while (!isOpenDay(library.id, day)) day = addDays(day, 1);
      if (day < loadDay) deliveries.push(day);
    }
  }
  const byDay = new Map<string, Item[]>();
  const copies = c.items
    .filter((i) => i.libraryId === library.id && i.acquiredOn >= deliveries[0] && i.price > 0 && records.has(i.recordId))
    .sort((a, b) => a.acquiredOn.localeCompare(b.acquiredOn) || a.id.localeCompare(b.id));
  let d = 0;
  for (const item of copies) {
    while (d + 1 < deliveries.length && deliveries[d + 1] <= item.acquiredOn) d++;
    const day = byDay.get(deliveries[d]);
    if (day) day.push(item);
    else byDay.set(deliveries[d], [item]);
  }

  interface Draft {
    order: Omit<AcquisitionOrder, 'number'>;
    lines: AcquisitionOrderLine[];
    items: [string, number][];
  }
  const drafts: Draft[] = [];
  let k = 0;
  const draft = (orderedOn: string, status: AcquisitionOrderStatus, fields: Partial<AcquisitionOrder>): Draft => {
    const id = demoId('acquisition-order', library.id, 'city', ++k);
    const byAdmin = rng.chance(0.3);
    const budgetLine = rng.chance(0.75) ? APBD : rng.chance(0.6) ? DAK : PERPUSNAS;
    return {
      order: {
        id,
        libraryId: library.id,
        year: Number(orderedOn.slice(0, 4)),
        orderedOn,
        vendor: rng.pick(vendors),
        budgetLine,
        cost: 0,
        status,
        note: budgetLine === DAK ? 'Pengadaan dari dana DAK: koleksi anak dan remaja' : budgetLine === PERPUSNAS ? 'Bantuan koleksi dari Perpustakaan Nasional' : null,
        receivedOn: null,
        cancelledAt: null,
        cancelReason: null,
        createdAt: clock.at(orderedOn, 9 * 60 + rng.int(0, 300), rng.int(0, 59)),
        orderedBy: byAdmin ? `library_admin:${library.id}` : `librarian:${library.id}`,
        orderedByLibrarianId: byAdmin ? null : librarianOf(c, rng.int(0, 7)),
        receivedBy: null,
        ...fields,
      },
      lines: [],
      items: [],
    };
  };
  const addLine = (d: Draft, recordId: string, copies: number, unitPrice: number, location: string, collectionType: CollectionType): AcquisitionOrderLine => {
    const line: AcquisitionOrderLine = {
      id: demoId('acquisition-line', d.order.id, d.lines.length + 1),
      orderId: d.order.id,
      lineNo: d.lines.length + 1,
      recordId,
      copies,
      unitPrice,
      location,
      collectionType,
      suggestionId: null,
    };
    d.lines.push(line);
    d.order.cost += copies * unitPrice;
    return line;
  };

  for (const [receivedOn, items] of byDay) {
    // One line per title, location and price; one order per vendor that delivered.
    const groups = new Map<string, Item[]>();
    for (const item of items) {
      const key = `${item.recordId}|${item.location}|${item.collectionType}|${item.price}`;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    const yearStart = `${receivedOn.slice(0, 4)}-01-02`;
    const orders = Array.from({ length: Math.min(groups.size, rng.int(1, 3)) }, () => {
      let orderedOn = addDays(receivedOn, -rng.int(12, 35));
      if (orderedOn < yearStart) orderedOn = receivedOn < yearStart ? receivedOn : yearStart;
      return draft(orderedOn, AcquisitionOrderStatus.RECEIVED, { receivedOn, receivedBy: `librarian:${library.id}` });
    });
    let g = 0;
    for (const group of groups.values()) {
      const order = orders[g++ % orders.length];
      const line = addLine(order, group[0].recordId, group.length, group[0].price, group[0].location, group[0].collectionType);
      for (const item of group) out.itemLines.push([item.id, line.id, receivedOn]);
    }
    drafts.push(...orders);
  }

  // Books to order more copies of: what members wait for, then what is often borrowed.
  const waiting = [...new Set(c.holds.filter((h) => h.status === HoldStatus.WAITING).map((h) => h.recordId))].filter((id) => records.has(id));
  const books = c.records.filter((r) => r.materialType === MaterialType.BOOK).map((r) => r.id);
  const wanted = (n: number) => [...new Set([...waiting.slice(0, Math.ceil(n / 2)), ...Array.from({ length: n }, () => rng.pick(books))])].slice(0, n);
  const price = () => rng.int(120, 360) * 500;
  const fill = (d: Draft, n: number) => {
    for (const recordId of wanted(n)) addLine(d, recordId, rng.int(1, 3), price(), 'Rak Umum', CollectionType.GENERAL);
  };

  // A cancelled order in every past year of the history.
  if (books.length) {
    for (let year = firstYear; year < loadYear; year++) {
      const orderedOn = `${year}-${String(rng.int(7, 10)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const cancelledOn = addDays(orderedOn, rng.int(10, 30));
      if (orderedOn < window.from || cancelledOn >= loadDay) continue;
      const d = draft(orderedOn, AcquisitionOrderStatus.CANCELLED, {
        cancelledAt: clock.at(cancelledOn, 11 * 60 + rng.int(0, 120)),
        cancelReason: rng.pick(['Penyedia tidak sanggup memenuhi pesanan dalam tahun anggaran', 'Harga dari penyedia naik melebihi pagu; dipesan ulang ke penyedia lain']),
      });
      fill(d, rng.int(5, 15));
      drafts.push(d);
    }
    // Orders with the vendor now: placed in the last weeks of this budget year.
    const open = rng.int(1, 3);
    for (let j = 0; j < open; j++) {
      let orderedOn = addDays(loadDay, -rng.int(3, 45));
      if (orderedOn < `${loadYear}-01-02`) orderedOn = addDays(loadDay, -1);
      const d = draft(orderedOn, AcquisitionOrderStatus.ORDERED, {});
      fill(d, rng.int(8, 30));
      drafts.push(d);
    }
  }

  // Order numbers: the library's code, the budget year, a sequence in the order they were placed.
  drafts.sort((a, b) => a.order.orderedOn.localeCompare(b.order.orderedOn) || a.order.id.localeCompare(b.order.id));
  const seqs = new Map<number, number>();
  for (const d of drafts) {
    const seq = (seqs.get(d.order.year) ?? 0) + 1;
    seqs.set(d.order.year, seq);
    out.orders.push({ ...d.order, number: `${prefix}/${d.order.year}/${String(seq).padStart(4, '0')}` });
    out.lines.push(...d.lines);
  }

  // Budgets: set in mid-December for the next year, past years 72–93 % spent.
  const lastYear = loadDay > `${loadYear}-11-20` ? loadYear + 1 : loadYear;
  let previous = 0;
  for (let year = firstYear; year <= lastYear; year++) {
    const ofYear = out.orders.filter((o) => o.year === year);
    const committed = ofYear.filter((o) => o.status !== AcquisitionOrderStatus.CANCELLED).reduce((s, o) => s + o.cost, 0);
    const spent = ofYear.filter((o) => o.status === AcquisitionOrderStatus.RECEIVED).reduce((s, o) => s + o.cost, 0);
    // Whole millions (whole hundred thousands for a small test-scale library).
    const million = (n: number) => {
      const unit = n >= 50_000_000 ? 1_000_000 : 100_000;
      return Math.max(1, Math.ceil(n / unit)) * unit;
    };
    let amount: number;
    if (year < loadYear) amount = million(committed / (0.72 + rng.float() * 0.21));
    else if (year === loadYear) amount = million(Math.max(previous * (1 + rng.float() * 0.08), committed / 0.8));
    else amount = million(previous * (1 + rng.float() * 0.08));
    previous = amount;
    const setOn = year > loadYear ? `${loadYear}-11-20` : `${year - 1}-12-${String(rng.int(10, 22)).padStart(2, '0')}`;
    out.budgets.push({
      id: demoId('acquisition-budget', library.id, year),
      libraryId: library.id,
      year,
      amount,
      committed,
      spent,
      orderCount: ofYear.length,
      updatedAt: clock.at(setOn, 9 * 60 + rng.int(0, 120)),
      setBy: `library_admin:${library.id}`,
    });
  }

  out.suggestions = suggestions(c, out, records);
  return out;
}

function suggestions(c: CityCollection, acq: CityAcquisitions, records: Map<string, BibliographicRecord>): PurchaseSuggestion[] {
  const { library, profile, loadDay, window } = c;
  const rng = demoRandom(`collections:city-suggestions:${library.id}:${loadDay}`);
  const clock = zoneClock(library.timezone);
  const people = c.members.filter((m) => m.memberType !== MemberType.INSTITUTION && m.status !== MemberStatus.SUSPENDED);
  const orders = new Map(acq.orders.map((o) => [o.id, o]));
  const linesOf = new Map<string, AcquisitionOrderLine[]>();
  for (const line of acq.lines) {
    const lines = linesOf.get(line.orderId);
    if (lines) lines.push(line);
    else linesOf.set(line.orderId, [line]);
  }
  const count = Math.max(12, Math.round(profile.members * 0.016));
  const span = daysBetween(window.from, window.through);
  const out: PurchaseSuggestion[] = [];
  for (let i = 0; i < count; i++) {
    const createdOn = addDays(window.from, Math.floor((span * (i + rng.float())) / count));
    const age = daysBetween(createdOn, loadDay);
    let member: Member | null = null;
    if (!rng.chance(0.1)) {
      for (let attempt = 0; attempt < 5 && !member; attempt++) {
        const m = people[rng.int(0, people.length - 1)];
        if (m && m.joinedOn <= createdOn && m.expiresOn >= createdOn) member = m;
      }
    }
    const createdAt = clock.at(createdOn, 8 * 60 + rng.int(0, 14 * 60), rng.int(0, 59));
    const base: PurchaseSuggestion = {
      id: demoId('purchase-suggestion', library.id, 'city', i + 1),
      libraryId: library.id,
      memberId: member?.id ?? null,
      suggestedBy: member ? `member:${library.id}` : `librarian:${library.id}`,
      suggestedByRole: member ? 'MEMBER' : 'LIBRARIAN',
      suggestedByLibrarianId: member ? null : librarianOf(c, rng.int(0, 7)),
      title: '',
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
      createdAt,
    };
    // Bought or on order: a line of an order placed one to twelve weeks after it, not yet answering another.
    const roll = rng.float();
    if (roll < (age > 60 ? 0.45 : 0.2)) {
      const from = addDays(createdOn, 7);
      const through = addDays(createdOn, 84);
      const placed = acq.orders.filter((o) => o.status !== AcquisitionOrderStatus.CANCELLED && o.orderedOn >= from && o.orderedOn <= through);
      let line: AcquisitionOrderLine | undefined;
      for (let attempt = 0; attempt < 6 && placed.length && !line; attempt++) {
        const lines = linesOf.get(rng.pick(placed).id)!;
        const candidate = lines[rng.int(0, lines.length - 1)];
        if (candidate.suggestionId === null) line = candidate;
      }
      if (line) {
        const order = orders.get(line.orderId)!;
        const record = records.get(line.recordId)!;
        line.suggestionId = base.id;
        out.push({
          ...base,
          title: record.title,
          authors: record.authors,
          isbn: record.isbn,
          publisher: record.publisher,
          publishedYear: record.publishedYear,
          note: rng.pick(['Eksemplar yang ada selalu dipinjam', 'Antrean pesanannya panjang', 'Untuk tugas sekolah anak saya', 'Tambah eksemplar: sering dicari di OPAC']),
          recordId: record.id,
          status: order.status === AcquisitionOrderStatus.RECEIVED ? PurchaseSuggestionStatus.RECEIVED : PurchaseSuggestionStatus.ORDERED,
          orderId: order.id,
          decidedAt: order.createdAt,
        });
        continue;
      }
    }
    const wish = rng.pick(WISHES);
    const wished = { ...base, title: wish.title, authors: wish.authors, publisher: wish.publisher, publishedYear: wish.year, note: wish.note };
    const decideOn = addDays(createdOn, rng.int(3, 20));
    if (decideOn < loadDay && rng.chance(age > 60 ? 0.8 : 0.3)) {
      out.push({ ...wished, status: PurchaseSuggestionStatus.REJECTED, decisionNote: rng.pick(REJECTIONS), decidedAt: clock.at(decideOn, 9 * 60 + rng.int(0, 300)) });
    } else {
      out.push(wished);
    }
  }
  return out;
}
