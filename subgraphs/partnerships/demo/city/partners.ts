import { DEMO_LIBRARIES, demoId } from '../../../../shared/domain/demo';
import { DEMO_HISTORY_DAYS, cityPartners, cityPerson, demoRandom, emailFor, type DemoPartnerKind, type DemoRandom } from '../../../../shared/domain/demo-city';
import { addDays } from '../../../../shared/platform/time';
import { AgreementState, type Agreement } from '../../agreements/agreement.entity';
import type { LibraryPartner } from '../../partners/library-partner.entity';
import { PartnerKind, type Partner } from '../../partners/partner.entity';
import { CITY_PARTNERS } from '../partners';
import { addMonths, termEnd, workdayUntil } from './dates';
import { CITY_PLACES, SHARED_PARTNERS, cityAddress, landline, mobileNumber, type SharedPartner } from './places';

/**
 * A city's partners, the library–partner links and the agreements (MoU / PKS) over the years:
 * most in force, some renewed after an earlier term expired, a few expiring in the coming months
 * (one or two with the renewal still a draft), one partnership that lapsed and one ended early.
 */

export type PartnerRow = Partner;
export type AgreementRow = Agreement;

export interface CityPartnerRows {
  /** The city's partners (cityPartners order) and the shared ones it works with (SHARED_PARTNERS order). */
  partners: PartnerRow[];
  /** Of `partners`, the ids of shared partners (another library may have inserted them already). */
  sharedIds: string[];
  links: LibraryPartner[];
  agreements: AgreementRow[];
}

/** What a kind of partner agrees with the library: titles and the scope written in the document. */
const COOPERATION: Record<DemoPartnerKind, { titles: string[]; scope: string }> = {
  SCHOOL: {
    titles: ['Kunjungan Sekolah dan Pinjaman Koleksi', 'Pojok Baca Sekolah dan Gerakan Literasi Sekolah', 'Layanan Perpustakaan Keliling ke Sekolah'],
    scope: 'Kunjungan kelas terjadwal, pinjaman koleksi bergilir ke perpustakaan sekolah dan pojok baca kelas, serta bimbingan literasi informasi bagi siswa dan guru.',
  },
  UNIVERSITY: {
    titles: [
      'Magang, Lokakarya dan Seminar Kepustakawanan',
      'Tri Dharma Perguruan Tinggi: Magang Mahasiswa dan Pengabdian kepada Masyarakat',
      'Pengembangan Layanan Perpustakaan Digital dan Magang Mahasiswa',
    ],
    scope: 'Penempatan mahasiswa magang, lokakarya dan seminar bersama, kajian minat baca masyarakat, serta pendampingan pengembangan layanan perpustakaan digital.',
  },
  LIBRARY: {
    titles: ['Pertukaran Koleksi dan Informasi', 'Pertukaran Koleksi Antarperpustakaan dan Silang Layan'],
    scope: 'Pertukaran koleksi dan katalog, silang layan antarperpustakaan, studi banding dan saling belajar praktik layanan.',
  },
  GOVERNMENT_AGENCY: {
    titles: ['Pendampingan Program Perpustakaan', 'Penguatan Gerakan Literasi Sekolah dan Masyarakat'],
    scope: 'Pendampingan teknis, bantuan koleksi dan pelatihan tenaga perpustakaan dalam program pemerintah, serta dukungan gerakan literasi sekolah.',
  },
  COMPANY: {
    titles: ['Dukungan Program Tanggung Jawab Sosial', 'Donasi Buku dan Pojok Baca melalui Dana CSR'],
    scope: 'Pendanaan program literasi, donasi buku anak, pojok baca dan perangkat layanan digital melalui dana tanggung jawab sosial perusahaan.',
  },
  COMMUNITY_ORGANISATION: {
    titles: ['Gerakan Literasi Bersama Masyarakat', 'Penguatan Taman Baca Masyarakat'],
    scope: 'Kegiatan membaca bersama, dongeng anak dan pojok baca di taman baca masyarakat dengan dukungan koleksi dan pendampingan perpustakaan.',
  },
  MEDIA: {
    titles: ['Publikasi dan Promosi Layanan Perpustakaan', 'Kampanye Gemar Membaca'],
    scope: 'Siaran dan pemberitaan rutin tentang kegiatan dan layanan perpustakaan, serta liputan dan kampanye literasi.',
  },
};

