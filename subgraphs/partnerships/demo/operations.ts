import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { Agreement, AgreementState } from '../agreements/agreement.entity';
import { FundingContribution, FundingSource } from '../funding/funding-contribution.entity';
import { InternshipLogbookEntry, LogbookRecorder } from '../internships/internship-logbook-entry.entity';
import { Internship, InternshipStatus } from '../internships/internship.entity';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { PartnershipProgramme, PartnershipProgrammeKind as Kind, PartnershipProgrammeStatus as Status } from '../programmes/partnership-programme.entity';
import { ProgrammeLibrarian } from '../programmes/programme-librarian.entity';
import { CITY_PARTNERS, personName, slug } from './partners';

/** The partner libraries of the two Javanese and Sumatran cities (Kupang and Baubau share the NTT office). */
const PROVINCIAL_LIBRARIES: Record<string, { n: number; name: string; city: string; address: string; domain: string; areaCode: string }> = {
  pasuruan: {
    n: 3,
    name: 'Dinas Perpustakaan dan Kearsipan Provinsi Jawa Timur',
    city: 'Surabaya',
    address: 'Jl. Menur Pumpungan No. 32, Sukolilo, Kota Surabaya',
    domain: 'jatimprov.go.id',
    areaCode: '031',
  },
  'pematang-siantar': {
    n: 4,
    name: 'Dinas Perpustakaan dan Arsip Daerah Provinsi Sumatera Utara',
    city: 'Medan',
    address: 'Jl. Brigjend Katamso No. 45 A, Medan Maimun, Kota Medan',
    domain: 'sumutprov.go.id',
    areaCode: '061',
  },
};

const STUDY_PROGRAMMES = ['Ilmu Perpustakaan (S1)', 'Perpustakaan dan Sains Informasi (S1)', 'Sistem Informasi (S1)', 'Pendidikan Bahasa Indonesia (S1)'];
const VISIT_TOPICS = [
  'Mengenal perpustakaan dan cara meminjam buku',
  'Dongeng cerita rakyat daerah',
  'Literasi informasi: mencari sumber yang tepercaya',
  'Membaca nyaring dan menulis cerita pendek',
];

const wholeSeconds = (date: string) => new Date(`${date}T02:00:00Z`);

/**
 * Step 2 of the demo data (marker: Kupang's first programme): the partner libraries of Pasuruan
 * and Pematang Siantar, and in every city school visits, lending to schools, a workshop, a
 * seminar, a research collaboration, an exchange with a partner library, interns in every status
 * and funding from a government programme and a company. Dates are relative to DEMO_TODAY.
 */
