import mysql from 'mysql2/promise';
import { demoFaker } from '../../shared/domain/demo';
import { addDays } from '../../shared/platform/time';

/**
 * A SLiMS 9 database of our own making, for the import's tests and benchmark
 * (test/slims-import.test.ts, scripts/bench-slims.ts): the tables the import reads, with the
 * table and column names and types of SLiMS 9's install/senayan.sql (search indexes left out),
 * filled by a generator modelled on SLiMS's own sample data — GMDs, collection types, the
 * 'SL' location, statuses 'R', 'NL', 'MIS', a 'Standard' member type — with Indonesian titles,
 * authors shared by many biblios, copies, members, loans open and returned, reserves, fines,
 * holidays and visitor check-ins.
 */

/** CREATE TABLE statements for the SLiMS tables the import reads. */
export const SLIMS_DDL: string[] = [
  `CREATE TABLE \`biblio\` (\`biblio_id\` int(11) NOT NULL auto_increment, \`gmd_id\` int(3) default NULL, \`title\` text NOT NULL, \`sor\` varchar(200) default NULL, \`edition\` varchar(50) default NULL, \`isbn_issn\` varchar(32) default NULL, \`publisher_id\` int(11) default NULL, \`publish_year\` varchar(20) default NULL, \`collation\` varchar(50) default NULL, \`series_title\` varchar(200) default NULL, \`call_number\` varchar(50) default NULL, \`language_id\` char(5) default 'en', \`source\` varchar(3) default NULL, \`publish_place_id\` int(11) default NULL, \`classification\` varchar(40) default NULL, \`notes\` text, \`image\` varchar(100) default NULL, \`file_att\` varchar(255) default NULL, \`opac_hide\` smallint(1) default 0, \`promoted\` smallint(1) default 0, \`labels\` text NULL, \`frequency_id\` int(11) NOT NULL default 0, \`spec_detail_info\` text, \`content_type_id\` int(11) default NULL, \`media_type_id\` int(11) default NULL, \`carrier_type_id\` int(11) default NULL, \`input_date\` datetime default NULL, \`last_update\` datetime default NULL, \`uid\` int(11) default NULL, PRIMARY KEY (\`biblio_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_author\` (\`author_id\` int(11) NOT NULL auto_increment, \`author_name\` varchar(100) NOT NULL, \`author_year\` varchar(20) default NULL, \`authority_type\` enum('p','o','c') default 'p', \`auth_list\` varchar(20) default NULL, \`input_date\` date NOT NULL, \`last_update\` date default NULL, PRIMARY KEY (\`author_id\`), UNIQUE KEY \`author_name\` (\`author_name\`, \`authority_type\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`biblio_author\` (\`biblio_id\` int(11) NOT NULL default '0', \`author_id\` int(11) NOT NULL default '0', \`level\` int(1) NOT NULL default '1', PRIMARY KEY (\`biblio_id\`,\`author_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_topic\` (\`topic_id\` int(11) NOT NULL auto_increment, \`topic\` varchar(50) NOT NULL, \`topic_type\` enum('t','g','n','tm','gr','oc') NOT NULL, \`auth_list\` varchar(20) default NULL, \`classification\` VARCHAR( 50 ) NOT NULL, \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`topic_id\`), UNIQUE KEY \`topic\` (\`topic\`, \`topic_type\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`biblio_topic\` (\`biblio_id\` int(11) NOT NULL default '0', \`topic_id\` int(11) NOT NULL default '0', \`level\` int(1) NOT NULL default '1', PRIMARY KEY (\`biblio_id\`,\`topic_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_publisher\` (\`publisher_id\` int(11) NOT NULL auto_increment, \`publisher_name\` varchar(100) NOT NULL, \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`publisher_id\`), UNIQUE KEY \`publisher_name\` (\`publisher_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_place\` (\`place_id\` int(11) NOT NULL auto_increment, \`place_name\` varchar(30) NOT NULL, \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`place_id\`), UNIQUE KEY \`place_name\` (\`place_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_gmd\` (\`gmd_id\` int(11) NOT NULL auto_increment, \`gmd_code\` varchar(3) default NULL, \`gmd_name\` varchar(30) NOT NULL, \`icon_image\` varchar(100) default NULL, \`input_date\` date NOT NULL, \`last_update\` date default NULL, PRIMARY KEY (\`gmd_id\`), UNIQUE KEY \`gmd_name\` (\`gmd_name\`), UNIQUE KEY \`gmd_code\` (\`gmd_code\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`item\` (\`item_id\` int(11) NOT NULL auto_increment, \`biblio_id\` int(11) default NULL, \`call_number\` varchar(50) default NULL, \`coll_type_id\` int(3) default NULL, \`item_code\` varchar(20) default NULL, \`inventory_code\` varchar(200) default NULL, \`received_date\` date default NULL, \`supplier_id\` varchar(6) default NULL, \`order_no\` varchar(20) default NULL, \`location_id\` varchar(3) default NULL, \`order_date\` date default NULL, \`item_status_id\` char(3) default NULL, \`site\` varchar(50) default NULL, \`source\` int(1) NOT NULL default '0', \`invoice\` varchar(20) default NULL, \`price\` int(11) default NULL, \`price_currency\` varchar(10) default NULL, \`invoice_date\` date default NULL, \`input_date\` datetime NOT NULL, \`last_update\` datetime default NULL, \`uid\` int(11) default NULL, PRIMARY KEY (\`item_id\`), UNIQUE KEY \`item_code\` (\`item_code\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_coll_type\` (\`coll_type_id\` int(3) NOT NULL auto_increment, \`coll_type_name\` varchar(30) NOT NULL, \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`coll_type_id\`), UNIQUE KEY \`coll_type_name\` (\`coll_type_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_location\` (\`location_id\` varchar(3) NOT NULL, \`location_name\` varchar(100) default NULL, \`input_date\` date NOT NULL, \`last_update\` date NOT NULL, PRIMARY KEY (\`location_id\`), UNIQUE KEY \`location_name\` (\`location_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_item_status\` (\`item_status_id\` char(3) NOT NULL, \`item_status_name\` varchar(30) NOT NULL, \`rules\` varchar(255) default NULL, \`no_loan\` smallint(1) NOT NULL default '0', \`skip_stock_take\` smallint(1) NOT NULL default '0', \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`item_status_id\`), UNIQUE KEY \`item_status_name\` (\`item_status_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`member\` (\`member_id\` varchar(20) NOT NULL, \`member_name\` varchar(100) NOT NULL, \`gender\` int(1) NOT NULL, \`birth_date\` date default NULL, \`member_type_id\` int(6) default NULL, \`member_address\` varchar(255) default NULL, \`member_mail_address\` varchar(255) default NULL, \`member_email\` varchar(100) default NULL, \`postal_code\` varchar(20) default NULL, \`inst_name\` varchar(100) default NULL, \`is_new\` int(1) default NULL, \`member_image\` varchar(200) default NULL, \`pin\` varchar(50) default NULL, \`member_phone\` varchar(50) default NULL, \`member_fax\` varchar(50) default NULL, \`member_since_date\` date default NULL, \`register_date\` date default NULL, \`expire_date\` date NOT NULL, \`member_notes\` text, \`is_pending\` smallint(1) NOT NULL default '0', \`mpasswd\` VARCHAR(64) NULL, \`last_login\` DATETIME NULL, \`last_login_ip\` VARCHAR(20) NULL, \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`member_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_member_type\` (\`member_type_id\` int(11) NOT NULL auto_increment, \`member_type_name\` varchar(50) NOT NULL, \`loan_limit\` int(11) NOT NULL, \`loan_periode\` int(11) NOT NULL, \`enable_reserve\` int(1) NOT NULL default '0', \`reserve_limit\` int(11) NOT NULL default '0', \`member_periode\` int(11) NOT NULL, \`reborrow_limit\` int(11) NOT NULL, \`fine_each_day\` int(11) NOT NULL, \`grace_periode\` int(2) default '0', \`input_date\` date NOT NULL, \`last_update\` date default NULL, PRIMARY KEY (\`member_type_id\`), UNIQUE KEY \`member_type_name\` (\`member_type_name\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`loan\` (\`loan_id\` int(11) NOT NULL AUTO_INCREMENT, \`item_code\` varchar(20) DEFAULT NULL, \`member_id\` varchar(20) DEFAULT NULL, \`loan_date\` date NOT NULL, \`due_date\` date NOT NULL, \`renewed\` int(11) NOT NULL DEFAULT '0', \`loan_rules_id\` int(11) NOT NULL DEFAULT '0', \`actual\` date DEFAULT NULL, \`is_lent\` int(11) NOT NULL DEFAULT '0', \`is_return\` int(11) NOT NULL DEFAULT '0', \`return_date\` date DEFAULT NULL, \`input_date\` datetime DEFAULT NULL, \`last_update\` datetime DEFAULT NULL, \`uid\` int(11) DEFAULT NULL, PRIMARY KEY (\`loan_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`reserve\` (\`reserve_id\` int(11) NOT NULL auto_increment, \`member_id\` varchar(20) NOT NULL, \`biblio_id\` int(11) NOT NULL, \`item_code\` varchar(20) NOT NULL, \`reserve_date\` datetime NOT NULL, PRIMARY KEY (\`reserve_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`fines\` (\`fines_id\` int(11) NOT NULL auto_increment, \`fines_date\` date NOT NULL, \`member_id\` varchar(20) NOT NULL, \`debet\` int(11) default '0', \`credit\` int(11) default '0', \`description\` varchar(255) default NULL, PRIMARY KEY (\`fines_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`mst_loan_rules\` (\`loan_rules_id\` int(11) NOT NULL auto_increment, \`member_type_id\` int(11) NOT NULL default '0', \`coll_type_id\` int(11) default '0', \`gmd_id\` int(11) default '0', \`loan_limit\` int(3) default '0', \`loan_periode\` int(3) default '0', \`reborrow_limit\` int(3) default '0', \`fine_each_day\` int(3) default '0', \`grace_periode\` int(2) default '0', \`input_date\` date default NULL, \`last_update\` date default NULL, PRIMARY KEY (\`loan_rules_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`holiday\` (\`holiday_id\` int(11) NOT NULL auto_increment, \`holiday_dayname\` varchar(20) NOT NULL, \`holiday_date\` date default NULL, \`description\` varchar(100) default NULL, PRIMARY KEY (\`holiday_id\`), UNIQUE KEY \`holiday_dayname\` (\`holiday_dayname\`,\`holiday_date\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE \`visitor_count\` (\`visitor_id\` int(11) NOT NULL AUTO_INCREMENT, \`member_id\` varchar(20) DEFAULT NULL, \`member_name\` varchar(255) NOT NULL, \`institution\` varchar(100) DEFAULT NULL, \`checkin_date\` datetime NOT NULL, PRIMARY KEY (\`visitor_id\`)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4`,
];

