import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNER_KINDS, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../shared/demo';
import type { SeedSummary } from '../../shared/subgraph';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventPartner } from './entities/event-partner.entity';
import { Event, EventAudience, EventStatus, EventType } from './entities/event.entity';
import { Registration, RegistrationStatus } from './entities/registration.entity';

type PartnerKind = (typeof DEMO_PARTNER_KINDS)[number];

interface Template {
  title: (library: DemoLibrary, year: number) => string;
  type: EventType;
  audience: EventAudience;
  /** Local start time in the library's zone, HH:MM. */
  time: string;
  hours: number;
  capacity: number;
  location: (library: DemoLibrary) => string;
  /** 0 = Sunday … 6 = Saturday; events without one avoid Sunday. */
  weekday?: number;
  coHost?: PartnerKind;
  description: string;
}

/** Fourteen kinds of event every demo library runs; together they cover every EventType. */
const TEMPLATES: Template[] = [
  {
    title: () => 'Dongeng Sabtu Pagi',
    type: EventType.STORY_TIME,
    audience: EventAudience.CHILDREN,
    time: '09:00',
    hours: 1.5,
    capacity: 40,
    location: () => 'Ruang Baca Anak',
    weekday: 6,
    description: 'Pendongeng perpustakaan membawakan cerita rakyat Nusantara untuk anak usia 4-10 tahun, dilanjutkan mewarnai bersama.',
  },
  {
    title: () => 'Klub Baca Remaja',
    type: EventType.READING_CLUB,
    audience: EventAudience.TEENAGERS,
    time: '15:30',
    hours: 2,
    capacity: 20,
    location: () => 'Ruang Diskusi Lantai 2',
    weekday: 5,
    coHost: 'COMMUNITY_ORGANISATION',
    description: 'Pertemuan bulanan klub baca remaja: satu novel dibahas bersama, peserta bergiliran memandu diskusi.',
  },
  {
    title: () => 'Lomba Menggambar Anak',
    type: EventType.DRAWING_CONTEST,
    audience: EventAudience.CHILDREN,
    time: '08:00',
    hours: 4,
    capacity: 60,
    location: () => 'Aula Utama',
    weekday: 6,
    coHost: 'SCHOOL',
    description: 'Lomba menggambar bertema "Perpustakaan Impianku" untuk siswa TK dan SD. Peserta membawa alat gambar sendiri.',
  },
  {
    title: (library, year) => `Pameran Buku ${library.city} ${year}`,
    type: EventType.BOOK_FAIR,
    audience: EventAudience.FAMILIES,
    time: '09:00',
    hours: 8,
    capacity: 500,
    location: () => 'Halaman Perpustakaan',
    coHost: 'COMPANY',
    description: 'Pameran dan bazar buku bersama penerbit dan toko buku lokal, dengan potongan harga dan pojok tukar buku bekas.',
  },
  {
    title: () => 'Literasi Digital untuk Lansia',
    type: EventType.DIGITAL_LITERACY,
    audience: EventAudience.SENIORS,
    time: '10:00',
    hours: 2,
    capacity: 25,
    location: () => 'Laboratorium Komputer',
    description: 'Belajar memakai ponsel pintar: mengirim pesan, panggilan video dengan keluarga, dan mengenali berita bohong.',
  },
  {
    title: () => 'Gerakan Literasi Keluarga',
    type: EventType.LITERACY_PROGRAMME,
    audience: EventAudience.FAMILIES,
    time: '09:00',
    hours: 3,
    capacity: 80,
    location: () => 'Aula Utama',
    weekday: 6,
    description: 'Orang tua dan anak membaca bersama, dengan kiat membangun kebiasaan membaca di rumah.',
  },
  {
    title: (library) => `Pameran Seni Rupa Pelajar ${library.city}`,
    type: EventType.ART_EXHIBITION,
    audience: EventAudience.FAMILIES,
    time: '09:00',
    hours: 7,
    capacity: 300,
    location: () => 'Galeri Lantai 1',
    coHost: 'SCHOOL',
    description: 'Karya lukis, kriya dan fotografi pelajar SMP dan SMA se-kota dipamerkan selama sehari.',
  },
  {
    title: () => 'Bedah Buku: Laskar Pelangi',
    type: EventType.DISCUSSION,
    audience: EventAudience.ADULTS,
    time: '19:00',
    hours: 2,
    capacity: 50,
    location: () => 'Ruang Diskusi Lantai 2',
    description: 'Diskusi novel Andrea Hirata tentang pendidikan di daerah, bersama guru dan pegiat literasi.',
  },
  {
    title: () => 'Lokakarya Menulis Cerpen',
    type: EventType.WRITING_WORKSHOP,
    audience: EventAudience.TEENAGERS,
    time: '13:00',
    hours: 3,
    capacity: 25,
    location: () => 'Ruang Diskusi Lantai 2',
    coHost: 'UNIVERSITY',
    description: 'Dari ide ke naskah: struktur cerita, tokoh dan dialog, dipandu penulis lokal.',
  },
  {
    title: () => 'Seminar Literasi Informasi di Era Digital',
    type: EventType.SEMINAR,
    audience: EventAudience.ADULTS,
    time: '09:00',
    hours: 4,
    capacity: 150,
    location: () => 'Aula Utama',
    coHost: 'UNIVERSITY',
    description: 'Seminar bagi guru dan mahasiswa: mencari, menilai dan mengutip informasi secara bertanggung jawab.',
  },
  {
    title: () => 'Kunjungan Sekolah: Mengenal Perpustakaan',
    type: EventType.SCHOOL_PROGRAMME,
    audience: EventAudience.CHILDREN,
    time: '08:30',
    hours: 2,
    capacity: 35,
    location: () => 'Ruang Baca Anak',
    weekday: 3,
    coHost: 'SCHOOL',
    description: 'Siswa kelas 3 SD berkeliling perpustakaan, belajar mencari buku di katalog dan membuat kartu anggota.',
  },
  {
    title: () => 'Membaca Bersama Buku Braille',
    type: EventType.LITERACY_PROGRAMME,
    audience: EventAudience.PEOPLE_WITH_DISABILITIES,
    time: '10:00',
    hours: 2,
    capacity: 15,
    location: () => 'Ruang Layanan Inklusi',
    description: 'Membaca buku Braille dan mendengarkan buku audio bersama pemustaka tunanetra, didampingi relawan.',
  },
  {
    title: () => 'Webinar Aman Bermedia Sosial',
    type: EventType.DIGITAL_LITERACY,
    audience: EventAudience.TEENAGERS,
    time: '19:30',
    hours: 1.5,
    capacity: 200,
    location: (library) => `https://daring.perpustakaan-${library.id}.go.id/webinar-aman-bermedsos`,
    description: 'Webinar tentang jejak digital, perundungan daring dan menjaga data pribadi.',
  },
  {
    title: () => 'Klub Baca Lansia',
    type: EventType.READING_CLUB,
    audience: EventAudience.SENIORS,
    time: '09:30',
    hours: 2,
    capacity: 20,
    location: () => 'Ruang Baca Umum',
    weekday: 4,
    description: 'Para lansia membaca dan membicarakan buku sejarah dan budaya daerah sambil minum teh.',
  },
];