/** The shared bodies' own programme names, as the fixture titles their agreements. */
const SHARED_TOPICS: Record<string, string> = {
  [SHARED_PARTNERS[0].id]: 'Transformasi Perpustakaan Berbasis Inklusi Sosial',
  [SHARED_PARTNERS[2].id]: 'Siaran Literasi dan Promosi Layanan Perpustakaan',
};

/** How long a kind of partner signs for, in years: schools and universities longer, companies and media a year or two. */
const TERM_YEARS: Record<DemoPartnerKind, number[]> = {
  SCHOOL: [1, 2, 3, 3],
  UNIVERSITY: [2, 3, 5, 5],
  LIBRARY: [3, 5],
  GOVERNMENT_AGENCY: [1, 2, 3],
  COMPANY: [1, 1, 2],
  COMMUNITY_ORGANISATION: [1, 2, 2, 3],
  MEDIA: [1, 1, 2],
};

/** Companies and universities sign a PKS (perjanjian kerja sama), the others an MoU, as the fixture does. */
const documentKind = (kind: DemoPartnerKind) => (kind === 'COMPANY' || kind === 'UNIVERSITY' ? 'PKS' : 'MoU');

/** The first and middle word of a name joined as the local part; free-mail users add digits, as they do. */
function contact(rng: DemoRandom, namesOf: string, domain: string, kind: DemoPartnerKind, areaCode: string) {
  const person = cityPerson(rng, namesOf);
  const freeMail = domain === 'gmail.com';
  const office = !freeMail && kind !== 'COMMUNITY_ORGANISATION' && rng.chance(0.5);
  return {
    contactName: person.name,
    contactEmail: emailFor(person.name, domain, freeMail ? rng.int(1, 99) : undefined),
    contactPhone: office ? landline(rng, areaCode) : mobileNumber(rng),
  };
}

/** Partner i of a city: the same row at every scale (its own seed). */
function cityPartnerRow(libraryId: string, i: number, p: { name: string; domain: string; kind: DemoPartnerKind }, npsns: Set<string>): PartnerRow {
  const library = DEMO_LIBRARIES.find((l) => l.id === libraryId)!;
  const rng = demoRandom(`partnerships:city-partner:${libraryId}:${i}`);
  let npsn: string | null = null;
  if (p.kind === 'SCHOOL') {
    let n = rng.int(0, 9999);
    while (npsns.has(`${CITY_PARTNERS[libraryId].npsnPrefix}${String(n).padStart(4, '0')}`)) n = (n + 1) % 10_000;
    npsn = `${CITY_PARTNERS[libraryId].npsnPrefix}${String(n).padStart(4, '0')}`;
    npsns.add(npsn);
  }
  return {
    id: demoId('partner', libraryId, i),
    kind: PartnerKind[p.kind],
    name: p.name,
    npsn,
    city: library.city,
    address: cityAddress(rng, libraryId, library.city),
    ...contact(rng, libraryId, p.domain, p.kind, CITY_PLACES[libraryId].areaCode),
  };
}

/** A shared partner: the same row whichever library inserts it first. */
export function sharedPartnerRow(p: SharedPartner): PartnerRow {
  const rng = demoRandom(`partnerships:shared-partner:${p.id}`);
  return { id: p.id, kind: PartnerKind[p.kind], name: p.name, npsn: null, city: p.city, address: p.address, ...contact(rng, p.namesOf, p.domain, p.kind, p.areaCode) };
}