export interface SlimsSpec {
  /** Seeds the generator: the same spec makes the same database. */
  seed: string;
  /** The day the database was dumped: loans and cards are relative to it. */
  today: string;
  biblios: number;
  /** Copies per biblio, on average (2.4 makes 120,000 copies of 50,000 biblios). */
  copiesPerBiblio: number;
  members: number;
  loans: number;
  /** Reserves, fines and visitor days follow from these. Add the awkward rows of a real database (AWKWARD). */
  awkward?: boolean;
}

/** Ids of the awkward rows (`awkward: true`), for tests to look for. */
export const AWKWARD = {
  bareBiblio: 900001, // no ISBN, publisher, year nor classification
  untitledBiblio: 900002, // empty title: not importable
  badIsbnBiblio: 900003, // ISBN that is not one
  orphanItem: 900001, // its biblio 899999 is gone
  unbarcodedItem: 900002, // no item_code
  bareItem: 900003, // the copy of the bare biblio
  expiredMember: 'EXP0001',
  overdueLoan: 900001, // open, due ten days before `today`
  returnedLoan: 900002,
  ghostLoan: 900003, // of a member who does not exist
  paidFine: 900001, // debet and credit
  unpaidFine: 900002,
  ghostFine: 900003, // of a member who does not exist
  reserve: 900001,
  holiday: 900001, // a dated local holiday
  weeklyHoliday: 900002, // a weekday with no date: closed every Saturday
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid ISBN-13 in the 979-8 range, numbered: no clash with the demo catalogue's 978-602/623. */
export function slimsIsbn(n: number): string {
  const body = `97986${pad(n, 7)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function serverConnection(serverUrl: string, database?: string): Promise<mysql.Connection> {
  const url = new URL(serverUrl);
  return mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    charset: 'utf8mb4',
    dateStrings: true,
  });
}

/** The URL of a database on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates (afresh) an empty SLiMS database on a MySQL/MariaDB server; returns its URL. */
export async function createSlimsDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing database name ${name}`);
  const server = await serverConnection(serverUrl);
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await server.end();
  }
  const db = await serverConnection(serverUrl, name);
  try {
    for (const statement of SLIMS_DDL) await db.query(statement);
  } finally {
    await db.end();
  }
  return databaseUrl(serverUrl, name);
}

