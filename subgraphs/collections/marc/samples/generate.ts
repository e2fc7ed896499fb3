/**
 * Writes the MARC sample files next to this script, with marcjs, so that they can be rebuilt:
 *
 *   npx ts-node --transpile-only subgraphs/collections/marc/samples/generate.ts
 *
 * - slims-sample.mrc: ISO 2709 as SLiMS exports it — holdings in MARC 852 ($p barcode, $c shelf),
 *   five records: two good (one with copies lacking barcodes), one without a title, one with an
 *   invalid ISBN, one whose leader is damaged.
 * - koha-sample.xml: MARCXML as Koha exports it — holdings in 952 — four records: two good (one
 *   with the ISBN of the first SLiMS record: merged when both are imported), one without a year,
 *   one whose copy carries a barcode the good Koha record already uses.
 *
 * test/collections-marc.test.ts checks the files are what this script writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Marc, newMarcRecord, type MarcField } from '../marcjs';

const BOOK_LEADER = '00000nam a2200000 i 4500';
const fixed = (year: string, lang: string) => `261101s${year}    io ${' '.repeat(17)}${lang} d`;
const record = (fields: MarcField[]) => newMarcRecord(BOOK_LEADER, fields);

export function slimsRecords() {
  return [
    record([
      ['001', 'SLIMS-0001'],
      ['008', fixed('2019', 'ind')],
      ['020', '  ', 'a', '978-623-7000-01-3 (pbk.)'],
      ['082', '04', 'a', '899.221/3', '2', '23'],
      ['100', '1 ', 'a', 'Manafe, Yohanes Sanak,'],
      ['245', '10', 'a', 'Ombak di Teluk Kupang :', 'b', 'kumpulan cerita pendek /', 'c', 'Yohanes Sanak Manafe.'],
      ['250', '  ', 'a', 'Cet. 2.'],
      ['260', '  ', 'a', 'Kupang :', 'b', 'Lima Bintang,', 'c', '2019.'],
      ['650', ' 4', 'a', 'Cerita pendek Indonesia.'],
      ['651', ' 4', 'a', 'Nusa Tenggara Timur', 'x', 'Kehidupan sosial.'],
      ['852', '  ', 'a', 'Perpustakaan Daerah', 'c', 'Koleksi Lokal', 'b', 'LOKAL', 'h', '899.221 3 MAN o', 'p', 'SLIMS-00001'],
      ['852', '  ', 'a', 'Perpustakaan Daerah', 'c', 'Koleksi Lokal', 'b', 'LOKAL', 'h', '899.221 3 MAN o', 'p', 'SLIMS-00002'],
    ]),
    record([
      ['001', 'SLIMS-0002'],
      ['008', fixed('2020', 'ind')],
      ['082', '04', 'a', '630'],
      ['245', '10', 'b', 'tanpa judul utama'],
      ['260', '  ', 'b', 'Dinas Pertanian', 'c', '2020'],
    ]),
    record([
      ['001', 'SLIMS-0003'],
      ['008', fixed('2021', 'ind')],
      ['020', '  ', 'a', '978-602-000-0000'],
      ['082', '04', 'a', '641.5'],
      ['245', '10', 'a', 'Masakan Sabu Raijua'],
      ['260', '  ', 'b', 'Pustaka Timur', 'c', '2021'],
    ]),
    record([
      ['001', 'SLIMS-0004'],
      ['008', fixed('2018', 'ind')],
      ['082', '04', 'a', '959.86'],
      ['245', '10', 'a', 'Sejarah Pelabuhan Tenau'],
      ['260', '  ', 'b', 'Lima Bintang', 'c', '2018'],
    ]),
    record([
      ['001', 'SLIMS-0005'],
      ['008', fixed('2022', 'ind')],
      ['041', '0 ', 'a', 'ind'],
      ['082', '04', 'a', '633.15'],
      ['110', '2 ', 'a', 'Balai Pengkajian Teknologi Pertanian NTT.'],
      ['245', '10', 'a', 'Jagung di lahan kering /'],
      ['264', ' 1', 'a', 'Kupang', 'b', 'BPTP NTT', 'c', '[2022]'],
      ['650', ' 4', 'a', 'Pertanian lahan kering'],
      ['852', '  ', 'b', 'REF', 'h', '633.15 BAL j'],
      ['852', '  ', 'c', 'Rak Umum', 'h', '633.15 BAL j'],
    ]),
  ];
}

/** The ISO 2709 file; the fourth record's leader is damaged (its base address points nowhere). */
export function slimsSample(): Buffer {
  return Buffer.concat(
    slimsRecords().map((r, i) => {
      const bytes = Buffer.from(Marc.format(r, 'iso2709'), 'utf8');
      if (i === 3) bytes.write('99999', 12, 'latin1');
      return bytes;
    }),
  );
}