/** The shared partners a library works with: the province's library only when the city's own list does not already name it. */
export function sharedPartnersOf(libraryId: string, scale: number): SharedPartner[] {
  const own = cityPartners(libraryId, scale);
  return SHARED_PARTNERS.filter((p) => p.libraries.includes(libraryId) && !(p.domain === 'nttprov.go.id' && own.some((o) => o.domain.endsWith('nttprov.go.id'))));
}

type Scheme = 'current' | 'renewed' | 'expiring' | 'lapsed' | 'terminated';

interface Term {
  startsOn: string;
  endsOn: string;
  state: AgreementState;
  renewal: boolean;
}

/** The terms of one partner's agreements under a scheme, oldest first. */
function termsOf(rng: DemoRandom, libraryId: string, scheme: Scheme, kind: DemoPartnerKind, loadDay: string, longStanding: boolean): Term[] {
  // Long-standing partners (the fixture's six, the shared bodies, the universities that send interns) have worked with the library since before the history starts.
  const years = () => rng.pick(longStanding ? [3, 4, 5] : TERM_YEARS[kind]);
  const signed = (startsOn: string, y: number, renewal = false): Term => ({ startsOn, endsOn: termEnd(startsOn, y), state: AgreementState.SIGNED, renewal });
  /** A start such that a term of y years is in force today and for at least another month and a half. */
  const currentStart = (y: number) =>
    workdayUntil(
      libraryId,
      addDays(loadDay, -rng.int(longStanding ? DEMO_HISTORY_DAYS + 5 : 20, Math.max(longStanding ? DEMO_HISTORY_DAYS + 6 : 21, Math.min(5 * 365, y * 365 - 45)))),
    );
  switch (scheme) {
    case 'current': {
      const y = years();
      return [signed(currentStart(y), y)];
    }
    case 'renewed': {
      const y2 = years();
      const second = currentStart(y2);
      const y1 = Math.min(years(), 3);
      return [{ ...signed(addMonths(second, -12 * y1), y1), endsOn: addDays(second, -1) }, signed(second, y2, true)];
    }
    case 'expiring': {
      const y = years();
      const end = addDays(loadDay, rng.int(15, 150));
      return [{ ...signed(addMonths(addDays(end, 1), -12 * y), y), endsOn: end }];
    }
    case 'lapsed': {
      const y = years();
      const end = addDays(loadDay, -rng.int(30, 420));
      return [{ ...signed(addMonths(addDays(end, 1), -12 * y), y), endsOn: end }];
    }
    case 'terminated': {
      const start = workdayUntil(libraryId, addDays(loadDay, -rng.int(150, 520)));
      return [{ startsOn: start, endsOn: termEnd(start, 2), state: AgreementState.TERMINATED, renewal: false }];
    }
  }
}

/** The most agreements a city has over the years (the partners' first terms, renewals and drafts). */
const MAX_AGREEMENTS = 30;