export async function dropSlimsDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing database name ${name}`);
  const server = await serverConnection(serverUrl);
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await server.end();
  }
}

type Value = string | number | null;

async function insert(db: mysql.Connection, table: string, columns: string[], rows: Value[][]): Promise<void> {
  const per = Math.max(1, Math.floor(20_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await db.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [chunk]);
  }
}

const GMDS: [number, string, string][] = [
  [1, 'TE', 'Text'],
  [11, 'MA', 'Map'],
  [18, 'SR', 'Sound Recording'],
  [21, 'VR', 'Video Recording'],
  [30, 'TH', 'Thesis'],
];
const COLL_TYPES: [number, string][] = [
  [1, 'Reference'],
  [2, 'Textbook'],
  [3, 'Fiction'],
  [4, 'Anak'],
  [5, 'Muatan Lokal'],
  [6, 'Hadiah'], // a gift collection: no equivalent, approximated to GENERAL
];
const SUBJECTS = [
  'Pertanian',
  'Sejarah Indonesia',
  'Pendidikan',
  'Kesehatan masyarakat',
  'Sastra Indonesia',
  'Cerita rakyat',
  'Perikanan',
  'Ekonomi',
  'Agama Islam',
  'Agama Kristen',
  'Teknologi informasi',
  'Hukum',
  'Pariwisata',
  'Budaya Nusa Tenggara Timur',
  'Bahasa Inggris',
  'Matematika',
  'Kewirausahaan',
  'Lingkungan hidup',
  'Anak-anak',
  'Gizi',
];
const CLASSES = [
  '630',
  '959.8',
  '370',
  '362.1',
  '899.221 3',
  '398.2',
  '639.2',
  '330',
  '2X0',
  '230',
  '005.13/3 22',
  '340',
  '338.479 1',
  '306.095 986',
  '420',
  '510',
  '658.11',
  '363.7',
  '028.5',
  '613.2',
];
const WORDS = [
  'Menanam',
  'Jagung',
  'Laut',
  'Sawu',
  'Kisah',
  'Anak',
  'Pulau',
  'Timor',
  'Tenun',
  'Ikat',
  'Nelayan',
  'Sejarah',
  'Kota',
  'Kupang',
  'Buton',
  'Pasuruan',
  'Siantar',
  'Belajar',
  'Membaca',
  'Hutan',
  'Sungai',
  'Pasar',
  'Sekolah',
  'Guru',
  'Desa',
  'Kopi',
  'Garam',
  'Rumput',
  'Lontar',
  'Cendana',
];

/** Fills an empty SLiMS database (createSlimsDatabase) as the spec says. */
export async function fillSlims(url: string, spec: SlimsSpec): Promise<void> {
  const u = new URL(url);
  const db = await serverConnection(url, decodeURIComponent(u.pathname.slice(1)));
  const f = demoFaker(`slims:${spec.seed}`);
  const { today } = spec;
  const day = (from: number, to: number) => addDays(today, -f.number.int({ min: from, max: to }));
  try {
    await insert(
      db,
      'mst_gmd',
      ['gmd_id', 'gmd_code', 'gmd_name', 'input_date'],
      GMDS.map(([id, code, name]) => [id, code, name, today]),
    );
    await insert(db, 'mst_coll_type', ['coll_type_id', 'coll_type_name'], COLL_TYPES);
    await insert(
      db,
      'mst_location',
      ['location_id', 'location_name', 'input_date', 'last_update'],
      [
        ['SL', 'My Library', today, today],
        ['RA', 'Ruang Anak', today, today],
      ],
    );
    await insert(
      db,
      'mst_item_status',
      ['item_status_id', 'item_status_name', 'no_loan', 'skip_stock_take'],
      [
        ['R', 'Repair', 1, 0],
        ['NL', 'No Loan', 1, 0],
        ['MIS', 'Missing', 1, 1],
        ['PJ', 'Dipajang', 1, 0], // on display: no equivalent, approximated to NOT_FOR_LOAN
      ],
    );
    const memberTypes: Value[][] = [
      [1, 'Standard', 2, 7, 1, 2, 365, 1, 0, 0, today],
      [2, 'Pelajar', 3, 14, 1, 2, 365, 1, 500, 1, today],
      [3, 'Anak', 2, 7, 0, 0, 365, 1, 250, 2, today],
    ];
    await insert(
      db,
      'mst_member_type',
      [
        'member_type_id',
        'member_type_name',
        'loan_limit',
        'loan_periode',
        'enable_reserve',
        'reserve_limit',
        'member_periode',
        'reborrow_limit',
        'fine_each_day',
        'grace_periode',
        'input_date',
      ],
      memberTypes,
    );
    await insert(
      db,
      'mst_loan_rules',
      ['loan_rules_id', 'member_type_id', 'coll_type_id', 'gmd_id', 'loan_limit', 'loan_periode', 'reborrow_limit', 'fine_each_day', 'grace_periode'],
      [
        [1, 2, 0, 21, 1, 3, 0, 1000, 0], // students and video recordings
        [2, 1, 1, 1, 1, 1, 0, 1000, 0], // reference texts, by collection type (no place here)
      ],
    );

    const publishers = Array.from({ length: 40 }, (_, i) => [i + 1, `${f.company.name()} ${i + 1}`]);
    await insert(db, 'mst_publisher', ['publisher_id', 'publisher_name'], publishers);
    const places = ['Kupang', 'Jakarta', 'Yogyakarta', 'Bandung', 'Surabaya', 'Makassar', 'Medan', 'Ende', 'Baubau', 'Malang'];
    await insert(
      db,
      'mst_place',
      ['place_id', 'place_name'],
      places.map((p, i) => [i + 1, p]),
    );
    // Fewer authors than biblios: many biblios share an author, as in a real catalogue.
    const authorCount = Math.max(5, Math.ceil(spec.biblios / 3));
    const authors: Value[][] = Array.from({ length: authorCount }, (_, i) => {
      const organisation = i % 17 === 16;
      const name = organisation
        ? `Dinas ${f.helpers.arrayElement(['Pertanian', 'Pendidikan', 'Kesehatan', 'Perikanan'])} Kabupaten ${i}`
        : `${f.person.lastName()}, ${f.person.firstName()} ${i}`;
      return [i + 1, name, organisation ? 'o' : 'p', today];
    });
    await insert(db, 'mst_author', ['author_id', 'author_name', 'authority_type', 'input_date'], authors);
    await insert(
      db,
      'mst_topic',
      ['topic_id', 'topic', 'topic_type', 'classification'],
      SUBJECTS.map((s, i) => [i + 1, s, 't', '']),
    );

    // Biblios, their authors and topics.
    const biblios: Value[][] = [];
    const biblioAuthors: Value[][] = [];
    const biblioTopics: Value[][] = [];
    for (let id = 1; id <= spec.biblios; id++) {
      const classIndex = f.number.int({ min: 0, max: CLASSES.length - 1 });
      const hasIsbn = f.number.float() < 0.85;
      const title = `${f.helpers.arrayElements(WORDS, { min: 2, max: 4 }).join(' ')}${hasIsbn ? '' : ` jilid ${id}`}`;
      const subtitle = f.number.float() < 0.3 ? ` : ${f.helpers.arrayElements(WORDS, 2).join(' ').toLowerCase()}` : '';
      const year = f.number.int({ min: 1975, max: Number(today.slice(0, 4)) });
      const klass = f.number.float() < 0.9 ? CLASSES[classIndex] : null;
      const first = f.number.int({ min: 1, max: authorCount });
      biblios.push([
        id,
        f.helpers.weightedArrayElement([
          { value: 1, weight: 90 },
          { value: 11, weight: 2 },
          { value: 18, weight: 2 },
          { value: 21, weight: 3 },
          { value: 30, weight: 3 },
        ]),
        `${title}${subtitle}`,
        f.number.float() < 0.2 ? 'Cet. 2' : null,
        hasIsbn ? (id % 9 === 0 ? slimsIsbn(id).replace(/^(\d{3})(\d)(\d{4})(\d{4})(\d)$/, '$1-$2-$3-$4-$5') : slimsIsbn(id)) : null,
        f.number.float() < 0.92 ? f.number.int({ min: 1, max: publishers.length }) : null,
        f.number.float() < 0.9 ? (id % 13 === 0 ? `c${year}` : String(year)) : null,
        `${f.number.int({ min: 40, max: 400 })} hlm. ; 21 cm`,
        f.number.float() < 0.1 ? 'Seri Pengetahuan Daerah' : null,
        klass
          ? `${klass.replace(/\/| \d{2}$/g, '')} ${String(authors[first - 1][1])
              .slice(0, 3)
              .toUpperCase()} ${title[0].toLowerCase()}`
          : null,
        f.number.float() < 0.85 ? 'id' : 'en',
        f.number.int({ min: 1, max: places.length }),
        klass,
        f.number.float() < 0.1 ? 'Termasuk bibliografi dan indeks.' : null,
        `${addDays(today, -f.number.int({ min: 30, max: 4000 }))} 10:00:00`,
      ]);
      const names = new Set([first]);
      if (f.number.float() < 0.3) names.add(f.number.int({ min: 1, max: authorCount }));
      [...names].forEach((a, level) => biblioAuthors.push([id, a, level + 1]));
      f.helpers.arrayElements(SUBJECTS, { min: 1, max: 2 }).forEach((s, level) => biblioTopics.push([id, SUBJECTS.indexOf(s) + 1, level + 1]));
    }
    if (spec.awkward) {
      biblios.push([AWKWARD.bareBiblio, 1, 'Catatan harian seorang pustakawan', null, null, null, null, null, null, null, 'id', null, null, null, `${today} 09:00:00`]);
      biblios.push([AWKWARD.untitledBiblio, 1, '', null, null, 1, '2001', null, null, null, 'id', null, '020', null, `${today} 09:00:00`]);
      biblios.push([AWKWARD.badIsbnBiblio, 1, 'Buku dengan ISBN salah', null, '123-ABC', 1, 'tahun 20-an', null, null, null, 'xx', null, 'NF', null, `${today} 09:00:00`]);
      biblioAuthors.push([AWKWARD.badIsbnBiblio, 1, 1]);
    }
    await insert(
      db,
      'biblio',
      [
        'biblio_id',
        'gmd_id',
        'title',
        'edition',
        'isbn_issn',
        'publisher_id',
        'publish_year',
        'collation',
        'series_title',
        'call_number',
        'language_id',
        'publish_place_id',
        'classification',
        'notes',
        'input_date',
      ],
      biblios,
    );
    await insert(db, 'biblio_author', ['biblio_id', 'author_id', 'level'], biblioAuthors);
    await insert(db, 'biblio_topic', ['biblio_id', 'topic_id', 'level'], biblioTopics);

    // Copies.
    const items: Value[][] = [];
    const codes: string[] = [];
    let itemId = 0;
    const whole = Math.floor(spec.copiesPerBiblio);
    for (let b = 1; b <= spec.biblios; b++) {
      const copies = whole + (f.number.float() < spec.copiesPerBiblio - whole ? 1 : 0);
      for (let c = 0; c < copies; c++) {
        itemId += 1;
        const code = `B${pad(itemId, 6)}`;
        codes.push(code);
        const received = day(30, 3000);
        items.push([
          itemId,
          b,
          null,
          f.helpers.weightedArrayElement([
            { value: 2, weight: 50 },
            { value: 3, weight: 25 },
            { value: 1, weight: 8 },
            { value: 4, weight: 10 },
            { value: 5, weight: 5 },
            { value: 6, weight: 2 },
          ]),
          code,
          `INV/${code}`,
          received,
          f.number.float() < 0.5 ? 'SL' : 'RA',
          f.helpers.weightedArrayElement([
            { value: '0', weight: 94 },
            { value: 'R', weight: 2 },
            { value: 'NL', weight: 2 },
            { value: 'MIS', weight: 1 },
            { value: 'PJ', weight: 1 },
          ]),
          null,
          f.number.int({ min: 25, max: 150 }) * 1000,
          'Rupiah',
          `${received} 10:00:00`,
        ]);
      }
    }
    if (spec.awkward) {
      items.push([AWKWARD.orphanItem, 899999, null, 2, 'B900001', null, day(400, 500), 'SL', '0', null, 40000, 'Rupiah', `${today} 09:00:00`]);
      items.push([AWKWARD.unbarcodedItem, 1, null, 2, null, null, day(400, 500), 'SL', '0', null, 40000, 'Rupiah', `${today} 09:00:00`]);
      items.push([AWKWARD.bareItem, AWKWARD.bareBiblio, null, 2, 'B900003', null, null, null, '0', 'Rak 7', null, null, `${today} 09:00:00`]);
    }
    await insert(
      db,
      'item',
      [
        'item_id',
        'biblio_id',
        'call_number',
        'coll_type_id',
        'item_code',
        'inventory_code',
        'received_date',
        'location_id',
        'item_status_id',
        'site',
        'price',
        'price_currency',
        'input_date',
      ],
      items,
    );

    // Members.
    const members: Value[][] = [];
    const memberIds: string[] = [];
    for (let m = 1; m <= spec.members; m++) {
      const id = `${2015 + (m % 10)}${pad(m, 6)}`;
      memberIds.push(id);
      const since = day(30, 3000);
      const expired = f.number.float() < 0.1;
      members.push([
        id,
        f.person.fullName(),
        f.number.int({ min: 0, max: 1 }),
        f.helpers.weightedArrayElement([
          { value: 1, weight: 60 },
          { value: 2, weight: 30 },
          { value: 3, weight: 10 },
        ]),
        f.location.streetAddress(),
        f.number.float() < 0.7 ? f.internet.email().toLowerCase() : null,
        f.number.float() < 0.8 ? `08${f.string.numeric(10)}` : null,
        since,
        since,
        expired ? day(1, 300) : addDays(today, f.number.int({ min: 10, max: 365 })),
        0,
        // SLiMS's hashed member password: read by nobody here.
        f.string.alphanumeric(60),
        since,
      ]);
    }
    if (spec.awkward) {
      members.push([AWKWARD.expiredMember, 'Anggota Kedaluwarsa', 1, 1, null, null, null, '2019-01-05', '2019-01-05', '2024-01-05', 0, null, '2019-01-05']);
      memberIds.push(AWKWARD.expiredMember);
    }
    await insert(
      db,
      'member',
      [
        'member_id',
        'member_name',
        'gender',
        'member_type_id',
        'member_address',
        'member_email',
        'member_phone',
        'member_since_date',
        'register_date',
        'expire_date',
        'is_pending',
        'mpasswd',
        'input_date',
      ],
      members,
    );

    // Loans: most returned; about 8 % still out (some overdue), at most one open loan per copy.
    const loans: Value[][] = [];
    const fines: Value[][] = [];
    const out = new Set<string>();
    const onShelf = new Set(codes);
    let fineId = 0;
    for (let l = 1; l <= spec.loans && codes.length && memberIds.length; l++) {
      const code = f.helpers.arrayElement(codes);
      const member = f.helpers.arrayElement(memberIds);
      const open = f.number.float() < 0.08 && !out.has(code);
      const loanDate = open ? day(1, 25) : day(20, 1000);
      const due = addDays(loanDate, 7);
      if (open) {
        out.add(code);
        onShelf.delete(code);
        loans.push([l, code, member, loanDate, due, 0, 0, 0, null, `${loanDate} 10:00:00`]);
        continue;
      }
      const late = f.number.float() < 0.15 ? f.number.int({ min: 1, max: 20 }) : 0;
      const returned = addDays(due, late - (late ? 0 : f.number.int({ min: 0, max: 6 })));
      loans.push([l, code, member, loanDate, due, f.number.float() < 0.1 ? 1 : 0, 1, 0, returned, `${loanDate} 10:00:00`]);
      if (late) {
        fines.push([++fineId, returned, member, late * 500, 0, `Denda keterlambatan untuk eksemplar ${code}`]);
        if (f.number.float() < 0.6) fines.push([++fineId, addDays(returned, 1), member, 0, late * 500, `Pembayaran denda eksemplar ${code}`]);
      }
    }
    if (spec.awkward && codes.length >= 3 && memberIds.length) {
      const [a, b] = [...onShelf];
      loans.push([AWKWARD.overdueLoan, a, memberIds[0], addDays(today, -17), addDays(today, -10), 0, 0, 0, null, `${addDays(today, -17)} 10:00:00`]);
      loans.push([AWKWARD.returnedLoan, b, memberIds[0], addDays(today, -40), addDays(today, -33), 1, 1, 0, addDays(today, -30), `${addDays(today, -40)} 10:00:00`]);
      loans.push([AWKWARD.ghostLoan, b, 'GHOST01', addDays(today, -90), addDays(today, -83), 0, 1, 0, addDays(today, -85), `${addDays(today, -90)} 10:00:00`]);
      fines.push([AWKWARD.paidFine, addDays(today, -30), memberIds[0], 1500, 1500, `Denda keterlambatan untuk eksemplar ${b}`]);
      fines.push([AWKWARD.unpaidFine, addDays(today, -5), memberIds[1] ?? memberIds[0], 2500, 0, 'Buku rusak terkena air']);
      fines.push([AWKWARD.ghostFine, addDays(today, -5), 'GHOST01', 1000, 0, 'Denda keterlambatan']);
    }
    await insert(db, 'loan', ['loan_id', 'item_code', 'member_id', 'loan_date', 'due_date', 'renewed', 'is_return', 'loan_rules_id', 'return_date', 'input_date'], loans);
    await insert(db, 'fines', ['fines_id', 'fines_date', 'member_id', 'debet', 'credit', 'description'], fines);

    // Reserves: members waiting for titles whose copies are all out.
    const reserves: Value[][] = [];
    const outTitles = [...out].map((c) => Number(c.slice(1))).map((i) => items[i - 1][1] as number);
    const reserveCount = Math.min(outTitles.length, Math.ceil(spec.members / 100));
    for (let r = 1; r <= reserveCount; r++) {
      reserves.push([r, f.helpers.arrayElement(memberIds), outTitles[r - 1], '', `${day(0, 5)} 11:15:00`]);
    }
    if (spec.awkward && memberIds.length > 2 && codes.length) {
      const bib = items.find((i) => i[4] === loans.find((l) => l[0] === AWKWARD.overdueLoan)?.[1])?.[1] as number | undefined;
      if (bib) reserves.push([AWKWARD.reserve, memberIds[2], bib, '', `${addDays(today, -2)} 14:30:00`]);
    }
    await insert(db, 'reserve', ['reserve_id', 'member_id', 'biblio_id', 'item_code', 'reserve_date'], reserves);

    const holidays: Value[][] = [[1, 'Sun', null, 'Minggu']];
    if (spec.awkward) {
      holidays.push([AWKWARD.holiday, 'Fri', addDays(today, 18), 'HUT Kota']);
      holidays.push([AWKWARD.weeklyHoliday, 'Sat', null, 'Sabtu tutup']);
    }
    await insert(db, 'holiday', ['holiday_id', 'holiday_dayname', 'holiday_date', 'description'], holidays);

    // Visitor check-ins over the last 30 days.
    const visits: Value[][] = [];
    for (let d = 1; d <= 30; d++) {
      const date = addDays(today, -d);
      const n = f.number.int({ min: 3, max: Math.max(5, Math.ceil(spec.members / 50)) });
      for (let v = 0; v < n; v++) {
        const member = f.number.float() < 0.6 ? f.helpers.arrayElement(memberIds) : null;
        visits.push([member, member ? 'Anggota' : f.person.fullName(), member ? null : 'SMA Negeri 1', `${date} ${pad(f.number.int({ min: 8, max: 16 }), 2)}:00:00`]);
      }
    }
    await insert(db, 'visitor_count', ['member_id', 'member_name', 'institution', 'checkin_date'], visits);
  } finally {
    await db.end();
  }
}