export function kohaRecords() {
  return [
    record([
      ['001', 'KOHA-101'],
      ['005', '20250301101500.0'],
      ['008', fixed('2019', 'ind')],
      ['020', '  ', 'a', '9786237000013'],
      ['041', '0 ', 'a', 'ind'],
      ['082', '04', 'a', '899.221 3'],
      ['100', '1 ', 'a', 'Manafe, Yohanes Sanak.'],
      ['245', '10', 'a', 'Ombak di Teluk Kupang'],
      ['264', ' 1', 'a', 'Kupang', 'b', 'Lima Bintang', 'c', '2019'],
      ['520', '  ', 'a', 'Dua belas cerita tentang nelayan di Teluk Kupang.'],
      ['650', ' 4', 'a', 'Nelayan', 'z', 'Kupang'],
      [
        '952',
        '  ',
        '0',
        '0',
        '1',
        '0',
        '7',
        '0',
        '8',
        'REF',
        'a',
        'KPG',
        'b',
        'KPG',
        'c',
        'Ruang Referensi',
        'd',
        '2025-03-01',
        'g',
        '85000.00',
        'o',
        '899.221 3 MAN o',
        'p',
        'KOHA-00101',
        'y',
        'BK',
      ],
    ]),
    record([
      ['001', 'KOHA-102'],
      ['008', fixed('2024', 'ind')],
      ['020', '  ', 'a', '978-623-7000-02-0'],
      ['082', '04', 'a', '306.089 922'],
      ['100', '1 ', 'a', 'Toelle, Maria Goreti'],
      ['245', '10', 'a', 'Tenun ikat Sumba & Timor :', 'b', 'makna dan motif /', 'c', 'Maria Goreti Toelle.'],
      ['250', '  ', 'a', 'Edisi revisi'],
      ['264', ' 1', 'a', 'Yogyakarta', 'b', 'Penerbit "Ombak"', 'c', '©2024'],
      ['650', ' 4', 'a', 'Tenun ikat'],
      ['650', ' 4', 'a', 'Kebudayaan', 'z', 'Nusa Tenggara Timur'],
      ['700', '1 ', 'a', 'Lado, Yakobus'],
      ['952', '  ', '8', 'GEN', 'a', 'KPG', 'c', 'Rak Umum', 'd', '2025-04-10', 'g', '120000', 'p', 'KOHA-00102'],
      ['952', '  ', '7', '1', '8', 'LOKAL', 'a', 'KPG', 'c', 'Koleksi Lokal', 'd', '2025-04-10', 'g', '120000', 'p', 'KOHA-00103'],
    ]),
    record([
      ['001', 'KOHA-103'],
      ['082', '04', 'a', '398.2'],
      ['245', '10', 'a', 'Cerita rakyat Alor'],
      ['264', ' 1', 'b', 'Dinas Kebudayaan'],
    ]),
    record([
      ['001', 'KOHA-104'],
      ['008', fixed('2023', 'eng')],
      ['082', '04', 'a', '915.986'],
      ['245', '10', 'a', 'Walking the islands of Flores'],
      ['264', ' 1', 'b', 'Periplus', 'c', '2023'],
      ['952', '  ', 'a', 'KPG', 'p', 'KOHA-00102'],
    ]),
  ];
}

/** The MARCXML file, as Koha writes it (a collection in the MARC 21 slim namespace). */
export function kohaSample(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<collection\n  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n  xsi:schemaLocation="http://www.loc.gov/MARC21/slim http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"\n  xmlns="http://www.loc.gov/MARC21/slim">\n' +
    kohaRecords()
      .map((r) => Marc.format(r, 'marcxml'))
      .join('') +
    '</collection>\n'
  );
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, 'slims-sample.mrc'), slimsSample());
  fs.writeFileSync(path.join(__dirname, 'koha-sample.xml'), kohaSample());
  console.log('wrote slims-sample.mrc and koha-sample.xml');
}
