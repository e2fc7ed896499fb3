import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { IsNull, type DataSource, type EntityManager, type ObjectLiteral, type Repository } from 'typeorm';
import { transaction } from '../../shared/database';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNER_KINDS, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../shared/demo';
import type { SeedSummary } from '../../shared/subgraph';
import { AttendanceStatus, EventAttendance } from './entities/attendance.entity';
import { EventFacilitator } from './entities/event-facilitator.entity';
import { EventFeedback } from './entities/event-feedback.entity';
import { EventNotice, EventNoticeKind } from './entities/event-notice.entity';
import { EventPartner } from './entities/event-partner.entity';
import { EventPromotionLink, PromotionPlatform } from './entities/event-promotion.entity';
import { EventSeries } from './entities/event-series.entity';
import { Event, EventAudience, EventStatus, EventType } from './entities/event.entity';
import { GuestAgeGroup, Registration, RegistrationStatus } from './entities/registration.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyQuestionKind, SurveyResponse } from './entities/satisfaction-survey.entity';
import { wholeSeconds } from '../../shared/time';

/**
 * The demo programme of every library, loaded step by step; each step checks its own marker, so
 * a database seeded by an earlier version gets the new steps once:
 *
 * 1. events: fourteen slots around DEMO_TODAY (past, upcoming, cancelled, drafts) with
 *    facilitators, co-hosts and registrations;
 * 2. calendar: an upcoming event of every type in every city, and a past one for any type the
 *    slots left out, so every city has every type both past and upcoming;
 * 3. series: a weekly reading club per library, 26 sessions, one registration for all;
 * 4. outcomes: check-ins, no-shows, walk-ins and ratings of every completed event, the reason
 *    and the notices of every cancelled one;
 * 5. surveys: two satisfaction surveys per library (a closed and an open one) with answers;
 * 6. promotion: social media posts for the published events.
 */
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

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Registrations per event in the demo, at most (a book fair has room for 500, the demo needs no more). */
const MAX_REGISTRATIONS = 45;
/** Members 0..2 of each library are institutions (partner schools' cards): they do not register. */
const FIRST_PERSON_MEMBER = 3;
const ALL_TYPES = Object.values(EventType);
const AGE_GROUPS = Object.values(GuestAgeGroup);

