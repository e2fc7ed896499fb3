import type { CollectionsDocument } from '../document.types';
import { rupiah, tanggal } from '../notices/render';
import { DeskDocumentFormat } from './desk.inputs';

/**
 * The overdue list for members the notices cannot reach (no e-mail, no phone), written out: a CSV
 * for a spreadsheet or a mail merge, or a page to print — one block per member with their postal
 * address, so each can be cut out and posted or read over the counter.
 *
 * Hand-written rather than a CSV or HTML library: the package has none of its own (gateway/reports.ts
 * writes its CSV the same way), and what is needed — RFC 4180 quoting, formulas defused, five HTML
 * characters escaped — is a few lines.
 */

export interface OverdueRow {
  cardNumber: string;
  name: string;
  guardianName: string | null;
  address: string | null;
  memberType: string;
  barcode: string;
  title: string;
  callNumber: string | null;
  checkedOutOn: string;
  dueOn: string;
  daysOverdue: number;
  accruedFine: number;
}

const COLUMNS: (keyof OverdueRow)[] = [
  'cardNumber',
  'name',
  'guardianName',
  'address',
  'memberType',
  'barcode',
  'title',
  'callNumber',
  'checkedOutOn',
  'dueOn',
  'daysOverdue',
  'accruedFine',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; text a spreadsheet would run as a formula is defused. */
function csvField(value: string | number | null): string {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function csv(rows: OverdueRow[]): string {
  return [COLUMNS, ...rows.map((row) => COLUMNS.map((c) => row[c]))].map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function html(rows: OverdueRow[], library: string, today: string): string {
  const byMember = new Map<string, OverdueRow[]>();
  for (const row of rows) byMember.set(row.cardNumber, [...(byMember.get(row.cardNumber) ?? []), row]);
  const blocks = [...byMember.values()].map((loans) => {
    const m = loans[0];
    const lines = loans
      .map(
        (l) =>
          `<tr><td>${escapeHtml(l.barcode)}</td><td>${escapeHtml(l.title)}</td><td>${escapeHtml(l.callNumber ?? '')}</td><td>${escapeHtml(tanggal(l.dueOn))}</td>` +
          `<td class="n">${l.daysOverdue}</td><td class="n">${escapeHtml(rupiah(l.accruedFine))}</td></tr>`,
      )
      .join('\n');
    return `<section>
<h2>${escapeHtml(m.name)} <small>${escapeHtml(m.cardNumber)}</small></h2>
<p>${escapeHtml(m.address ?? 'Alamat tidak tercatat')}${m.guardianName ? `<br>Wali: ${escapeHtml(m.guardianName)}` : ''}</p>
<table><thead><tr><th>Kode eksemplar</th><th>Judul</th><th>No. panggil</th><th>Jatuh tempo</th><th>Hari terlambat</th><th>Denda berjalan</th></tr></thead>
<tbody>
${lines}
</tbody></table>
</section>`;
  });
  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Daftar keterlambatan ${escapeHtml(library)} ${today}</title>
<style>
body { font-family: sans-serif; font-size: 11pt; }
section { page-break-inside: avoid; border-bottom: 1px dashed #888; padding: 0.5em 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: 2px 4px; text-align: left; }
td.n { text-align: right; }
</style>
</head>
<body>
<h1>Daftar keterlambatan — anggota tanpa e-mail dan telepon</h1>
<p>${escapeHtml(library)}, ${escapeHtml(tanggal(today))}: ${byMember.size} anggota, ${rows.length} eksemplar.</p>
${blocks.join('\n') || '<p>Tidak ada.</p>'}
</body>
</html>
`;
}

/** The overdue list as a document of the format asked. */
export function renderOverdueList(format: DeskDocumentFormat, rows: OverdueRow[], library: string, today: string): CollectionsDocument {
  const name = `overdue-${library}-${today}`;
  return format === DeskDocumentFormat.CSV
    ? { contentType: 'text/csv; charset=utf-8; header=present', filename: `${name}.csv`, body: csv(rows), rows: rows.length }
    : { contentType: 'text/html; charset=utf-8', filename: `${name}.html`, body: html(rows, library, today), rows: rows.length };
}
