import { demoId } from '../shared/domain/demo';
import { Event } from '../subgraphs/community-events/events/event.entity';
import { Registration } from '../subgraphs/community-events/registration/registration.entity';
import type { Federation } from './helpers/federation';

/** Shared set-up of the community-events tests: events planned through the gateway, as staff would. */

const HOUR = 3600_000;

export const CREATE_EVENT = /* GraphQL */ `
  mutation ($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      status
    }
  }
`;

export const REGISTER = /* GraphQL */ `
  mutation ($eventId: ID!, $guest: GuestInput) {
    registerForEvent(eventId: $eventId, guest: $guest) {
      id
      status
      waitlistPosition
      guestToken
      guestName
      guestEmail
      createdAt
      event {
        id
      }
    }
  }
`;

export const CANCEL = /* GraphQL */ `
  mutation ($id: ID!, $token: String) {
    cancelRegistration(registrationId: $id, guestToken: $token) {
      id
      status
      cancelledAt
    }
  }
`;

export const librarianToken = (fed: Federation, libraryId = 'kupang', k = 0) => fed.token({ role: 'LIBRARIAN', libraryId, librarianId: demoId('librarian', libraryId, k) });

/** A member token; the demo members are 0-59, higher numbers are people the tests make up. */
export const memberToken = (fed: Federation, i: number, libraryId = 'kupang') => fed.token({ role: 'MEMBER', libraryId, memberId: demoId('member', libraryId, i) });

/** An event input starting `inHours` from now, two hours long. */
export function eventInput(overrides: Record<string, unknown> = {}, inHours = 24 * 14): Record<string, unknown> {
  const startsAt = new Date(Math.floor((Date.now() + inHours * HOUR) / 1000) * 1000);
  return {
    libraryId: 'kupang',
    title: 'Bedah Buku Tenun Ikat Sumba',
    description: 'Diskusi buku bersama penenun.',
    type: 'DISCUSSION',
    audience: 'ADULTS',
    location: 'Ruang Diskusi Lantai 2',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    capacity: 10,
    facilitatorIds: [demoId('librarian', (overrides.libraryId as string) ?? 'kupang', 1)],
    ...overrides,
  };
}

/** Creates and publishes an event as a librarian of its library; returns its id. */
export async function publishedEvent(fed: Federation, overrides: Record<string, unknown> = {}, inHours?: number): Promise<string> {
  const input = eventInput(overrides, inHours);
  const token = await librarianToken(fed, input.libraryId as string);
  const created = await fed.query(CREATE_EVENT, { token, variables: { input } });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const id = created.data.createEvent.id as string;
  const published = await fed.query(`mutation($id: ID!) { publishEvent(id: $id) { id status } }`, { token, variables: { id } });
  if (published.errors) throw new Error(JSON.stringify(published.errors));
  return id;
}

/**
 * Time travel for what cannot wait: the event started `hoursAgo` hours ago (two hours long), and
 * its registrations were made the day before.
 */
export async function moveIntoPast(fed: Federation, eventId: string, hoursAgo = 3): Promise<void> {
  const db = fed.subgraphs['community-events'].db;
  const startsAt = new Date(Math.floor((Date.now() - hoursAgo * HOUR) / 1000) * 1000);
  await db.getRepository(Event).update({ id: eventId }, { startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR) });
  await db.getRepository(Registration).update({ poolId: eventId }, { createdAt: new Date(startsAt.getTime() - 24 * HOUR) });
}