async function insertInChunks<T extends ObjectLiteral>(repo: Repository<T>, rows: T[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await repo.insert(rows.slice(i, i + size) as never);
}

const personMembers = () => Array.from({ length: DEMO_COUNTS.membersPerLibrary - FIRST_PERSON_MEMBER }, (_, i) => i + FIRST_PERSON_MEMBER);

/**
 * Registrations of one pool in arrival order, as registerForEvent makes them: confirmed while
 * places last, then waitlisted; some cancelled on the way (all, for a cancelled event). The calls
 * on `faker` are those of the first version of the demo data, so its registrations stay the same.
 */
function demoRegistrations(
  tx: EntityManager,
  o: {
    faker: Faker;
    /** A second stream for what the first version did not draw (age groups), so `faker` stays as it was. */
    extra: Faker;
    library: DemoLibrary;
    id: (j: number) => string;
    eventId: (createdAt: Date) => string;
    seriesId: string | null;
    poolId: string;
    capacity: number;
    times: Date[];
    cancelled: boolean;
  },
): Registration[] {
  const people = o.faker.helpers.shuffle(personMembers());
  const used = new Set<string>();
  let confirmed = 0;
  return o.times.map((createdAt, j) => {
    const guest = o.faker.datatype.boolean(0.15);
    const firstName = o.faker.person.firstName();
    const lastName = o.faker.person.lastName();
    let status: RegistrationStatus;
    if (o.cancelled || o.faker.datatype.boolean(0.07)) status = RegistrationStatus.CANCELLED;
    else if (confirmed < o.capacity) status = RegistrationStatus.CONFIRMED;
    else status = RegistrationStatus.WAITLISTED;
    if (status === RegistrationStatus.CONFIRMED) confirmed += 1;
    const memberId = guest ? null : demoId('member', o.library.id, people[j % people.length]);
    let email = guest ? o.faker.internet.email({ firstName, lastName }).toLowerCase() : null;
    if (email && used.has(`guest:${email}`)) email = email.replace('@', `.${j}@`);
    let key = memberId ? `member:${memberId}` : `guest:${email}`;
    if (used.has(key)) key = `${key}#${j}`; // the demo's shuffled members never repeat within a pool; belt and braces
    used.add(key);
    return tx.getRepository(Registration).create({
      id: o.id(j),
      eventId: o.eventId(createdAt),
      seriesId: o.seriesId,
      poolId: o.poolId,
      sequence: j + 1,
      activeKey: status === RegistrationStatus.CANCELLED ? null : key,
      memberId,
      guestName: guest ? `${firstName} ${lastName}` : null,
      guestEmail: email,
      guestAgeGroup: guest ? o.extra.helpers.arrayElement(AGE_GROUPS) : null,
      guestTokenHash: null,
      status,
      createdAt,
      promotedAt: null,
      cancelledAt: status === RegistrationStatus.CANCELLED ? wholeSeconds(new Date(createdAt.getTime() + 2 * DAY)) : null,
    });
  });
}

interface Planned {
  event: Event;
  facilitators: EventFacilitator[];
  coHosts: EventPartner[];
}

/** One demo event from a template, with one or two facilitators and, often, a co-host of the template's kind. */
function planEvent(tx: EntityManager, faker: Faker, library: DemoLibrary, id: string, template: Template, date: string, status: EventStatus): Planned {
  const startsAt = atLocalTime(date, template.time, library.timezone);
  const event = tx.getRepository(Event).create({
    id,
    libraryId: library.id,
    title: template.title(library, Number(date.slice(0, 4))),
    description: template.description,
    type: template.type,
    audience: template.audience,
    audienceTags: template.audience === EventAudience.CHILDREN || template.audience === EventAudience.TEENAGERS ? `,${EventAudience.FAMILIES},` : '',
    accessibilityNotes: template.audience === EventAudience.PEOPLE_WITH_DISABILITIES ? 'Ruang di lantai dasar, ramah kursi roda; buku Braille dan pendamping tersedia.' : null,
    location: template.location(library),
    startsAt,
    endsAt: new Date(startsAt.getTime() + template.hours * HOUR),
    capacity: template.capacity,
    status,
    registrationOpensAt: null,
    registrationClosesAt: null,
    seriesId: null,
    walkIns: 0,
    cancellationReason: null,
  });
  const facilitators: EventFacilitator[] = [];
  const librarians = Array.from({ length: DEMO_COUNTS.librariansPerLibrary }, (_, k) => k);
  for (const k of faker.helpers.arrayElements(librarians, faker.number.int({ min: 1, max: 2 })).sort()) {
    facilitators.push(tx.getRepository(EventFacilitator).create({ eventId: id, librarianId: demoId('librarian', library.id, k) }));
  }
  const coHosts: EventPartner[] = [];
  if (template.coHost && faker.datatype.boolean(0.75)) {
    const candidates = DEMO_PARTNER_KINDS.flatMap((kind, i) => (kind === template.coHost ? [i] : []));
    const i = faker.helpers.arrayElement(candidates);
    coHosts.push(tx.getRepository(EventPartner).create({ eventId: id, partnerId: demoId('partner', library.id, i) }));
  }
  return { event, facilitators, coHosts };
}

async function insertPlanned(tx: EntityManager, planned: Planned[], registrations: Registration[]): Promise<SeedSummary> {
  await insertInChunks(tx.getRepository(Event), planned.map((p) => p.event));
  await insertInChunks(tx.getRepository(EventFacilitator), planned.flatMap((p) => p.facilitators));
  await insertInChunks(tx.getRepository(EventPartner), planned.flatMap((p) => p.coHosts));
  await insertInChunks(tx.getRepository(Registration), registrations);
  return {
    events: planned.length,
    eventFacilitators: planned.reduce((n, p) => n + p.facilitators.length, 0),
    eventPartners: planned.reduce((n, p) => n + p.coHosts.length, 0),
    registrations: registrations.length,
  };
}

/** Step 1: the fourteen slots of every library. */
async function seedEvents(tx: EntityManager): Promise<SeedSummary> {
  const planned: Planned[] = [];
  const registrations: Registration[] = [];
  for (const [li, library] of DEMO_LIBRARIES.entries()) {
    const faker = demoFaker(`community-events:${library.id}`);
    const extra = demoFaker(`community-events:guests:${library.id}`);
    const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
    for (const [slot, { day, status }] of SLOTS.entries()) {
      // Each library runs the templates in its own order; step 2 fills in what a city lacks.
      const template = TEMPLATES[(slot + li * 5) % TEMPLATES.length];
      const date = scheduledDay(addDays(DEMO_TODAY, day), template.weekday);
      const plan = planEvent(tx, faker, library, demoId('event', library.id, slot), template, date, status);
      planned.push(plan);
      if (status === EventStatus.DRAFT) continue; // nobody can register for a draft
      const { startsAt } = plan.event;
      const demand = faker.number.float({ min: 0.6, max: 1.5 });
      const count = Math.min(MAX_REGISTRATIONS, Math.round(template.capacity * demand));
      const opens = new Date(startsAt.getTime() - 28 * DAY);
      const closes = new Date(Math.min(startsAt.getTime() - HOUR, now.getTime()));
      const times = faker.date.betweens({ from: opens, to: closes, count }).map(wholeSeconds);
      registrations.push(
        ...demoRegistrations(tx, {
          faker,
          extra,
          library,
          id: (j) => demoId('registration', library.id, slot, j),
          eventId: () => plan.event.id,
          seriesId: null,
          poolId: plan.event.id,
          capacity: template.capacity,
          times,
          cancelled: status === EventStatus.CANCELLED,
        }),
      );
    }
  }
  return insertPlanned(tx, planned, registrations);
}

/** The slot numbers of step 2: 100+k for past events, 200+k for upcoming ones, 300 the festival. */
const PAST_EXTRA = 100;
const UPCOMING_EXTRA = 200;
export const FESTIVAL = 300;
/** Saturday 14 August 2027, the week of Independence Day. */
const DAYS_TO_FESTIVAL = 286;

const FESTIVAL_TEMPLATE: Template = {
  title: (library, year) => `Festival Literasi ${library.city} ${year}`,
  type: EventType.BOOK_FAIR,
  audience: EventAudience.FAMILIES,
  time: '08:00',
  hours: 10,
  capacity: 800,
  location: () => 'Halaman dan Aula Perpustakaan',
  weekday: 6,
  coHost: 'COMPANY',
  description: 'Festival literasi tahunan: bazar buku, panggung dongeng, lomba baca puisi, kelas menulis dan pojok literasi digital untuk seluruh keluarga.',
};

/**
 * Step 2: in every city an upcoming event of every type (5 to 20 weeks ahead, registration open,
 * places left in most), and a past one of every type the fourteen slots did not hold in the past.
 */
async function seedCalendar(tx: EntityManager): Promise<SeedSummary> {
  const planned: Planned[] = [];
  const registrations: Registration[] = [];
  for (const [li, library] of DEMO_LIBRARIES.entries()) {
    const faker = demoFaker(`community-events:calendar:${library.id}`);
    const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
    const pastTypes = new Set(SLOTS.flatMap((s, slot) => (s.status === EventStatus.COMPLETED ? [TEMPLATES[(slot + li * 5) % TEMPLATES.length].type] : [])));
    const templateOf = (type: EventType) => {
      const candidates = TEMPLATES.filter((t) => t.type === type);
      return candidates[li % candidates.length];
    };
    const extras: { slot: number; type: EventType; day: number; status: EventStatus; template?: Template }[] = [
      ...ALL_TYPES.filter((t) => !pastTypes.has(t)).map((type, k) => ({ slot: PAST_EXTRA + k, type, day: -150 + 7 * k, status: EventStatus.COMPLETED })),
      ...ALL_TYPES.map((type, k) => ({ slot: UPCOMING_EXTRA + k, type, day: 35 + 10 * k, status: EventStatus.PUBLISHED })),
      // The city's literacy festival in the week of Independence Day, announced early.
      { slot: FESTIVAL, type: EventType.BOOK_FAIR, day: DAYS_TO_FESTIVAL, status: EventStatus.PUBLISHED, template: FESTIVAL_TEMPLATE },
    ];
    for (const { slot, type, day, status, template: own } of extras) {
      const template = own ?? templateOf(type);
      const date = scheduledDay(addDays(DEMO_TODAY, day), template.weekday);
      const plan = planEvent(tx, faker, library, demoId('event', library.id, slot), template, date, status);
      planned.push(plan);
      const { startsAt } = plan.event;
      const upcoming = status === EventStatus.PUBLISHED;
      const demand = upcoming ? faker.number.float({ min: 0.3, max: 1.2 }) : faker.number.float({ min: 0.6, max: 1.3 });
      const count = Math.max(3, Math.min(MAX_REGISTRATIONS, Math.round(template.capacity * demand)));
      const opens = upcoming ? new Date(now.getTime() - 25 * DAY) : new Date(startsAt.getTime() - 28 * DAY);
      const closes = upcoming ? new Date(now.getTime() - HOUR) : new Date(startsAt.getTime() - HOUR);
      const times = faker.date.betweens({ from: opens, to: closes, count }).map(wholeSeconds);
      registrations.push(
        ...demoRegistrations(tx, {
          faker,
          extra: faker,
          library,
          id: (j) => demoId('registration', library.id, slot, j),
          eventId: () => plan.event.id,
          seriesId: null,
          poolId: plan.event.id,
          capacity: template.capacity,
          times,
          cancelled: false,
        }),
      );
    }
  }
  return insertPlanned(tx, planned, registrations);
}

/** The weekly reading club of each library: 26 sessions from six weeks before DEMO_TODAY. */
export const DEMO_SERIES_SESSIONS = 26;
const SERIES_WEEKDAY = 3; // Wednesday
const SERIES_CAPACITY = 20;

/** Step 3: a weekly reading club per library; one registration covers every session; some join midway. */
async function seedSeries(tx: EntityManager): Promise<SeedSummary> {
  const series: EventSeries[] = [];
  const planned: Planned[] = [];
  const registrations: Registration[] = [];
  for (const library of DEMO_LIBRARIES) {
    const faker = demoFaker(`community-events:series:${library.id}`);
    const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
    const id = demoId('event-series', library.id, 0);
    const title = 'Klub Baca Sastra Rabu Sore';
    const description = 'Klub baca mingguan: setiap Rabu sore satu bab novel Indonesia dibaca dan dibahas bersama. Sekali daftar untuk semua pertemuan.';
    series.push(
      tx.getRepository(EventSeries).create({
        id,
        libraryId: library.id,
        title,
        description,
        type: EventType.READING_CLUB,
        audience: EventAudience.ADULTS,
        capacity: SERIES_CAPACITY,
        intervalDays: 7,
        registrationOpensAt: null,
        registrationClosesAt: null,
        createdAt: wholeSeconds(new Date(now.getTime() - 80 * DAY)),
      }),
    );
    const first = scheduledDay(addDays(DEMO_TODAY, -42), SERIES_WEEKDAY);
    const librarians = faker.helpers.arrayElements(Array.from({ length: DEMO_COUNTS.librariansPerLibrary }, (_, k) => k), 2).sort();
    const sessions: Event[] = [];
    for (let i = 0; i < DEMO_SERIES_SESSIONS; i++) {
      const date = addDays(first, 7 * i);
      const startsAt = atLocalTime(date, '16:00', library.timezone);
      const sessionId = demoId('event', library.id, 'series', 0, i);
      const session = tx.getRepository(Event).create({
        id: sessionId,
        libraryId: library.id,
        title,
        description,
        type: EventType.READING_CLUB,
        audience: EventAudience.ADULTS,
        audienceTags: `,${EventAudience.TEENAGERS},${EventAudience.SENIORS},`,
        accessibilityNotes: null,
        location: 'Ruang Diskusi Lantai 2',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * HOUR),
        capacity: SERIES_CAPACITY,
        status: startsAt < now ? EventStatus.COMPLETED : EventStatus.PUBLISHED,
        registrationOpensAt: null,
        registrationClosesAt: null,
        seriesId: id,
        walkIns: 0,
        cancellationReason: null,
      });
      sessions.push(session);
      planned.push({
        event: session,
        facilitators: librarians.map((k) => tx.getRepository(EventFacilitator).create({ eventId: sessionId, librarianId: demoId('librarian', library.id, k) })),
        coHosts: [tx.getRepository(EventPartner).create({ eventId: sessionId, partnerId: demoId('partner', library.id, 4) })],
      });
    }
    // Most register in the three weeks before the first session; a few join midway.
    const early = faker.date.betweens({ from: new Date(sessions[0].startsAt.getTime() - 21 * DAY), to: new Date(sessions[0].startsAt.getTime() - HOUR), count: 19 });
    const late = faker.date.betweens({ from: new Date(sessions[0].startsAt.getTime() + HOUR), to: new Date(now.getTime() - HOUR), count: 5 });
    const times = [...early, ...late].map(wholeSeconds);
    const sessionAfter = (t: Date) => (sessions.find((s) => s.startsAt > t) ?? sessions[sessions.length - 1]).id;
    registrations.push(
      ...demoRegistrations(tx, {
        faker,
        extra: faker,
        library,
        id: (j) => demoId('registration', library.id, 'series', 0, j),
        eventId: sessionAfter,
        seriesId: id,
        poolId: id,
        capacity: SERIES_CAPACITY,
        times,
        cancelled: false,
      }),
    );
  }
  await insertInChunks(tx.getRepository(EventSeries), series);
  return { eventSeries: series.length, ...(await insertPlanned(tx, planned, registrations)) };
}