/** A city's partners, links and agreements for a load day. */
export function cityPartnerRows(libraryId: string, loadDay: string, scale: number): CityPartnerRows {
  const npsns = new Set<string>();
  const own = cityPartners(libraryId, scale).map((p, i) => ({ row: cityPartnerRow(libraryId, i, p, npsns), kind: p.kind, topic: undefined as string | undefined, core: i < 6 }));
  const shared = sharedPartnersOf(libraryId, scale).map((p) => ({ row: sharedPartnerRow(p), kind: p.kind, topic: SHARED_TOPICS[p.id], core: true }));
  const all = [...own, ...shared];
  const rng = demoRandom(`partnerships:agreements:${libraryId}:${loadDay}:${all.length}`);

  // Schemes: the fixture's six and the shared bodies are always in force (other subgraphs work with them).
  const schemes: Scheme[] = all.map(({ core }) => {
    const r = rng.float();
    if (r < 0.55) return 'current';
    if (r < 0.78) return 'renewed';
    if (r < 0.9) return 'expiring';
    return core ? 'current' : 'lapsed';
  });
  const others = all.flatMap((p, i) => (p.core ? [] : [i]));
  if (others.length >= 4) {
    schemes[others[rng.int(0, others.length - 1)]] = 'terminated';
    if (!schemes.includes('lapsed')) schemes[others.find((i) => schemes[i] === 'current') ?? others[0]] = 'lapsed';
  }
  const drafts = all.length >= 15 ? 2 : 1;
  for (let i = 3; i < schemes.length && schemes.filter((s) => s === 'expiring').length < Math.max(2, drafts); i++) if (schemes[i] === 'current') schemes[i] = 'expiring';
  // Renewals within the city's budget of agreements, and enough of them that even a small city shows history.
  const budget = MAX_AGREEMENTS - all.length - drafts;
  let renewed = schemes.filter((s) => s === 'renewed').length;
  for (let i = schemes.length - 1; i >= 0 && renewed > budget; i--) {
    if (schemes[i] === 'renewed') {
      schemes[i] = 'current';
      renewed--;
    }
  }
  for (let i = 0; i < schemes.length && renewed < Math.max(2, 10 - all.length - drafts); i++) {
    if (schemes[i] === 'current') {
      schemes[i] = 'renewed';
      renewed++;
    }
  }

  const terms = all.map((p, i) => {
    const list = termsOf(rng, libraryId, schemes[i], p.kind, loadDay, p.core || p.kind === 'UNIVERSITY');
    const title = p.topic ?? rng.pick(COOPERATION[p.kind].titles);
    return { partner: p, list, title };
  });
  // Renewal drafts for the first agreements that expire soon: start the day after.
  let left = drafts;
  for (const t of terms) {
    const last = t.list[t.list.length - 1];
    if (left > 0 && schemes[all.indexOf(t.partner)] === 'expiring') {
      t.list.push({
        startsOn: addDays(last.endsOn, 1),
        endsOn: termEnd(addDays(last.endsOn, 1), rng.pick(TERM_YEARS[t.partner.kind])),
        state: AgreementState.DRAFT,
        renewal: true,
      });
      left--;
    }
  }

  // Document numbers: the library office numbers its letters through the year, so agreements signed in a year get rising numbers with gaps.
  const code = CITY_PARTNERS[libraryId].code;
  const dated = terms
    .flatMap((t) => t.list.map((term, k) => ({ t, term, k })))
    .sort((a, b) => a.term.startsOn.localeCompare(b.term.startsOn) || a.t.partner.row.id.localeCompare(b.t.partner.row.id));
  const next = new Map<string, number>();
  let draftNo = 0;
  const agreements: AgreementRow[] = dated.map(({ t, term, k }) => {
    const year = term.startsOn.slice(0, 4);
    const kind = documentKind(t.partner.kind);
    let documentReference: string;
    if (term.state === AgreementState.DRAFT) {
      documentReference = `DRAFT/${kind}/${String(++draftNo).padStart(2, '0')}/DPK-${code}/${year}`;
    } else {
      const n = (next.get(year) ?? rng.int(2, 12)) + rng.int(3, 24);
      next.set(year, n);
      documentReference = `${kind}/${String(n).padStart(3, '0')}/DPK-${code}/${year}`;
    }
    return {
      id: demoId('agreement', libraryId, t.partner.row.id, term.state === AgreementState.DRAFT ? 'draft' : k),
      libraryId,
      partnerId: t.partner.row.id,
      title: `${t.title}${term.renewal ? ' (Perpanjangan)' : ''}`,
      scope: COOPERATION[t.partner.kind].scope,
      startsOn: term.startsOn,
      endsOn: term.endsOn,
      state: term.state,
      terminatedOn: null,
      terminationReason: null,
      documentReference,
    };
  });

  const links: LibraryPartner[] = terms.map((t) => ({ libraryId, partnerId: t.partner.row.id, since: t.list[0].startsOn }));
  return { partners: all.map((p) => p.row), sharedIds: shared.map((p) => p.row.id), links, agreements };
}
