import type { EntityManager } from 'typeorm';
import { demoId, type DemoLibrary } from '../../../../shared/domain/demo';
import {
  cityMemberPerson,
  cityPartners,
  cityProfile,
  citySchoolPartners,
  demandWeight,
  demoLoadDay,
  demoRandom,
  demoWindow,
  emailFor,
  isOpenDay,
  type CityProfile,
  type DemoRandom,
} from '../../../../shared/domain/demo-city';
import type { DemoSettings } from '../../../../shared/platform/config';
import { offsetMinutes } from '../../../../shared/platform/time';
import { BibliographicRecord, MaterialType } from '../../catalogue/bibliographic-record.entity';
import { formatBarcode, LIBRARY_CODES } from '../../catalogue/barcodes';
import { CollectionType, Item, ItemStatus } from '../../catalogue/item.entity';
import { FineEntry, FineKind } from '../../circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../../circulation/hold.entity';
import type { LoanRule } from '../../circulation/loan-rule.entity';
import { Loan } from '../../circulation/loan.entity';
import { fineCapFor, pickRule } from '../../circulation/rules';
import { Member, MemberStatus, MemberType } from '../../members/member.entity';
import { foldName } from '../../members/fold-name';
import { SHELF_COLLECTION, SHELF_LOCATION } from '../catalogue';
import { demoLoanRules } from '../circulation';
import { cityCatalogue, normal, type CityTitle, type Genre } from './catalogue';
import { insertMany } from '../../../../shared/platform/database';
import type { CityCollection } from './context';

/**
 * The core of the city demo for one library: its catalogue, copies, card holders and two years of
 * circulation played day by day under its loan rules and calendar — loans (most back on time,
 * some late with their fines and payments, the recent ones still out), renewals, holds (filled
 * when a copy comes back, some cancelled or never picked up, a few waiting or on the hold shelf
 * today). A copy is never lent twice at once and is ON_LOAN exactly while a loan of it is open.
 * `generateCityCore` is pure (rows in memory); `seedCityCore` inserts them.
 */

export interface CityCore extends CityCollection {
  fines: FineEntry[];
}

// ---- the calendar as arrays over the day index (0 = the window's first day) -------------------

const DAY_MS = 86_400_000;
/** Days after the load day the arrays reach: the latest due date of a loan still out (60 days, a renewal, closed days). */
const AHEAD = 320;

interface Days {
  /** Index of the load day. */
  load: number;
  length: number;
  date: string[];
  open: Uint8Array;
  /** The first open day on or after i. */
  nextOpen: Int32Array;
  /** Open days before i. */
  openBefore: Int32Array;
  /** UTC milliseconds of the day's local midnight. */
  midnight: Float64Array;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: Uint8Array;
  weight: Float64Array;
}