const COMMENTS = [
  'Acaranya seru dan bermanfaat, anak saya senang sekali.',
  'Pematerinya jelas dan ramah. Semoga ada lanjutannya.',
  'Ruangannya agak panas, mohon AC diperbaiki.',
  'Waktunya terlalu singkat, banyak pertanyaan belum terjawab.',
  'Sangat membantu, sekarang saya bisa video call dengan cucu.',
  'Terima kasih perpustakaan, kegiatan seperti ini perlu sering diadakan.',
  'Suara pengeras kurang jelas dari barisan belakang.',
  'Bukunya menarik, diskusinya hidup.',
  'Pendaftaran mudah, pengingatnya tepat waktu.',
  'Mohon diadakan juga pada hari Sabtu agar pekerja bisa ikut.',
];

const CANCELLATION_REASONS = ['Pemateri berhalangan hadir.', 'Aula dipakai untuk kegiatan pemerintah kota.', 'Cuaca buruk: peringatan dini BMKG.'];

/**
 * Step 4: what happened at the events. Completed: about four in five of those who held a place
 * came (checked in shortly after the start), the rest are no-shows; walk-ins; about half of those
 * who came rated it. Cancelled: the reason, and a notice (sent) for everyone registered.
 */
async function seedOutcomes(tx: EntityManager): Promise<SeedSummary> {
  const events = await tx.getRepository(Event).find({ where: [{ status: EventStatus.COMPLETED }, { status: EventStatus.CANCELLED }], order: { id: 'ASC' } });
  const attendance: EventAttendance[] = [];
  const feedback: EventFeedback[] = [];
  const notices: EventNotice[] = [];
  for (const event of events) {
    const faker = demoFaker(`community-events:outcome:${event.id}`);
    const pool = await tx.getRepository(Registration).find({ where: { poolId: event.seriesId ?? event.id }, order: { sequence: 'ASC' } });
    if (event.status === EventStatus.CANCELLED) {
      const reason = faker.helpers.arrayElement(CANCELLATION_REASONS);
      await tx.getRepository(Event).update({ id: event.id }, { cancellationReason: reason });
      const decided = new Date(event.startsAt.getTime() - 4 * DAY);
      for (const r of pool) {
        notices.push(
          tx.getRepository(EventNotice).create({
            id: demoId('notice', r.id, 'cancelled'),
            eventId: event.id,
            registrationId: r.id,
            memberId: r.memberId,
            email: r.memberId ? null : r.guestEmail,
            kind: EventNoticeKind.EVENT_CANCELLED,
            message: `Kegiatan "${event.title}" dibatalkan: ${reason} Mohon maaf atas ketidaknyamanan ini.`,
            createdAt: wholeSeconds(decided),
            sentAt: wholeSeconds(new Date(decided.getTime() + 5 * 60_000)),
          }),
        );
      }
      continue;
    }
    const held = pool.filter((r) => r.status === RegistrationStatus.CONFIRMED && (r.promotedAt ?? r.createdAt) < event.startsAt);
    for (const r of held) {
      const came = faker.datatype.boolean(0.82);
      attendance.push(
        tx.getRepository(EventAttendance).create({
          id: demoId('attendance', event.id, r.id),
          eventId: event.id,
          registrationId: r.id,
          status: came ? AttendanceStatus.ATTENDED : AttendanceStatus.NO_SHOW,
          recordedAt: wholeSeconds(new Date(came ? event.startsAt.getTime() + faker.number.int({ min: -20, max: 30 }) * 60_000 : event.endsAt.getTime() + 2 * HOUR)),
          recordedBy: `librarian:${demoId('librarian', event.libraryId, faker.number.int({ min: 0, max: DEMO_COUNTS.librariansPerLibrary - 1 }))}`,
        }),
      );
      if (came && faker.datatype.boolean(0.55)) {
        feedback.push(
          tx.getRepository(EventFeedback).create({
            id: demoId('feedback', event.id, r.id),
            eventId: event.id,
            registrationId: r.id,
            rating: faker.helpers.weightedArrayElement([
              { weight: 40, value: 5 },
              { weight: 35, value: 4 },
              { weight: 15, value: 3 },
              { weight: 7, value: 2 },
              { weight: 3, value: 1 },
            ]),
            comment: faker.datatype.boolean(0.4) ? faker.helpers.arrayElement(COMMENTS) : null,
            createdAt: wholeSeconds(new Date(event.endsAt.getTime() + faker.number.int({ min: 1, max: 72 }) * HOUR)),
          }),
        );
      }
    }
    const walkIns = faker.number.int({ min: 0, max: Math.min(30, Math.ceil(event.capacity * 0.2)) });
    if (walkIns) await tx.getRepository(Event).update({ id: event.id }, { walkIns });
  }
  await insertInChunks(tx.getRepository(EventAttendance), attendance);
  await insertInChunks(tx.getRepository(EventFeedback), feedback);
  await insertInChunks(tx.getRepository(EventNotice), notices);
  return { eventAttendance: attendance.length, eventFeedback: feedback.length, eventNotices: notices.length };
}

