import type { Faker } from '@faker-js/faker';
import { IsNull, type EntityManager } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_PARTNER_KINDS, DEMO_TODAY, addDays, demoFaker, demoId, type DemoLibrary } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { wholeSeconds } from '../../../shared/platform/time';
import { DAY, HOUR, atLocalTime, insertInChunks, scheduledDay } from './helpers';
import { Registration } from '../registration/registration.entity';
import { demoRegistrations } from './registration';
import { EventFacilitator } from '../events/event-facilitator.entity';
import { EventPartner } from '../events/event-partner.entity';
import { EventPromotionLink, PromotionPlatform } from '../events/event-promotion.entity';
import { EventSeries } from '../events/event-series.entity';
import { Event, EventAudience, EventStatus, EventType } from '../events/event.entity';

/**
 * The demo events of every library (steps 1-3 and 6 of demo/index.ts): fourteen slots around
 * DEMO_TODAY, an event of every type in every city, a weekly reading club, promotion posts.
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

/** Registrations per event in the demo, at most (a book fair has room for 500, the demo needs no more). */
const MAX_REGISTRATIONS = 45;
const ALL_TYPES = Object.values(EventType);

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
  await insertInChunks(
    tx.getRepository(Event),
    planned.map((p) => p.event),
  );
  await insertInChunks(
    tx.getRepository(EventFacilitator),
    planned.flatMap((p) => p.facilitators),
  );
  await insertInChunks(
    tx.getRepository(EventPartner),
    planned.flatMap((p) => p.coHosts),
  );
  await insertInChunks(tx.getRepository(Registration), registrations);
  return {
    events: planned.length,
    eventFacilitators: planned.reduce((n, p) => n + p.facilitators.length, 0),
    eventPartners: planned.reduce((n, p) => n + p.coHosts.length, 0),
    registrations: registrations.length,
  };
}

/** Step 1: the fourteen slots of every library. */
export async function seedEvents(tx: EntityManager): Promise<SeedSummary> {
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
export const UPCOMING_EXTRA = 200;
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
export async function seedCalendar(tx: EntityManager): Promise<SeedSummary> {
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
export async function seedSeries(tx: EntityManager): Promise<SeedSummary> {
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
    const librarians = faker.helpers
      .arrayElements(
        Array.from({ length: DEMO_COUNTS.librariansPerLibrary }, (_, k) => k),
        2,
      )
      .sort();
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

/** Step 6: an Instagram post for every published single event, often a Facebook one too, a day or two after it was announced. */
export async function seedPromotion(tx: EntityManager): Promise<SeedSummary> {
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
