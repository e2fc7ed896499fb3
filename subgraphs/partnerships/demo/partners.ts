import type { Faker } from '@faker-js/faker';
import type { EntityManager } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNERS, DEMO_PARTNER_KINDS, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { Agreement, AgreementState } from '../agreements/agreement.entity';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner, PartnerKind } from '../partners/partner.entity';

interface CityPartners {
  /** Short code used in document numbers, as the city's library office writes it. */
  code: string;
  /** First digits of the demo NPSNs (made up, shaped like the province's). */
  npsnPrefix: string;
  /** One name per DEMO_PARTNER_KINDS entry, in the same order. */
}

export const CITY_PARTNERS: Record<string, CityPartners> = {
  kupang: {
    code: 'KPG',
    npsnPrefix: '5030',
  },
  baubau: {
    code: 'BAU',
    npsnPrefix: '7400',
  },
  pasuruan: {
    code: 'PSR',
    npsnPrefix: '2051',
  },
  'pematang-siantar': {
    code: 'PMS',
    npsnPrefix: '1021',
  },
};

/** Partners several libraries share: demoId('partner', 'regional', n). */
const REGIONAL_PARTNERS: {
  name: string;
  kind: PartnerKind;
  city: string;
  address: string;
  /** Landline area code: 021 Jakarta, 0380 Kupang. */
  areaCode: string;
  domain: string;
  libraries: string[];
  topic: string;
}[] = [
  {
    name: 'Perpustakaan Nasional Republik Indonesia',
    kind: PartnerKind.GOVERNMENT_AGENCY,
    city: 'Jakarta Pusat',
    address: 'Jl. Medan Merdeka Selatan No. 11, Gambir, Jakarta Pusat',
    areaCode: '021',
    domain: 'perpusnas.go.id',
    libraries: ['kupang', 'baubau'],
    topic: 'Transformasi Perpustakaan Berbasis Inklusi Sosial',
  },
  {
    name: 'Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Timur',
    kind: PartnerKind.LIBRARY,
    city: 'Kupang',
    address: 'Jl. Jenderal Soeharto No. 50, Naikoten I, Kota Kupang',
    areaCode: '0380',
    domain: 'nttprov.go.id',
    libraries: ['kupang', 'baubau'],
    topic: 'Pertukaran Koleksi Antarperpustakaan',
  },
  {
    name: 'LPP Radio Republik Indonesia',
    kind: PartnerKind.MEDIA,
    city: 'Jakarta Pusat',
    address: 'Jl. Medan Merdeka Barat No. 4-5, Gambir, Jakarta Pusat',
    areaCode: '021',
    domain: 'rri.go.id',
    libraries: ['pasuruan', 'pematang-siantar'],
    topic: 'Siaran Literasi dan Promosi Layanan Perpustakaan',
  },
];

/** What each kind of partner does with the library (the agreement's title and scope). */
const COOPERATION: Record<PartnerKind, [title: string, scope: string]> = {
  SCHOOL: [
    'Kunjungan Sekolah dan Pinjaman Koleksi',
    'Kunjungan kelas terjadwal ke perpustakaan, pinjaman koleksi berkala ke perpustakaan sekolah, dan bimbingan literasi informasi bagi siswa.',
  ],
  UNIVERSITY: [
    'Magang, Lokakarya dan Seminar Kepustakawanan',
    'Penempatan mahasiswa magang, lokakarya dan seminar bersama, serta pendampingan pengembangan layanan perpustakaan digital.',
  ],
  LIBRARY: ['Pertukaran Koleksi dan Informasi', 'Pertukaran koleksi dan katalog, silang layan antarperpustakaan, dan saling belajar praktik layanan.'],
  GOVERNMENT_AGENCY: ['Pendampingan Program Perpustakaan', 'Pendampingan teknis, bantuan koleksi dan pelatihan tenaga perpustakaan dalam program pemerintah.'],
  COMPANY: [
    'Dukungan Program Tanggung Jawab Sosial',
    'Pendanaan program literasi, pengadaan buku anak dan perangkat layanan digital melalui dana tanggung jawab sosial perusahaan.',
  ],
  COMMUNITY_ORGANISATION: [
    'Gerakan Literasi Bersama Masyarakat',
    'Penyelenggaraan kegiatan membaca bersama, dongeng anak dan pojok baca di taman baca masyarakat dengan dukungan koleksi perpustakaan.',
  ],
  MEDIA: ['Publikasi dan Promosi Layanan Perpustakaan', 'Siaran rutin tentang kegiatan dan layanan perpustakaan serta liputan acara literasi.'],
};

// faker's id_ID fullName() sometimes repeats the first name ("Titi Titi Zahrah"): build it ourselves.
export const personName = (faker: Faker) => `${faker.person.firstName()} ${faker.person.lastName()}`;

/** An Indonesian mobile number with a real operator prefix (0811…, 0852…, 0878…). */
export const mobile = (faker: Faker) => `08${faker.helpers.arrayElement(['11', '12', '13', '21', '22', '52', '53', '57', '77', '78', '95', '96'])}${faker.string.numeric(8)}`;

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

/**
 * Step 1 of the demo data (marker: Kupang's first partner): partners of every demo library, the
 * partners they share, their links and agreements.
 */