/** Questions of the demo surveys: the elements of Indonesia's IKM (PermenPAN-RB 14/2017), and a free answer. */
const SURVEY_QUESTIONS: { text: string; kind: SurveyQuestionKind }[] = [
  { text: 'Persyaratan layanan (keanggotaan, peminjaman) mudah dipenuhi', kind: SurveyQuestionKind.RATING },
  { text: 'Prosedur layanan mudah dan jelas', kind: SurveyQuestionKind.RATING },
  { text: 'Waktu pelayanan cepat', kind: SurveyQuestionKind.RATING },
  { text: 'Petugas perpustakaan kompeten', kind: SurveyQuestionKind.RATING },
  { text: 'Petugas perpustakaan sopan dan ramah', kind: SurveyQuestionKind.RATING },
  { text: 'Sarana dan prasarana (ruang baca, komputer, toilet) nyaman', kind: SurveyQuestionKind.RATING },
  { text: 'Koleksi buku sesuai kebutuhan Anda', kind: SurveyQuestionKind.RATING },
  { text: 'Saran untuk perpustakaan', kind: SurveyQuestionKind.TEXT },
];

const SUGGESTIONS = [
  'Tambah koleksi buku anak dan komik edukasi.',
  'Jam buka diperpanjang sampai malam.',
  'Wifi sering putus, mohon diperbaiki.',
  'Perbanyak kegiatan untuk remaja.',
  'Tempat parkir motor kurang.',
  'Sudah sangat baik, pertahankan.',
];

