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
 * - slims-export.mrc: ISO 2709 as SLiMS 9's own MARC export (admin/modules/bibliography/
 *   marcexport.php, PEAR File_MARC) writes it, for four biblio records of SLiMS's
 *   install/sampledata.sql: no 001/003/008, a leader with only the computed positions and
 *   '22'/'4500', fields in the order SLiMS appends them (245 with ind1 0 and $h GMD, 020, 250,
 *   100/700 with the names as SLiMS keeps them, "Surname, Forename", blank indicators, 650, a
 *   005 written as a data field with $a, 260 $a $b $c, 041, the class in 084, 300, 500, 490).
 *
 * test/collections-marc.test.ts and test/marc-round-trip.test.ts check the files are what this script writes.
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

/** File_MARC's leader when SLiMS sets none: blanks, '22' at 10-11 and '4500' at 20-23 (the writer computes 00-04 and 12-16). */
const SLIMS_LEADER = '00000     2200000   4500';
/** SLiMS writes 005 with File_MARC_Data_Field: blank indicators and a subfield $a, which readers take as a control field's value. */
const slims005 = (lastUpdate: string) => `  \x1fa${lastUpdate}`;

export function slimsExportRecords() {
  return [
    newMarcRecord(SLIMS_LEADER, [
      ['245', '0 ', 'a', 'PHP 5 for dummies', 'h', 'Text'],
      ['020', '  ', 'a', '0764541668'],
      ['100', '  ', 'a', 'Valade, Janet'],
      ['650', '  ', 'a', 'Programming'],
      ['650', '  ', 'a', 'Website'],
      ['005', slims005('20071129162659')],
      ['260', '  ', 'a', 'Hoboken, NJ', 'b', 'Wiley', 'c', '2004'],
      ['041', '  ', 'a', 'en'],
      ['084', '  ', 'a', '005.13/3 22'],
      ['300', '  ', 'a', 'xiv, 392 p. : ill. ', 'b', ' 24 cm.', 'c', 'xiv, 392 p. : ill. ; 24 cm.'],
      ['490', '  ', 'a', 'For dummies'],
    ]),
    newMarcRecord(SLIMS_LEADER, [
      ['245', '0 ', 'a', 'Linux In a Nutshell', 'h', 'Text'],
      ['020', '  ', 'a', '9780596009304'],
      ['250', '  ', 'a', 'Fifth Edition'],
      ['100', '  ', 'a', 'Siever, Ellen'],
      ['700', '  ', 'a', 'Love, Robert'],
      ['700', '  ', 'a', 'Robbins, Arnold'],
      ['700', '  ', 'a', 'Figgins, Stephen'],
      ['700', '  ', 'a', 'Weber, Aaron'],
      ['650', '  ', 'a', 'Operating System'],
      ['650', '  ', 'a', 'Linux'],
      ['650', '  ', 'a', 'Computer'],
      ['005', slims005('20071129162610')],
      ['260', '  ', 'a', 'Sebastopol, CA', 'b', 'OReilly', 'c', '2005'],
      ['041', '  ', 'a', 'en'],
      ['084', '  ', 'a', '005.4/32 22'],
      ['300', '  ', 'a', 'xiv, 925 p. : ill. ', 'b', ' 23 cm.', 'c', 'xiv, 925 p. : ill. ; 23 cm.'],
      ['490', '  ', 'a', 'In a Nutshell'],
    ]),
    newMarcRecord(SLIMS_LEADER, [
      ['245', '0 ', 'a', 'Producing open source software ', 'b', ' :  how to run a successful free software project', 'h', 'Text'],
      ['020', '  ', 'a', '9780596007591'],
      ['250', '  ', 'a', '1st ed.'],
      ['100', '  ', 'a', 'Fogel, Karl'],
      ['650', '  ', 'a', 'Open Source'],
      ['650', '  ', 'a', 'Project'],
      ['005', slims005('20071129163121')],
      ['260', '  ', 'a', 'Sebastopol, CA', 'b', 'OReilly', 'c', '2005'],
      ['041', '  ', 'a', 'en'],
      ['084', '  ', 'a', '005.1 22'],
      ['300', '  ', 'a', 'xx, 279 p. ', 'b', ' 24 cm.', 'c', 'xx, 279 p. ; 24 cm.'],
      ['500', '  ', 'a', 'Includes index.'],
    ]),
    // A record as SLiMS holds many: no ISBN, no publisher, no year, no class.
    newMarcRecord(SLIMS_LEADER, [
      ['245', '0 ', 'a', 'Laporan tahunan Perpustakaan Daerah Kupang', 'h', 'Text'],
      ['110', '  ', 'a', 'Perpustakaan Daerah Kupang'],
      ['650', '  ', 'a', 'Perpustakaan', 'z', 'Kupang'],
      ['005', slims005('20240105090000')],
      ['260', '  ', 'a', 'Kupang', 'b', '', 'c', ''],
      ['041', '  ', 'a', 'id'],
      ['084', '  ', 'a', ''],
    ]),
  ];
}

/** The ISO 2709 file, as SLiMS's export writes it. */
export function slimsExport(): Buffer {
  return Buffer.from(
    slimsExportRecords()
      .map((r) => Marc.format(r, 'iso2709'))
      .join(''),
    'utf8',
  );
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, 'slims-export.mrc'), slimsExport());
  fs.writeFileSync(path.join(__dirname, 'slims-sample.mrc'), slimsSample());
  fs.writeFileSync(path.join(__dirname, 'koha-sample.xml'), kohaSample());
  console.log('wrote slims-sample.mrc, koha-sample.xml and slims-export.mrc');
}
