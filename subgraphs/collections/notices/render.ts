import { NoticeKind } from './circulation-notice.entity';

/**
 * The notices' words, in Indonesian: the title of the book, the dates in the library's own zone
 * (written out, "Senin, 9 November 2026"), the library that signs. Plain text only: it goes by
 * e-mail and by WhatsApp/SMS alike.
 */

export interface NoticeFacts {
  kind: NoticeKind;
  memberName: string;
  title: string;
  barcode: string | null;
  /** Who signs: the policy's sender name. */
  library: string;
  /** DUE_SOON, DUE_TODAY, OVERDUE: the due date (YYYY-MM-DD, the lending library's date). */
  dueOn?: string;
  /** OVERDUE: days since the due date, which notice this is, and the fine per day. */
  daysLate?: number;
  sequence?: number;
  finePerDay?: number;
  /** HOLD_AVAILABLE, HOLD_EXPIRING: the last day to pick the copy up. */
  pickupBy?: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
}

const longDate = new Intl.DateTimeFormat('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "Senin, 9 November 2026": a calendar date is already in the library's zone, so it is printed as is. */
export function tanggal(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

export const rupiah = (n: number): string => `Rp ${n.toLocaleString('id-ID')}`;

function copy(f: NoticeFacts): string {
  return f.barcode ? `"${f.title}" (kode eksemplar ${f.barcode})` : `"${f.title}"`;
}

function body(f: NoticeFacts, lines: string[]): string {
  return [`Yth. ${f.memberName},`, '', ...lines, '', 'Terima kasih.', '', 'Salam,', f.library, '', 'Pesan ini dikirim otomatis; mohon tidak membalas.'].join('\n');
}

/** Subject and text of a notice. */
export function renderNotice(f: NoticeFacts): RenderedNotice {
  switch (f.kind) {
    case NoticeKind.DUE_SOON:
      return {
        subject: `Pengingat: "${f.title}" harus dikembalikan ${tanggal(f.dueOn!)}`,
        text: body(f, [
          `Buku ${copy(f)} yang Anda pinjam dari ${f.library} harus dikembalikan paling lambat ${tanggal(f.dueOn!)}.`,
          'Bila masih memerlukannya, Anda dapat memperpanjang pinjaman sebelum tanggal tersebut, selama tidak ada anggota lain yang memesannya.',
        ]),
      };
    case NoticeKind.DUE_TODAY:
      return {
        subject: `Hari ini batas pengembalian "${f.title}"`,
        text: body(f, [
          `Hari ini, ${tanggal(f.dueOn!)}, adalah batas waktu pengembalian buku ${copy(f)} yang Anda pinjam dari ${f.library}.`,
          'Mohon kembalikan atau perpanjang pinjaman hari ini agar tidak dikenakan denda.',
        ]),
      };
    case NoticeKind.OVERDUE:
      return {
        subject: `Pemberitahuan keterlambatan${f.sequence && f.sequence > 1 ? ` ke-${f.sequence}` : ''}: "${f.title}"`,
        text: body(f, [
          `Buku ${copy(f)} yang Anda pinjam dari ${f.library} seharusnya dikembalikan pada ${tanggal(f.dueOn!)} dan kini terlambat ${f.daysLate} hari.`,
          f.finePerDay
            ? `Denda keterlambatan ${rupiah(f.finePerDay)} per hari buka perpustakaan. Mohon segera kembalikan buku tersebut.`
            : 'Mohon segera kembalikan buku tersebut.',
        ]),
      };
    case NoticeKind.HOLD_AVAILABLE:
      return {
        subject: `Buku pesanan Anda siap diambil: "${f.title}"`,
        text: body(f, [
          `Buku ${copy(f)} yang Anda pesan sudah tersedia dan disimpan untuk Anda di ${f.library}.`,
          `Silakan ambil dengan membawa kartu anggota paling lambat ${tanggal(f.pickupBy!)}. Setelah tanggal itu pesanan dibatalkan dan buku diberikan kepada pemesan berikutnya.`,
        ]),
      };
    case NoticeKind.HOLD_EXPIRING:
      return {
        subject: `Segera ambil buku pesanan Anda: "${f.title}"`,
        text: body(f, [
          `Buku ${copy(f)} yang Anda pesan masih menunggu di ${f.library}.`,
          `Batas waktu pengambilan adalah ${tanggal(f.pickupBy!)}. Setelah tanggal itu pesanan dibatalkan.`,
        ]),
      };
  }
}