/** The demo surveys: [first semester of 2026, closed] and [July 2026 - June 2027, open]. */
export const DEMO_SURVEYS = [
  { title: 'Survei Kepuasan Pemustaka Semester I 2026', opensOn: '2026-01-01', closesOn: '2026-06-30', responses: 36 },
  { title: 'Survei Kepuasan Pemustaka 2026/2027', opensOn: '2026-07-01', closesOn: '2027-06-30', responses: 42 },
];

/** Step 5: two satisfaction surveys per library, answered by members and guests. */
async function seedSurveys(tx: EntityManager): Promise<SeedSummary> {
  const surveys: SatisfactionSurvey[] = [];
  const questions: SurveyQuestion[] = [];
  const responses: SurveyResponse[] = [];
  const answers: SurveyAnswer[] = [];
  for (const library of DEMO_LIBRARIES) {
    const faker = demoFaker(`community-events:surveys:${library.id}`);
    const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
    // A library's mood: its answers lean around this.
    const lean = faker.number.float({ min: 3.4, max: 4.4 });
    for (const [s, spec] of DEMO_SURVEYS.entries()) {
      const id = demoId('survey', library.id, s);
      surveys.push(
        tx.getRepository(SatisfactionSurvey).create({
          id,
          libraryId: library.id,
          title: spec.title,
          description: `Bantu ${library.name} meningkatkan layanan: isi survei singkat ini (sekitar 3 menit). Jawaban Anda dirahasiakan.`,
          opensOn: spec.opensOn,
          closesOn: spec.closesOn,
          createdAt: atLocalTime(addDays(spec.opensOn, -7), '08:00', library.timezone),
        }),
      );
      const qs = SURVEY_QUESTIONS.map((q, i) => tx.getRepository(SurveyQuestion).create({ id: demoId('survey-question', id, i), surveyId: id, position: i + 1, ...q }));
      questions.push(...qs);
      const from = atLocalTime(spec.opensOn, '08:00', library.timezone);
      const to = new Date(Math.min(atLocalTime(spec.closesOn, '20:00', library.timezone).getTime(), now.getTime() - HOUR));
      const times = faker.date.betweens({ from, to, count: spec.responses }).map(wholeSeconds);
      const members = faker.helpers.shuffle(personMembers());
      for (const [j, submittedAt] of times.entries()) {
        const member = j % 3 !== 2; // two in three are members, the rest guests
        const responseId = demoId('survey-response', id, j);
        const email = `${faker.internet.username().toLowerCase()}.${j}@example.id`;
        responses.push(
          tx.getRepository(SurveyResponse).create({
            id: responseId,
            surveyId: id,
            respondentKey: member ? `member:${demoId('member', library.id, members[j])}` : `guest:${createHash('sha256').update(email).digest('hex')}`,
            memberId: member ? demoId('member', library.id, members[j]) : null,
            submittedAt,
          }),
        );
        for (const q of qs) {
          if (q.kind === SurveyQuestionKind.RATING) {
            const rating = Math.max(1, Math.min(5, Math.round(faker.number.float({ min: lean - 1.6, max: lean + 1.4 }))));
            answers.push(tx.getRepository(SurveyAnswer).create({ id: demoId('survey-answer', responseId, q.position), responseId, questionId: q.id, rating, text: null }));
          } else if (faker.datatype.boolean(0.4)) {
            answers.push(
              tx.getRepository(SurveyAnswer).create({ id: demoId('survey-answer', responseId, q.position), responseId, questionId: q.id, rating: null, text: faker.helpers.arrayElement(SUGGESTIONS) }),
            );
          }
        }
      }
    }
  }
  await insertInChunks(tx.getRepository(SatisfactionSurvey), surveys);
  await insertInChunks(tx.getRepository(SurveyQuestion), questions);
  await insertInChunks(tx.getRepository(SurveyResponse), responses);
  await insertInChunks(tx.getRepository(SurveyAnswer), answers);
  return { satisfactionSurveys: surveys.length, satisfactionQuestions: questions.length, satisfactionResponses: responses.length, satisfactionAnswers: answers.length };
}

