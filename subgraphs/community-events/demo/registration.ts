import type { Faker } from '@faker-js/faker';
import type { EntityManager } from 'typeorm';
import { DEMO_COUNTS, demoFaker, demoId, type DemoLibrary } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { wholeSeconds } from '../../../shared/platform/time';
import { DAY, HOUR, insertInChunks, personMembers } from './helpers';
import { Event, EventStatus } from '../events/event.entity';
import { EventNotice, EventNoticeKind, EventNoticeStatus } from '../notices/event-notice.entity';
import { EventFeedback } from '../surveys/event-feedback.entity';
import { AttendanceStatus, EventAttendance } from '../registration/attendance.entity';
import { GuestAgeGroup, Registration, RegistrationStatus } from '../registration/registration.entity';

const AGE_GROUPS = Object.values(GuestAgeGroup);

/**
 * Registrations of one pool in arrival order, as registerForEvent makes them: confirmed while
 * places last, then waitlisted; some cancelled on the way (all, for a cancelled event). The calls
 * on `faker` are those of the first version of the demo data, so its registrations stay the same.
 */
export function demoRegistrations(
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
export async function seedOutcomes(tx: EntityManager): Promise<SeedSummary> {
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
            // As the worker leaves them: sent five minutes later (a member's to the address collections keeps).
            status: EventNoticeStatus.SENT,
            attempts: 1,
            lastError: null,
            sentAt: wholeSeconds(new Date(decided.getTime() + 5 * 60_000)),
            kind: EventNoticeKind.EVENT_CANCELLED,
            message: `Kegiatan "${event.title}" dibatalkan: ${reason} Mohon maaf atas ketidaknyamanan ini.`,
            createdAt: wholeSeconds(decided),
            nextAttemptAt: null,
            lockedUntil: null,
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