export async function seedOperations(tx: EntityManager): Promise<SeedSummary> {
  if (await tx.getRepository(PartnershipProgramme).existsBy({ id: demoId('programme', DEMO_LIBRARIES[0].id, 0) })) return {};

  // Partner libraries where the first step had none.
  const newPartners: Partner[] = [];
  const newLinks: LibraryPartner[] = [];
  const newAgreements: Agreement[] = [];
  for (const [libraryId, p] of Object.entries(PROVINCIAL_LIBRARIES)) {
    const faker = demoFaker(`partnerships:provincial:${libraryId}`);
    const contactName = personName(faker);
    const partner = tx.getRepository(Partner).create({
      id: demoId('partner', 'regional', p.n),
      kind: PartnerKind.LIBRARY,
      name: p.name,
      npsn: null,
      city: p.city,
      address: p.address,
      contactName,
      contactEmail: `${slug(contactName.split(' ')[0])}@${p.domain}`,
      contactPhone: `${p.areaCode}${faker.string.numeric({ length: 7, allowLeadingZeros: false })}`,
    });
    newPartners.push(partner);
    const startsOn = addDays(DEMO_TODAY, -400);
    newLinks.push(tx.getRepository(LibraryPartner).create({ libraryId, partnerId: partner.id, since: startsOn }));
    newAgreements.push(
      tx.getRepository(Agreement).create({
        id: demoId('agreement', libraryId, partner.id, 0),
        libraryId,
        partnerId: partner.id,
        title: 'Pertukaran Koleksi, Informasi dan Praktik Layanan',
        scope: 'Pertukaran koleksi deposit dan katalog, bantuan keuangan untuk layanan perpustakaan, dan magang silang pustakawan.',
        startsOn,
        endsOn: addDays(startsOn, 1095),
        state: AgreementState.SIGNED,
        documentReference: `MoU/${String(90 + p.n).padStart(3, '0')}/DPK-${CITY_PARTNERS[libraryId].code}/${startsOn.slice(0, 4)}`,
      }),
    );
  }
  await tx.getRepository(Partner).insert(newPartners);
  await tx.getRepository(LibraryPartner).insert(newLinks);
  await tx.getRepository(Agreement).insert(newAgreements);

  const agreements = await tx.getRepository(Agreement).findBy({ state: AgreementState.SIGNED });
  /** The signed agreement in force on DEMO_TODAY between the library and the partner. */
  const current = (libraryId: string, partnerId: string) =>
    agreements.find((a) => a.libraryId === libraryId && a.partnerId === partnerId && a.startsOn <= DEMO_TODAY && a.endsOn >= DEMO_TODAY)!;
  /** A date `offset` days from DEMO_TODAY, moved into the agreement when it would fall before it. */
  const within = (a: Agreement, offset: number) => {
    const date = addDays(DEMO_TODAY, offset);
    return date < a.startsOn ? addDays(a.startsOn, 7) : date;
  };

  const programmes: PartnershipProgramme[] = [];
  const programmeLibrarians: ProgrammeLibrarian[] = [];
  const internships: Internship[] = [];
  const logbook: InternshipLogbookEntry[] = [];
  const funding: FundingContribution[] = [];

  for (const [l, library] of DEMO_LIBRARIES.entries()) {
    const faker = demoFaker(`partnerships:operations:${library.id}`);
    const librarian = (k: number) => demoId('librarian', library.id, k);
    let n = 0;
    const programme = (
      a: Agreement,
      kind: Kind,
      status: Status,
      title: string,
      topic: string,
      startOffset: number,
      days: number,
      outcome?: { reached: number; items?: number; text: string },
      librarians: number[] = [],
    ) => {
      const startsOn = within(a, startOffset);
      const row = tx.getRepository(PartnershipProgramme).create({
        id: demoId('programme', library.id, n++),
        agreementId: a.id,
        libraryId: library.id,
        partnerId: a.partnerId,
        kind,
        title,
        topic,
        startsOn,
        endsOn: addDays(startsOn, days),
        status,
        expectedParticipants: outcome ? outcome.reached + 5 : 40,
        participantsReached: outcome?.reached ?? null,
        itemsCount: outcome?.items ?? null,
        outcomes: outcome?.text ?? null,
        cancellationReason: null,
        trainingProgrammeId: null,
        createdAt: wholeSeconds(addDays(startsOn, -30)),
        updatedAt: wholeSeconds(addDays(startsOn, days)),
      });
      programmes.push(row);
      for (const k of librarians) programmeLibrarians.push(tx.getRepository(ProgrammeLibrarian).create({ programmeId: row.id, librarianId: librarian(k) }));
    };

    // Schools: two visits done, one planned; lending each semester.
    for (let s = 0; s < 3; s++) {
      const a = current(library.id, demoId('partner', library.id, s));
      const reached = faker.number.int({ min: 35, max: 120 });
      programme(
        a,
        Kind.SCHOOL_VISIT,
        Status.COMPLETED,
        'Kunjungan Perpustakaan ke Sekolah',
        VISIT_TOPICS[s],
        -75 + s * 7,
        0,
        { reached, text: 'Siswa mengikuti pengenalan perpustakaan, membaca bersama dan mendaftar sebagai anggota.' },
        [s, s + 3],
      );
      programme(
        a,
        Kind.SCHOOL_VISIT,
        Status.COMPLETED,
        'Kunjungan Perpustakaan ke Sekolah',
        VISIT_TOPICS[(s + 1) % 4],
        -20 + s * 3,
        0,
        { reached: reached - 10, text: 'Kegiatan dongeng dan kuis literasi; guru meminta kunjungan lanjutan.' },
        [s + 1],
      );
      programme(a, Kind.SCHOOL_VISIT, Status.PLANNED, 'Kunjungan Perpustakaan ke Sekolah', VISIT_TOPICS[(s + 2) % 4], 30 + s * 7, 0, undefined, [s]);
      const lendingStatus = [Status.COMPLETED, Status.IN_PROGRESS, Status.PLANNED][s];
      programme(
        a,
        Kind.SCHOOL_LENDING,
        lendingStatus,
        'Pinjaman Koleksi ke Perpustakaan Sekolah',
        'Buku bacaan anak dan remaja',
        lendingStatus === Status.PLANNED ? 45 : -100,
        120,
        lendingStatus === Status.COMPLETED
          ? {
              reached: faker.number.int({ min: 150, max: 400 }),
              items: faker.number.int({ min: 80, max: 200 }),
              text: 'Koleksi dipinjam bergilir antarkelas dan dikembalikan lengkap.',
            }
          : undefined,
      );
    }

    // The university: a workshop done, a seminar ahead, research under way.
    const university = current(library.id, demoId('partner', library.id, 3));
    programme(
      university,
      Kind.WORKSHOP,
      Status.COMPLETED,
      'Lokakarya Katalogisasi dan Otomasi Perpustakaan',
      'Katalogisasi RDA dan SLiMS',
      -45,
      2,
      { reached: 32, text: 'Pustakawan dan mahasiswa menyusun 300 cantuman katalog baru.' },
      [0, 1],
    );
    programme(university, Kind.SEMINAR, Status.PLANNED, 'Seminar Literasi Digital untuk Masyarakat', 'Literasi digital dan hoaks', 40, 0, undefined, [2]);
    programme(university, Kind.RESEARCH_COLLABORATION, Status.IN_PROGRESS, 'Kajian Minat Baca Masyarakat Kota', 'Survei minat baca dan kunjungan perpustakaan', -60, 180);

    // The partner library: an exchange of collections and practice.
    const partnerLibrary = library.id in PROVINCIAL_LIBRARIES ? demoId('partner', 'regional', PROVINCIAL_LIBRARIES[library.id].n) : demoId('partner', 'regional', 1);
    programme(
      current(library.id, partnerLibrary),
      Kind.LIBRARY_EXCHANGE,
      Status.COMPLETED,
      'Pertukaran Koleksi Muatan Lokal',
      'Koleksi muatan lokal dan praktik layanan',
      -90,
      30,
      { reached: 12, items: 150, text: 'Pertukaran 150 judul muatan lokal dan studi banding layanan anak.' },
    );

    // Interns in every status, supervised by the library's first librarians.
    const statuses = [InternshipStatus.COMPLETED, InternshipStatus.ACTIVE, InternshipStatus.ACCEPTED, InternshipStatus.APPLIED];
    const periods: [string, string][] = [
      ['2026-06-01', '2026-08-28'],
      ['2026-09-07', '2026-12-18'],
      ['2027-01-11', '2027-03-26'],
      ['2027-02-01', '2027-04-30'],
    ];
    for (const [k, status] of statuses.entries()) {
      const id = demoId('internship', library.id, k);
      const [startsOn, endsOn] = periods[k];
      const evaluated = status === InternshipStatus.COMPLETED;
      internships.push(
        tx.getRepository(Internship).create({
          id,
          agreementId: university.id,
          partnerId: university.partnerId,
          libraryId: library.id,
          supervisorId: status === InternshipStatus.APPLIED ? null : librarian(k % 3),
          studentName: personName(faker),
          studentNumber: `${2201 + l}${String(faker.number.int({ min: 10000, max: 99999 }))}`,
          studyProgramme: STUDY_PROGRAMMES[(k + l) % STUDY_PROGRAMMES.length],
          startsOn,
          endsOn,
          status,
          certificateNumber: evaluated ? `${String(k + 1).padStart(3, '0')}/SERT-MAGANG/${library.id.toUpperCase()}/2026` : null,
          cancellationReason: null,
          evaluationScores: evaluated
            ? [
                { criterion: 'Kedisiplinan', score: faker.number.int({ min: 75, max: 95 }) },
                { criterion: 'Pelayanan pemustaka', score: faker.number.int({ min: 70, max: 95 }) },
                { criterion: 'Pengolahan bahan pustaka', score: faker.number.int({ min: 70, max: 95 }) },
                { criterion: 'Kerja sama tim', score: faker.number.int({ min: 75, max: 98 }) },
              ]
            : null,
          evaluationComment: evaluated ? 'Mahasiswa tekun, cepat memahami alur kerja layanan dan mampu bekerja mandiri.' : null,
          evaluatedAt: evaluated ? wholeSeconds(addDays(endsOn, -2)) : null,
          createdAt: wholeSeconds(addDays(startsOn, -30)),
          updatedAt: wholeSeconds(evaluated ? endsOn : startsOn),
        }),
      );
      const weeks = status === InternshipStatus.COMPLETED ? 12 : status === InternshipStatus.ACTIVE ? 8 : 0;
      for (let w = 0; w < weeks; w++) {
        logbook.push(
          tx.getRepository(InternshipLogbookEntry).create({
            id: demoId('logbook', id, w),
            internshipId: id,
            weekStarting: addDays(startsOn, 7 * w),
            activities: [
              'Layanan sirkulasi dan penataan rak',
              'Pengolahan dan katalogisasi buku baru',
              'Layanan referensi dan literasi informasi',
              'Pendampingan kegiatan layanan anak',
            ][w % 4],
            hours: faker.number.int({ min: 30, max: 40 }),
            recordedBy: w % 2 ? LogbookRecorder.SUPERVISOR : LogbookRecorder.UNIVERSITY,
            recordedAt: wholeSeconds(addDays(startsOn, 7 * w + 5)),
          }),
        );
      }
    }

    // Funding: a government programme and the local bank's CSR.
    const government = library.id in PROVINCIAL_LIBRARIES ? partnerLibrary : demoId('partner', 'regional', 0);
    const governmentProgramme =
      library.id in PROVINCIAL_LIBRARIES ? `Bantuan Keuangan Provinsi untuk Perpustakaan ${library.city}` : 'Transformasi Perpustakaan Berbasis Inklusi Sosial';
    const bank = demoId('partner', library.id, 5);
    const contributions: [string, FundingSource, string, string, number, string][] = [
      [
        government,
        FundingSource.GOVERNMENT_PROGRAMME,
        `${governmentProgramme} 2026`,
        'Pengadaan koleksi dan perangkat layanan digital',
        1_250_000_000 + l * 75_000_000,
        addDays(DEMO_TODAY, -200),
      ],
      [
        bank,
        FundingSource.PRIVATE_STAKEHOLDER,
        'Dana Tanggung Jawab Sosial Perusahaan 2025',
        'Pojok baca anak dan rak buku',
        175_000_000 + l * 10_000_000,
        addDays(DEMO_TODAY, -420),
      ],
      [
        bank,
        FundingSource.PRIVATE_STAKEHOLDER,
        'Dana Tanggung Jawab Sosial Perusahaan 2026',
        'Mobil perpustakaan keliling untuk kunjungan sekolah',
        450_000_000 + l * 25_000_000,
        addDays(DEMO_TODAY, -60),
      ],
    ];
    for (const [f, [partnerId, source, programmeName, purpose, amount, receivedOn]] of contributions.entries()) {
      funding.push(
        tx.getRepository(FundingContribution).create({
          id: demoId('funding', library.id, f),
          libraryId: library.id,
          partnerId,
          source,
          programme: programmeName,
          purpose,
          amount,
          receivedOn,
          year: Number(receivedOn.slice(0, 4)),
          createdAt: wholeSeconds(receivedOn),
        }),
      );
    }
  }

  await tx.getRepository(PartnershipProgramme).insert(programmes);
  await tx.getRepository(ProgrammeLibrarian).insert(programmeLibrarians);
  await tx.getRepository(Internship).insert(internships);
  await tx.getRepository(InternshipLogbookEntry).insert(logbook);
  await tx.getRepository(FundingContribution).insert(funding);
  return {
    partnerLibraries: newPartners.length,
    programmes: programmes.length,
    internships: internships.length,
    logbookEntries: logbook.length,
    fundingContributions: funding.length,
  };
}