function calendarDays(profile: CityProfile, library: DemoLibrary, loadDay: string, from: string): Days {
  const start = Date.parse(`${from}T00:00:00Z`);
  const load = Math.round((Date.parse(`${loadDay}T00:00:00Z`) - start) / DAY_MS);
  const length = load + AHEAD;
  // Indonesia keeps no daylight saving time: one offset for the whole span.
  const offset = offsetMinutes(new Date(Date.parse(`${loadDay}T12:00:00Z`)), library.timezone) * 60_000;
  const days: Days = {
    load,
    length,
    date: new Array<string>(length),
    open: new Uint8Array(length),
    nextOpen: new Int32Array(length),
    openBefore: new Int32Array(length + 1),
    midnight: new Float64Array(length),
    weekday: new Uint8Array(length),
    weight: new Float64Array(length),
  };
  for (let i = 0; i < length; i++) {
    const ms = start + i * DAY_MS;
    const date = new Date(ms).toISOString().slice(0, 10);
    days.date[i] = date;
    days.open[i] = isOpenDay(library.id, date) ? 1 : 0;
    days.openBefore[i + 1] = days.openBefore[i] + days.open[i];
    days.midnight[i] = ms - offset;
    days.weekday[i] = new Date(ms).getUTCDay();
    if (i < load) days.weight[i] = demandWeight(profile, date, loadDay);
  }
  let next = length + 60;
  for (let i = length - 1; i >= 0; i--) {
    if (days.open[i]) next = i;
    days.nextOpen[i] = next;
  }
  return days;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

// ---- reading interests ----------------------------------------------------------------------

type Reader = MemberType;

/** How much each kind of card holder asks for each genre (times the title's own popularity). */
const AFFINITY: Record<Reader, Partial<Record<Genre, number>>> = {
  [MemberType.CHILD]: { children: 10, comics: 5, fiction: 0.5, religion: 0.3, school: 0.6, local: 0.4, science: 0.2, arts: 0.3, media: 0.4 },
  [MemberType.STUDENT]: {
    fiction: 2.2,
    comics: 2,
    school: 4,
    self: 1.5,
    science: 1.2,
    social: 0.8,
    applied: 0.6,
    history: 1,
    arts: 1,
    religion: 0.6,
    local: 0.8,
    children: 0.2,
    serial: 0.5,
    media: 0.6,
    reference: 0.3,
  },
  [MemberType.ADULT]: {
    fiction: 1.5,
    applied: 2,
    religion: 1.3,
    social: 1.2,
    self: 1.3,
    history: 1,
    arts: 1,
    local: 1.2,
    science: 0.6,
    school: 0.4,
    children: 0.6,
    comics: 0.5,
    serial: 1,
    media: 0.5,
    reference: 0.4,
  },
  [MemberType.SENIOR]: { religion: 3, history: 2, local: 2, applied: 1.2, fiction: 0.8, social: 1, self: 0.6, serial: 1.2, arts: 0.4, children: 0.3, reference: 0.3 },
  [MemberType.INSTITUTION]: { children: 3, school: 3, fiction: 1.5, local: 1, comics: 0.5, science: 0.5, history: 0.5 },
};

/** BPS code of the city: the first part of a card number (as the fixture prints them). */
const BPS: Record<string, string> = { kupang: '5371', baubau: '7472', pasuruan: '3575', 'pematang-siantar': '1272' };
/** The city's telephone area code, for schools' landlines. */
const AREA: Record<string, string> = { kupang: '0380', baubau: '0402', pasuruan: '0343', 'pematang-siantar': '0622' };
const OPERATORS = ['0811', '0812', '0813', '0821', '0822', '0823', '0852', '0853', '0857', '0858', '0877', '0878', '0895', '0896', '0881', '0831'];
const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.co.id', 'yahoo.com', 'ymail.com', 'outlook.com'];

// ---- weighted choice ----------------------------------------------------------------------------

class Weighted {
  private readonly cumulative: Float64Array;
  readonly total: number;
  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = acc += weights[i];
    this.total = acc;
  }
  pick(r: DemoRandom): number {
    const u = r.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Ids for the bulk tables: the UUID of (kind, library) with the row's number in its last group —
 * stable, unique, and without a hash per row (a few hundred thousand loans per city).
 */
function serialIds(kind: string, libraryId: string): (n: number) => string {
  const head = demoId(kind, libraryId).slice(0, 24);
  return (n) => head + n.toString(16).padStart(12, '0');
}

/** Rows sorted by an instant in whole seconds, ties in the order they were made. */
function inTimeOrder<T>(rows: T[], instant: (row: T) => Date): T[] {
  // Each key is (second, position) in one exact double: as many position bits as the rows need
  // (2^20 held the city demo's, not a DEMO_SCALE=10 library's 1.5 million loans).
  const span = 2 ** Math.max(20, Math.ceil(Math.log2(rows.length + 1)));
  const keys = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    keys[k] = Math.floor(instant(rows[k]).getTime() / 1000) * span + k;
    if (!Number.isSafeInteger(keys[k])) throw new Error(`inTimeOrder: ${rows.length} rows are too many to order exactly`);
  }
  keys.sort();
  const out = new Array<T>(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = rows[keys[k] % span];
  return out;
}

// ---- generation -------------------------------------------------------------------------------

interface Person {
  member: Member;
  type: MemberType;
  /** Day indexes the card is valid (join … expiry; Infinity when still valid). */
  from: number;
  until: number;
  /** Return days of the loans they have (to keep them within their rule's limit). */
  out: number[];
  /** Unpaid charges: [day charged, amount]. */
  unpaid: [number, number][];
  maxUnpaid: number;
}

interface Copy {
  item: Item;
  title: number;
  /** The first day index it can be lent (its acquisition, the day after its return, or after its hold). */
  freeFrom: number;
  lendable: boolean;
}

const NEVER = 1e9;

/**
 * What a city library adds a year: its copies acquired in each calendar year from the first of the history
 * on are 4–7 % of its stock (a rate of the city's, a little more each year; the current year's in proportion to
 * the days gone by), as its yearly budget buys. The new titles of a year are bought that year (never before they
 * are out); the rest of a year's share are further copies of older titles, those the title's story dated latest
 * first; what the story dated in those years beyond the shares was bought before them. A title's copies bought
 * together stay together; within its year a purchase falls on any day from the title's publication on.
 */
function spreadAcquisitions(
  planned: { title: number; acquired: number; earliest: number }[],
  stock: number,
  from: string,
  loadDay: string,
  lastAcquisition: number,
  r: DemoRandom,
): void {
  const firstYear = Number(from.slice(0, 4));
  const loadYear = Number(loadDay.slice(0, 4));
  const yearStart = (y: number) => Date.parse(`${y}-01-01T00:00:00Z`);
  const historyStart = yearStart(firstYear);
  const rate = 0.046 + 0.008 * r.float();
  const growth = 0.0025 + 0.002 * r.float();
  // Purchases: a title's copies with the same date.
  const purchases: { copies: number[]; acquired: number; earliest: number; year: number }[] = [];
  const byKey = new Map<string, (typeof purchases)[number]>();
  planned.forEach((p, k) => {
    const key = `${p.title}|${p.acquired}`;
    const purchase = byKey.get(key);
    if (purchase) purchase.copies.push(k);
    else {
      const made = { copies: [k], acquired: p.acquired, earliest: p.earliest, year: 0 };
      byKey.set(key, made);
      purchases.push(made);
    }
  });
  const latestFirst = purchases.filter((p) => p.acquired >= historyStart || p.earliest >= historyStart).sort((a, b) => b.acquired - a.acquired || a.copies[0] - b.copies[0]);
  const dayIn = (lo: number, hi: number) => lo + r.int(0, Math.max(0, Math.round((hi - lo) / DAY_MS))) * DAY_MS;
  for (let y = loadYear; y >= firstYear; y--) {
    const start = yearStart(y);
    const end = Math.min(yearStart(y + 1) - DAY_MS, lastAcquisition);
    if (end < start) continue;
    const share = (end - start + DAY_MS) / (yearStart(y + 1) - start);
    const quota = Math.round((rate + growth * (y - firstYear)) * stock * share);
    let n = 0;
    const take = (p: (typeof purchases)[number]) => {
      p.year = y;
      n += p.copies.length;
      const day = dayIn(Math.max(start, p.earliest), end);
      for (const k of p.copies) planned[k].acquired = day;
    };
    // The year's new titles, then more copies of older ones.
    for (const p of latestFirst) if (!p.year && p.earliest >= start) take(p);
    for (const p of latestFirst) if (!p.year && n + p.copies.length <= quota) take(p);
  }
  // Dated in those years beyond the shares: bought before them, after publication.
  const catalogueStart = Date.parse('2005-01-10T00:00:00Z');
  for (const p of latestFirst) {
    if (p.year) continue;
    const day = dayIn(Math.max(p.earliest, catalogueStart), historyStart - DAY_MS);
    for (const k of p.copies) planned[k].acquired = day;
  }
}

export function generateCityCore(library: DemoLibrary, settings: Pick<DemoSettings, 'scale' | 'today'>): CityCore {
  const libraryId = library.id;
  const profile = cityProfile(libraryId, settings.scale);
  const loadDay = demoLoadDay(settings, library.timezone);
  const window = demoWindow(loadDay);
  const days = calendarDays(profile, library, loadDay, window.from);
  const L = days.load;
  const startMs = Date.parse(`${window.from}T00:00:00Z`);
  const dayIndex = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - startMs) / DAY_MS);
  const rules = demoLoanRules(libraryId);
  const ruleCache = new Map<string, LoanRule>();
  const ruleOf = (type: MemberType, material: MaterialType) => {
    const key = `${type}|${material}`;
    let rule = ruleCache.get(key);
    if (!rule) ruleCache.set(key, (rule = pickRule(rules, type, material)!));
    return rule;
  };
  /** A wall-clock instant on day i: minutes after midnight, seconds. */
  const at = (i: number, minute: number, second = 0) => new Date(days.midnight[i] + minute * 60_000 + second * 1000);
  const deskMinute = (r: DemoRandom, i: number) => {
    // 08:00–15:50; Friday prayers close the desk from 11:30 to 13:30.
    let m = 480 + Math.floor(r.float() * 470);
    if (days.weekday[i] === 5 && m >= 690 && m < 810) m += 120;
    return Math.min(m, 950);
  };
  const openOnOrBefore = (i: number, floor: number) => {
    let j = i;
    while (j > floor && !days.open[j]) j--;
    return days.open[j] ? j : days.nextOpen[i];
  };

  // -- catalogue and copies --
  const titles: CityTitle[] = cityCatalogue(libraryId, profile.titles, loadDay);
  const r = demoRandom(`collections:city:copies:${libraryId}:${profile.copies}`);
  const copiesOf: Copy[][] = titles.map(() => []);
  // Further copies by demand; the newest titles have had a year or two less to be bought again.
  const loadYear = Number(loadDay.slice(0, 4));
  const extraWeights = titles.map((t) =>
    t.record.materialType === MaterialType.MANUSCRIPT || t.record.materialType === MaterialType.THESIS || t.shelf === 'reference'
      ? 0
      : t.popularity ** 0.8 * (t.local ? 1.5 : 1) * Math.min(1, 0.3 + 0.2 * (loadYear - t.record.publishedYear)),
  );
  const perTitle = new Int32Array(titles.length).fill(1);
  const extras = new Weighted(extraWeights);
  for (let k = titles.length; k < profile.copies;) {
    const t = extras.pick(r);
    if (perTitle[t] >= 15) continue;
    perTitle[t]++;
    k++;
  }
  const items: Item[] = [];
  const copies: Copy[] = [];
  const code = LIBRARY_CODES[libraryId];
  const lastAcquisition = startMs + (L - 1) * DAY_MS;
  // Each copy's purchase as the title's story has it: bought within months of publication (the library's
  // automated catalogue starts in 2005), some copies more a year or two later.
  const planned: { title: number; acquired: number; earliest: number; price: number }[] = [];
  titles.forEach((t, ti) => {
    const rec = t.record;
    // Out by a month before the last day a copy could arrive (this year's titles: those out so far).
    const published = Math.min(Date.parse(`${rec.publishedYear}-01-01T00:00:00Z`) + r.int(0, 300) * DAY_MS, lastAcquisition - 30 * DAY_MS);
    const earliest = published + 30 * DAY_MS;
    let first = Math.max(published + Math.floor(30 + 250 * -Math.log(1 - r.float() * 0.95)) * DAY_MS, Date.parse('2005-01-10T00:00:00Z') + r.int(0, 2000) * DAY_MS);
    first = Math.min(first, lastAcquisition - r.int(0, 20) * DAY_MS);
    for (let c = 0; c < perTitle[ti]; c++) {
      const acquired = c === 0 || r.chance(0.7) ? first : Math.min(lastAcquisition, first + r.int(30, 1100) * DAY_MS);
      const price =
        t.shelf === 'children'
          ? r.int(50, 150) * 500
          : rec.materialType === MaterialType.MANUSCRIPT
            ? 2_500_000
            : t.shelf === 'reference'
              ? r.int(300, 900) * 500
              : rec.materialType === MaterialType.AUDIOVISUAL
                ? r.int(100, 200) * 500
                : r.int(90, 380) * 500;
      planned.push({ title: ti, acquired, earliest, price });
    }
  });
  spreadAcquisitions(planned, profile.copies, window.from, loadDay, lastAcquisition, demoRandom(`collections:city:acquired:${libraryId}:${loadDay}:${profile.copies}`));
  for (const { title: ti, acquired, price } of planned) {
    const t = titles[ti];
    const rec = t.record;
    const notForLoan = t.shelf === 'reference' || rec.materialType === MaterialType.MANUSCRIPT;
    const local = t.local && t.shelf === 'general';
    const item: Item = {
      id: demoId('item', libraryId, items.length + 1),
      barcode: formatBarcode(code, items.length + 1),
      recordId: rec.id,
      libraryId,
      location: local ? 'Koleksi Lokal' : SHELF_LOCATION[t.shelf],
      collectionType: local ? CollectionType.LOCAL : SHELF_COLLECTION[t.shelf],
      status: notForLoan ? ItemStatus.NOT_FOR_LOAN : ItemStatus.AVAILABLE,
      atLibraryId: null,
      acquiredOn: isoDay(acquired),
      price,
      acquisitionLineId: null,
    };
    items.push(item);
    const copy: Copy = { item, title: ti, freeFrom: Math.max(0, Math.round((acquired - startMs) / DAY_MS) + 1), lendable: !notForLoan };
    copies.push(copy);
    copiesOf[ti].push(copy);
  }

  // -- card holders --
  const rm = demoRandom(`collections:city:members:${libraryId}`);
  const partners = cityPartners(libraryId, settings.scale);
  const schools = citySchoolPartners(libraryId, settings.scale);
  const members: Member[] = [];
  const people: Person[] = [];
  const institutions: Person[] = [];
  const activity: number[] = [];
  const loadMs = startMs + L * DAY_MS;
  for (let i = 0; i < profile.members; i++) {
    const school = i < schools.length ? partners[schools[i]] : undefined;
    let type: MemberType;
    let name: string;
    let email: string;
    let phone: string;
    let joined: number;
    if (school) {
      type = MemberType.INSTITUTION;
      name = school.name;
      email = `perpustakaan@${school.domain}`;
      phone = `${AREA[libraryId]}-${rm.int(81, 89)}${String(rm.int(0, 9999)).padStart(4, '0')}`;
      joined = loadMs - rm.int(400, 3000) * DAY_MS;
    } else {
      const person = cityMemberPerson(libraryId, i);
      const u = rm.float();
      type = u < 0.38 ? MemberType.STUDENT : u < 0.76 ? MemberType.ADULT : u < 0.9 ? MemberType.CHILD : MemberType.SENIOR;
      name = person.name;
      // Most give an e-mail address (children their parent's); some only a phone.
      const mail = rm.chance(type === MemberType.SENIOR ? 0.35 : type === MemberType.CHILD ? 0.45 : 0.7);
      email = mail ? emailFor(name, rm.pick(MAIL_DOMAINS), rm.chance(0.6) ? rm.int(1, 99) : rm.chance(0.5) ? rm.int(1970, 2012) : undefined) : '';
      const digits = rm.chance(0.7) ? 8 : 7;
      phone = `${rm.pick(OPERATORS)}${String(rm.int(0, 10 ** digits - 1)).padStart(digits, '0')}`;
      // Joined over the last twelve years, more of them recently; 45 % within the window.
      const back = rm.chance(0.45) ? rm.int(1, 730) : Math.floor(731 + 3650 * rm.float() ** 1.4);
      joined = loadMs - back * DAY_MS;
    }
    let joinedIdx = Math.round((joined - startMs) / DAY_MS);
    if (joinedIdx >= 0) joinedIdx = openOnOrBefore(Math.min(joinedIdx, L - 1), 0);
    if (joinedIdx >= L) joinedIdx = L - 1;
    const joinedOn = joinedIdx >= 0 ? days.date[joinedIdx] : isoDay(startMs + joinedIdx * DAY_MS);
    // A two-year card, renewed at each expiry by most (schools always); the others let it lapse.
    let expiresOn = addYears(joinedOn, 2);
    let lapsed = false;
    while (expiresOn < loadDay) {
      if (!school && rm.chance(0.22)) {
        lapsed = true;
        break;
      }
      expiresOn = addYears(expiresOn, 2);
    }
    const member: Member = {
      id: demoId('member', libraryId, i),
      cardNumber: `${BPS[libraryId]}.${joinedOn.slice(0, 4)}.${String(i + 1).padStart(5, '0')}`,
      name,
      foldedName: foldName(name),
      email,
      phone,
      memberType: type,
      libraryId,
      partnerId: school ? demoId('partner', libraryId, schools[i]) : null,
      joinedOn,
      expiresOn,
      status: lapsed ? MemberStatus.EXPIRED : MemberStatus.ACTIVE,
    };
    members.push(member);
    const until = lapsed ? dayIndex(expiresOn) : NEVER;
    const p: Person = { member, type, from: joinedIdx, until, out: [], unpaid: [], maxUnpaid: ruleOf(type, MaterialType.BOOK).maxUnpaidFines };
    if (school) institutions.push(p);
    else {
      people.push(p);
      // A minority borrows most: a quarter hardly ever, the rest spread widely.
      const keen = rm.chance(0.25) ? 0.03 : Math.exp(1.1 * normal(rm));
      activity.push(keen * (type === MemberType.STUDENT ? 1.25 : type === MemberType.SENIOR ? 0.7 : type === MemberType.CHILD ? 0.9 : 1));
    }
  }
  const borrowers = new Weighted(activity);

  // Titles each kind of reader asks for.
  const lendableTitle = titles.map((t, ti) => copiesOf[ti].some((c) => c.lendable) && ruleOf(MemberType.ADULT, t.record.materialType).maxLoans > 0);
  const interest = new Map<MemberType, Weighted>();
  for (const type of [MemberType.CHILD, MemberType.STUDENT, MemberType.ADULT, MemberType.SENIOR, MemberType.INSTITUTION]) {
    interest.set(
      type,
      new Weighted(
        titles.map((t, ti) => {
          if (!lendableTitle[ti]) return 0;
          let a = AFFINITY[type][t.genre] ?? 0.1;
          if (type === MemberType.CHILD && t.shelf === 'children') a = Math.max(a, 8);
          if (type !== MemberType.CHILD && type !== MemberType.INSTITUTION && t.shelf === 'children') a *= 0.5;
          return t.popularity * a;
        }),
      ),
    );
  }

  // -- circulation --
  const rl = demoRandom(`collections:city:loans:${libraryId}:${loadDay}:${settings.scale}`);
  // Rows as they are made (hold pickups make loans ahead of the day being played): put in time order at the end.
  const loanRows: Loan[] = [];
  const holdRows: Hold[] = [];
  const fineRows: FineEntry[] = [];
  /** The charge of loan k, by index. */
  const chargeOf = new Map<number, FineEntry>();
  const openHold = new Set<string>();
  const holdPosition = new Map<string, number>();
  const pLate = 0.12;

  const free = (copy: Copy, d: number) => copy.lendable && copy.freeFrom <= d;
  const availableCopy = (ti: number, d: number): Copy | undefined => {
    const list = copiesOf[ti];
    const start = list.length > 1 ? rl.int(0, list.length - 1) : 0;
    for (let k = 0; k < list.length; k++) {
      const c = list[(start + k) % list.length];
      if (free(c, d)) return c;
    }
    return undefined;
  };

  /**
   * One checkout on day d at minute m: its due date, renewals, return (on time or late), fine and
   * payment. Returns the day the copy is back (≥ L: still out).
   */
  const lend = (p: Person, copy: Copy, d: number, minute: number, second: number): number => {
    const title = titles[copy.title];
    const rule = ruleOf(p.type, title.record.materialType);
    let due = days.nextOpen[d + rule.loanDays];
    let renewals = 0;
    const institution = p.type === MemberType.INSTITUTION;
    const wantsRenewal = rule.maxRenewals > 0 && rl.chance(institution ? 0.2 : 0.16);
    if (wantsRenewal) {
      const wanted = rule.maxRenewals >= 2 && rl.chance(0.22) ? 2 : 1;
      for (let k = 0; k < wanted; k++) {
        const renewedOn = Math.max(d + 1, due - rl.int(0, 3));
        if (renewedOn >= L) break;
        due = days.nextOpen[due + rule.loanDays];
        renewals++;
      }
    }
    let back: number;
    const late = rl.chance(institution ? 0.05 : pLate);
    if (!late) {
      // Back on an open day before or on the due date, most in the last days of the period.
      const span = due - d;
      const keep = Math.max(1, Math.round(span * (1 - 0.85 * rl.float() ** 2)));
      back = openOnOrBefore(d + keep, d + 1);
      if (back > due) back = due;
    } else {
      const lateBy = rl.chance(0.1) ? rl.int(15, 75) : 1 + Math.floor(-Math.log(1 - rl.float()) * 5);
      back = days.nextOpen[Math.min(due + lateBy, days.length - 1)];
    }
    const returned = back < L;
    const loan: Loan = {
      id: '',
      itemId: copy.item.id,
      memberId: p.member.id,
      libraryId,
      checkedOutAt: at(d, minute, second),
      dueOn: days.date[due],
      returnedAt: returned ? at(back, deskMinute(rl, back), rl.int(0, 59)) : null,
      renewals,
      finePerDay: rule.finePerDay,
      graceDays: rule.graceDays,
      fineCap: fineCapFor(rule, copy.item.price),
      daysOverdue: returned && back > due ? back - due : 0,
    };
    if (returned && loan.daysOverdue > rule.graceDays && rule.finePerDay > 0) {
      const fine = Math.min(loan.fineCap, (days.openBefore[back + 1] - days.openBefore[due + 1]) * rule.finePerDay);
      if (fine > 0) {
        const returnedMs = loan.returnedAt!.getTime();
        const charge: FineEntry = {
          id: '',
          memberId: p.member.id,
          libraryId,
          loanId: null,
          kind: FineKind.OVERDUE,
          amount: fine,
          note: `${copy.item.barcode} returned ${loan.daysOverdue} day${loan.daysOverdue === 1 ? '' : 's'} late (due ${loan.dueOn})`,
          createdAt: loan.returnedAt!,
        };
        chargeOf.set(loanRows.length, charge);
        fineRows.push(charge);
        // Most pay at the desk there and then; some come back to pay, some pay half, some not yet.
        const u = rl.float();
        let paid = 0;
        let paidAt = returnedMs + rl.int(1, 6) * 60_000;
        if (u < 0.64) paid = fine;
        else if (u < 0.84) {
          const day = days.nextOpen[back + rl.int(1, 30)];
          if (day < L) {
            paid = fine;
            paidAt = at(day, deskMinute(rl, day), rl.int(0, 59)).getTime();
          }
        } else if (u < 0.9) paid = Math.floor(fine / 2 / 500) * 500;
        if (paid > 0) {
          fineRows.push({
            id: '',
            memberId: p.member.id,
            libraryId,
            loanId: null,
            kind: FineKind.PAYMENT,
            amount: -paid,
            note: rl.chance(0.7) ? 'Dibayar tunai di meja sirkulasi' : null,
            createdAt: new Date(paidAt),
          });
        }
        if (paid < fine) p.unpaid.push([back, fine - paid]);
      }
    }
    loanRows.push(loan);
    p.out.push(back);
    copy.freeFrom = returned ? back + 1 : NEVER;
    return back;
  };

  const canBorrow = (p: Person, d: number) => {
    if (d < p.from || d > p.until) return false;
    let out = 0;
    for (const b of p.out) if (b >= d) out++;
    if (out >= ruleOf(p.type, MaterialType.BOOK).maxLoans) return false;
    if (p.unpaid.length) {
      let owed = 0;
      for (const [day, amount] of p.unpaid) if (day <= d) owed += amount;
      if (owed > p.maxUnpaid) return false;
    }
    if (p.out.length > 8) p.out = p.out.filter((b) => b >= d);
    return true;
  };

  /** A hold placed on day d for a title whose copies are all out: filled by the first copy to come back. */
  const placeHold = (p: Person, ti: number, d: number, minute: number) => {
    const title = titles[ti];
    const key = `${p.member.id}|${ti}`;
    if (openHold.has(key)) return;
    let copy: Copy | undefined;
    for (const c of copiesOf[ti]) if (c.lendable && (!copy || c.freeFrom < copy.freeFrom)) copy = c;
    if (!copy) return;
    const position = (holdPosition.get(title.record.id) ?? 0) + 1;
    holdPosition.set(title.record.id, position);
    const placedMs = at(d, minute, rl.int(0, 59)).getTime();
    const hold: Hold = {
      id: '',
      recordId: title.record.id,
      memberId: p.member.id,
      pickupLibraryId: libraryId,
      status: HoldStatus.WAITING,
      position,
      activeMemberId: null,
      itemId: null,
      placedAt: new Date(placedMs),
      notNeededAfter: null,
      pickupBy: null,
      closedAt: null,
    };
    holdRows.push(hold);
    const shelved = copy.freeFrom === NEVER ? NEVER : Math.max(d + 1, copy.freeFrom - 1); // the day the copy came back
    const cancelOn = rl.chance(0.08) ? days.nextOpen[d + rl.int(1, 12)] : NEVER;
    if (cancelOn < L && cancelOn < shelved) {
      hold.status = HoldStatus.CANCELLED;
      hold.closedAt = at(cancelOn, deskMinute(rl, cancelOn), rl.int(0, 59));
      return;
    }
    if (shelved >= L) {
      // Still waiting today.
      hold.activeMemberId = p.member.id;
      if (rl.chance(0.2)) hold.notNeededAfter = days.date[L + rl.int(20, 80)];
      openHold.add(key);
      return;
    }
    const rule = ruleOf(p.type, title.record.materialType);
    const pickupBy = days.nextOpen[shelved + rule.holdShelfDays];
    hold.itemId = copy.item.id;
    hold.pickupBy = days.date[pickupBy];
    if (rl.chance(0.86)) {
      const pickup = days.nextOpen[shelved + Math.min(rule.holdShelfDays, Math.floor(-Math.log(1 - rl.float()) * 2.5))];
      if (pickup < L) {
        const minute = deskMinute(rl, pickup);
        const second = rl.int(0, 59);
        lend(p, copy, pickup, minute, second);
        hold.status = HoldStatus.FULFILLED;
        hold.closedAt = at(pickup, minute, second);
        return;
      }
    } else if (pickupBy + 1 < L) {
      // Never collected: it expires the day after the last pickup day and the copy goes back.
      hold.status = HoldStatus.EXPIRED;
      hold.closedAt = at(pickupBy + 1, 420 + rl.int(0, 30));
      copy.freeFrom = pickupBy + 1;
      return;
    }
    hold.status = HoldStatus.READY;
    hold.activeMemberId = p.member.id;
    openHold.add(key);
    copy.freeFrom = NEVER;
    copy.item.status = ItemStatus.ON_HOLD_SHELF;
  };

  // Expected loans on a day: the year's volume shared by the day's weight over the last year's.
  let lastYear = 0;
  for (let i = Math.max(0, L - 365); i < L; i++) lastYear += days.weight[i];
  const perWeight = profile.loansPerYear / lastYear;
  const batchSize = Math.max(3, Math.min(35, Math.round(profile.copies / 1500)));
  const schoolInterest = interest.get(MemberType.INSTITUTION)!;

  for (let d = 0; d < L; d++) {
    if (!days.open[d]) continue;
    // Schools fetch a class set at the start of a term and before the language month.
    const month = Number(days.date[d].slice(5, 7));
    for (const school of institutions) {
      if (d < school.from || ![1, 2, 7, 8, 10].includes(month) || !rl.chance(0.5 / 20)) continue;
      const minute = deskMinute(rl, d);
      for (let k = 0, tries = 0; k < batchSize && tries < batchSize * 4; tries++) {
        const copy = availableCopy(schoolInterest.pick(rl), d);
        if (!copy) continue;
        lend(school, copy, d, minute, k);
        k++;
      }
    }
    let remaining = rl.poisson(perWeight * days.weight[d] * (0.9 + 0.2 * rl.float()));
    for (let guard = 0; remaining > 0 && guard < 3000; guard++) {
      const p = people[borrowers.pick(rl)];
      if (!canBorrow(p, d)) continue;
      const want = Math.min(remaining, 1 + (rl.chance(0.55) ? (rl.chance(0.45) ? (rl.chance(0.35) ? 3 : 2) : 1) : 0));
      const minute = deskMinute(rl, d);
      const reading = interest.get(p.type)!;
      let held = false;
      for (let k = 0; k < want; k++) {
        let copy: Copy | undefined;
        for (let attempt = 0; attempt < 5 && !copy; attempt++) {
          const ti = reading.pick(rl);
          copy = availableCopy(ti, d);
          if (!copy && !held && rl.chance(p.type === MemberType.CHILD ? 0.03 : 0.08)) {
            placeHold(p, ti, d, minute);
            held = true;
          }
        }
        if (!copy) continue;
        lend(p, copy, d, minute, k * 7);
        remaining--;
      }
    }
  }

  // -- rows in time order, with stable ids --
  const loanId = serialIds('loan', libraryId);
  const loans = inTimeOrder(loanRows, (l) => l.checkedOutAt);
  loans.forEach((loan, n) => (loan.id = loanId(n + 1)));
  for (const [k, charge] of chargeOf) charge.loanId = loanRows[k].id;
  const fineId = serialIds('fine', libraryId);
  const fines = inTimeOrder(fineRows, (f) => f.createdAt);
  fines.forEach((f, n) => (f.id = fineId(n + 1)));
  const holdId = serialIds('hold', libraryId);
  const holds = inTimeOrder(holdRows, (h) => h.placedAt);
  holds.forEach((h, n) => (h.id = holdId(n + 1)));

  // -- the copies today --
  const rs = demoRandom(`collections:city:status:${libraryId}`);
  for (const copy of copies) {
    if (copy.item.status !== ItemStatus.AVAILABLE) continue;
    if (copy.freeFrom === NEVER) {
      copy.item.status = ItemStatus.ON_LOAN;
      continue;
    }
    // On the shelf: a few worn out and withdrawn (old stock), missing at the last stock-take, or being repaired.
    const u = rs.float();
    const old = copy.item.acquiredOn < window.from;
    if (u < (old ? 0.018 : 0.004)) copy.item.status = ItemStatus.WITHDRAWN;
    else if (u < 0.024) copy.item.status = ItemStatus.MISSING;
    else if (u < 0.029) copy.item.status = ItemStatus.REPAIR;
  }

  // -- card holders today: a few suspended (long overdue loans or staff decision) --
  const longOverdue = new Set(loans.filter((l) => !l.returnedAt && l.dueOn < days.date[L - 45]).map((l) => l.memberId));
  for (const p of people) {
    if (p.member.status !== MemberStatus.ACTIVE) continue;
    if (longOverdue.has(p.member.id) ? rs.chance(0.5) : rs.chance(0.008)) p.member.status = MemberStatus.SUSPENDED;
  }

  return {
    library,
    profile,
    loadDay,
    window,
    records: titles.map((t) => t.record),
    items,
    members,
    loans,
    holds,
    fines,
  };
}

/** Inserts one library's core rows (bulk, no read-back) and hands them to the later steps. */
export async function seedCityCore(tx: EntityManager, library: DemoLibrary, settings: Pick<DemoSettings, 'scale' | 'today'>): Promise<CityCore> {
  const core = generateCityCore(library, settings);
  await insertMany(tx, BibliographicRecord, core.records);
  await insertMany(tx, Item, core.items);
  await insertMany(tx, Member, core.members);
  await insertMany(tx, Loan, core.loans);
  await insertMany(tx, Hold, core.holds);
  await insertMany(tx, FineEntry, core.fines);
  return core;
}