/** Step 6: an Instagram post for every published single event, often a Facebook one too, a day or two after it was announced. */
async function seedPromotion(tx: EntityManager): Promise<SeedSummary> {
  const events = await tx.getRepository(Event).find({ where: { status: EventStatus.PUBLISHED, seriesId: IsNull() }, order: { id: 'ASC' } });
  const links: EventPromotionLink[] = [];
  for (const event of events) {
    const faker = demoFaker(`community-events:promotion:${event.id}`);
    const posted = wholeSeconds(new Date(Math.min(event.startsAt.getTime() - 14 * DAY, Date.parse(`${DEMO_TODAY}T02:00:00Z`) - faker.number.int({ min: 1, max: 10 }) * DAY)));
    const handle = `perpustakaan.${event.libraryId.replace(/-/g, '')}`;
    links.push(
      tx.getRepository(EventPromotionLink).create({
        id: demoId('promotion', event.id, 0),
        eventId: event.id,
        platform: PromotionPlatform.INSTAGRAM,
        url: `https://www.instagram.com/p/${faker.string.alphanumeric(11)}/`,
        postedAt: posted,
        createdAt: posted,
      }),
    );
    if (faker.datatype.boolean(0.5)) {
      links.push(
        tx.getRepository(EventPromotionLink).create({
          id: demoId('promotion', event.id, 1),
          eventId: event.id,
          platform: PromotionPlatform.FACEBOOK,
          url: `https://www.facebook.com/${handle}/posts/${faker.string.numeric(16)}`,
          postedAt: posted,
          createdAt: posted,
        }),
      );
    }
  }
  await insertInChunks(tx.getRepository(EventPromotionLink), links);
  return { eventPromotionLinks: links.length };
}