export async function seedPartners(tx: EntityManager): Promise<SeedSummary> {
  {
    const firstId = demoId('partner', DEMO_LIBRARIES[0].id, 0);
    if (await tx.getRepository(Partner).existsBy({ id: firstId })) return {};

    const partners: Partner[] = [];
    const links: LibraryPartner[] = [];
    const agreements: Agreement[] = [];
    const numbers = new Map<string, number>(); // next document number per library

    const addAgreements = (libraryId: string, partner: Partner, pairIndex: number, topic?: string) => {
      const city = CITY_PARTNERS[libraryId];
      const [title, scope] = COOPERATION[partner.kind];
      // Older pairs started earlier; odd pairs had a one-year agreement that expired and was renewed.
      const first = addDays(DEMO_TODAY, -(300 + 90 * pairIndex + 30 * DEMO_LIBRARIES.findIndex((l) => l.id === libraryId)));
      const terms: { startsOn: string; endsOn: string; state: AgreementState }[] = [];
      if (pairIndex % 2 === 0) {
        terms.push({ startsOn: first, endsOn: addDays(first, 730), state: AgreementState.SIGNED });
      } else {
        const expired = addDays(first, 365);
        terms.push({ startsOn: first, endsOn: expired, state: AgreementState.SIGNED });
        terms.push({ startsOn: addDays(expired, 1), endsOn: addDays(expired, 731), state: AgreementState.SIGNED });
      }
      links.push(tx.getRepository(LibraryPartner).create({ libraryId, partnerId: partner.id, since: first }));
      for (const [t, term] of terms.entries()) {
        const n = (numbers.get(libraryId) ?? 0) + 1;
        numbers.set(libraryId, n);
        const kind = partner.kind === PartnerKind.COMPANY || partner.kind === PartnerKind.UNIVERSITY ? 'PKS' : 'MoU';
        agreements.push(
          tx.getRepository(Agreement).create({
            id: demoId('agreement', libraryId, partner.id, t),
            libraryId,
            partnerId: partner.id,
            title: `${topic ?? title}${t > 0 ? ' (Perpanjangan)' : ''}`,
            scope,
            startsOn: term.startsOn,
            endsOn: term.endsOn,
            state: term.state,
            documentReference: `${kind}/${String(n * 7 + 3).padStart(3, '0')}/DPK-${city.code}/${term.startsOn.slice(0, 4)}`,
          }),
        );
      }
    };

    for (const library of DEMO_LIBRARIES) {
      const city = CITY_PARTNERS[library.id];
      const faker = demoFaker(`partnerships:${library.id}`);
      for (let i = 0; i < DEMO_COUNTS.partnersPerLibrary; i++) {
        const kind = PartnerKind[DEMO_PARTNER_KINDS[i]];
        const contactName = personName(faker);
        const partner = tx.getRepository(Partner).create({
          id: demoId('partner', library.id, i),
          kind,
          name: DEMO_PARTNERS[library.id][i].name,
          npsn: kind === PartnerKind.SCHOOL ? `${city.npsnPrefix}${faker.string.numeric(4)}` : null,
          city: library.city,
          address: `${faker.location.streetAddress()}, Kota ${library.city}`,
          contactName,
          contactEmail: `${slug(contactName.split(' ')[0])}.${i}@${DEMO_PARTNERS[library.id][i].domain}`,
          contactPhone: mobile(faker),
        });
        partners.push(partner);
        addAgreements(library.id, partner, i);
      }
    }

    const faker = demoFaker('partnerships:regional');
    for (const [n, regional] of REGIONAL_PARTNERS.entries()) {
      const contactName = personName(faker);
      const partner = tx.getRepository(Partner).create({
        id: demoId('partner', 'regional', n),
        kind: regional.kind,
        name: regional.name,
        npsn: null,
        city: regional.city,
        address: regional.address,
        contactName,
        contactEmail: `${slug(contactName.split(' ')[0])}@${regional.domain}`,
        contactPhone: `${regional.areaCode}${faker.string.numeric({ length: regional.areaCode === '021' ? 8 : 6, allowLeadingZeros: false })}`,
      });
      partners.push(partner);
      for (const libraryId of regional.libraries) addAgreements(libraryId, partner, n, regional.topic);
    }

    // One agreement still being negotiated, one ended early: every status appears in the demo.
    const draftPartner = partners.find((p) => p.id === demoId('partner', 'kupang', 3))!;
    const draftStart = addDays(DEMO_TODAY, 60);
    agreements.push(
      tx.getRepository(Agreement).create({
        id: demoId('agreement', 'kupang', draftPartner.id, 'draft'),
        libraryId: 'kupang',
        partnerId: draftPartner.id,
        title: 'Program Magang Mahasiswa Ilmu Perpustakaan',
        scope: 'Penempatan mahasiswa program studi ilmu perpustakaan untuk magang di layanan sirkulasi, referensi dan pengolahan.',
        startsOn: draftStart,
        endsOn: addDays(draftStart, 365),
        state: AgreementState.DRAFT,
        documentReference: `DRAFT/PKS/DPK-KPG/${draftStart.slice(0, 4)}`,
      }),
    );
    const terminated = agreements.find((a) => a.libraryId === 'baubau' && a.partnerId === demoId('partner', 'baubau', 4))!;
    terminated.state = AgreementState.TERMINATED;

    await tx.getRepository(Partner).insert(partners);
    await tx.getRepository(LibraryPartner).insert(links);
    await tx.getRepository(Agreement).insert(agreements);
    return { partners: partners.length, libraryPartners: links.length, agreements: agreements.length };
  }
}