/**
 * The calendar: days from DEMO_TODAY per slot, and what became of the event. Past slots end at
 * -9 and a weekday shift adds at most 6 days, so a past event stays in the past.
 */
const SLOTS: { day: number; status: EventStatus }[] = [
  { day: -84, status: EventStatus.COMPLETED },
  { day: -70, status: EventStatus.COMPLETED },
  { day: -61, status: EventStatus.COMPLETED },
  { day: -52, status: EventStatus.COMPLETED },
  { day: -45, status: EventStatus.COMPLETED },
  { day: -38, status: EventStatus.COMPLETED },
  { day: -30, status: EventStatus.COMPLETED },
  { day: -21, status: EventStatus.COMPLETED },
  { day: -9, status: EventStatus.COMPLETED },
  { day: 3, status: EventStatus.PUBLISHED },
  { day: 10, status: EventStatus.CANCELLED },
  { day: 17, status: EventStatus.PUBLISHED },
  { day: 31, status: EventStatus.DRAFT },
  { day: 45, status: EventStatus.DRAFT },
];

/** Indonesia keeps no daylight saving: a fixed offset per zone is exact. */
const UTC_OFFSET_HOURS: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** A local wall-clock time in the library's zone as a UTC instant (09:00 WITA → 01:00Z). */
function atLocalTime(date: string, time: string, timezone: string): Date {
  const offset = UTC_OFFSET_HOURS[timezone];
  if (offset === undefined) throw new Error(`No UTC offset known for ${timezone}`);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h - offset, mi));
}

/** The first day on or after `date` that suits the template (its weekday, or any day but Sunday). */
function scheduledDay(date: string, weekday: number | undefined): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === undefined) return day === 0 ? addDays(date, 1) : date;
  return addDays(date, (weekday - day + 7) % 7);
}

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const HOUR = 3600_000;
/** Registrations per event in the demo, at most (a book fair has room for 500, the demo needs no more). */
const MAX_REGISTRATIONS = 45;
/** Members 0..2 of each library are institutions (partner schools' cards): they do not register. */
const FIRST_PERSON_MEMBER = 3;