/** Each step with the marker that says it already ran. */
const STEPS: { name: string; done: (tx: EntityManager) => Promise<boolean>; run: (tx: EntityManager) => Promise<SeedSummary> }[] = [
  { name: 'events', done: (tx) => tx.getRepository(Event).existsBy({ id: demoId('event', DEMO_LIBRARIES[0].id, 0) }), run: seedEvents },
  { name: 'calendar', done: (tx) => tx.getRepository(Event).existsBy({ id: demoId('event', DEMO_LIBRARIES[0].id, UPCOMING_EXTRA) }), run: seedCalendar },
  { name: 'series', done: (tx) => tx.getRepository(EventSeries).existsBy({ id: demoId('event-series', DEMO_LIBRARIES[0].id, 0) }), run: seedSeries },
  {
    name: 'outcomes',
    done: async (tx) => (await tx.getRepository(EventAttendance).count()) > 0 || (await tx.getRepository(EventFeedback).count()) > 0,
    run: seedOutcomes,
  },
  { name: 'surveys', done: (tx) => tx.getRepository(SatisfactionSurvey).existsBy({ id: demoId('survey', DEMO_LIBRARIES[0].id, 0) }), run: seedSurveys },
  { name: 'promotion', done: async (tx) => (await tx.getRepository(EventPromotionLink).count()) > 0, run: seedPromotion },
];

/** Loads the demo programme step by step; a second call adds nothing (and answers {}). */
export async function seed(db: DataSource): Promise<SeedSummary> {
  const summary: SeedSummary = {};
  for (const step of STEPS) {
    const added = await transaction(db, async (tx) => ((await step.done(tx)) ? null : step.run(tx)));
    if (added) for (const [table, n] of Object.entries(added)) summary[table] = (summary[table] ?? 0) + n;
  }
  return summary;
}