async function insertInChunks<T extends ObjectLiteral>(repo: Repository<T>, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await repo.insert(rows.slice(i, i + size) as never);
}

/** Events, facilitators, co-hosts and registrations. Runs once: a second call finds the first event and adds nothing. */
export async function seed(db: DataSource): Promise<SeedSummary> {
  return db.transaction(async (tx) => {
    if (await tx.getRepository(Event).existsBy({ id: demoId('event', DEMO_LIBRARIES[0].id, 0) })) return {} as SeedSummary;

    const events: Event[] = [];
    const facilitators: EventFacilitator[] = [];
    const coHosts: EventPartner[] = [];
    const registrations: Registration[] = [];

    for (const [li, library] of DEMO_LIBRARIES.entries()) {
      const faker = demoFaker(`community-events:${library.id}`);
      const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
      const members = Array.from({ length: DEMO_COUNTS.membersPerLibrary - FIRST_PERSON_MEMBER }, (_, i) => i + FIRST_PERSON_MEMBER);

      for (const [slot, { day, status }] of SLOTS.entries()) {
        // Each library runs the templates in its own order, so every type is somewhere past and upcoming.
        const template = TEMPLATES[(slot + li * 5) % TEMPLATES.length];
        const date = scheduledDay(addDays(DEMO_TODAY, day), template.weekday);
        const startsAt = atLocalTime(date, template.time, library.timezone);
        const event = tx.getRepository(Event).create({
          id: demoId('event', library.id, slot),
          libraryId: library.id,
          title: template.title(library, Number(date.slice(0, 4))),
          description: template.description,
          type: template.type,
          audience: template.audience,
          location: template.location(library),
          startsAt,
          endsAt: new Date(startsAt.getTime() + template.hours * HOUR),
          capacity: template.capacity,
          status,
        });
        events.push(event);

        const librarians = Array.from({ length: DEMO_COUNTS.librariansPerLibrary }, (_, k) => k);
        for (const k of faker.helpers.arrayElements(librarians, faker.number.int({ min: 1, max: 2 })).sort()) {
          facilitators.push(tx.getRepository(EventFacilitator).create({ eventId: event.id, librarianId: demoId('librarian', library.id, k) }));
        }
        if (template.coHost && faker.datatype.boolean(0.75)) {
          const candidates = DEMO_PARTNER_KINDS.flatMap((kind, i) => (kind === template.coHost ? [i] : []));
          const i = faker.helpers.arrayElement(candidates);
          coHosts.push(tx.getRepository(EventPartner).create({ eventId: event.id, partnerId: demoId('partner', library.id, i) }));
        }

        if (status === EventStatus.DRAFT) continue; // nobody can register for a draft
        const demand = faker.number.float({ min: 0.6, max: 1.5 });
        const count = Math.min(MAX_REGISTRATIONS, Math.round(template.capacity * demand));
        const opens = new Date(startsAt.getTime() - 28 * 24 * HOUR);
        const closes = new Date(Math.min(startsAt.getTime() - HOUR, now.getTime()));
        const times = faker.date.betweens({ from: opens, to: closes, count }).map(wholeSeconds);
        const people = faker.helpers.shuffle(members);
        let confirmed = 0;
        for (const [j, createdAt] of times.entries()) {
          const guest = faker.datatype.boolean(0.15);
          const firstName = faker.person.firstName();
          const lastName = faker.person.lastName();
          let regStatus: RegistrationStatus;
          if (status === EventStatus.CANCELLED || faker.datatype.boolean(0.07)) regStatus = RegistrationStatus.CANCELLED;
          else if (confirmed < template.capacity) regStatus = RegistrationStatus.CONFIRMED;
          else regStatus = RegistrationStatus.WAITLISTED;
          if (regStatus === RegistrationStatus.CONFIRMED) confirmed += 1;
          registrations.push(
            tx.getRepository(Registration).create({
              id: demoId('registration', library.id, slot, j),
              eventId: event.id,
              memberId: guest ? null : demoId('member', library.id, people[j]),
              guestName: guest ? `${firstName} ${lastName}` : null,
              guestEmail: guest ? faker.internet.email({ firstName, lastName }).toLowerCase() : null,
              status: regStatus,
              createdAt,
            }),
          );
        }
      }
    }

    await insertInChunks(tx.getRepository(Event), events);
    await insertInChunks(tx.getRepository(EventFacilitator), facilitators);
    await insertInChunks(tx.getRepository(EventPartner), coHosts);
    await insertInChunks(tx.getRepository(Registration), registrations);
    return { events: events.length, eventFacilitators: facilitators.length, eventPartners: coHosts.length, registrations: registrations.length };
  });
}
