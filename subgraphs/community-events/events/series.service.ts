import { randomUUID } from 'node:crypto';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError } from '../../../shared/platform/errors';
import { isOpenOn } from '../../../shared/domain/library-calendar';
import { addDays, zonedToUtc, wholeSeconds } from '../../../shared/platform/time';
import { now } from '../../../shared/platform/clock';
import type { EventsContext } from '../context';
import { EventSeries } from './event-series.entity';
import { Event, EventStatus } from './event.entity';
import type { CreateEventSeriesInput } from './event.inputs';
import { audienceTags, linkPeople, validateWindow } from './event.service';
import { requireLibrary, requireLinkablePeople } from './links';

/**
 * A recurring series (the caller was checked by the resolver): sessions every `intervalDays`
 * from `firstDate` at `startTime` in the library's own time zone; a date the library is closed
 * (weekly closing day, holiday) is skipped and the series runs on until it has `sessions`. The
 * series and its DRAFT sessions are written in one transaction, after the owners confirmed every
 * facilitator and co-host.
 */
export async function createEventSeries(ctx: EventsContext, input: CreateEventSeriesInput, idempotencyKey?: string | null): Promise<EventSeries> {
  const once = Idempotency.ofRow(ctx.db, ctx.identity, EventSeries, { key: idempotencyKey, operation: 'createEventSeries', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const calendar = await requireLibrary(ctx, input.libraryId);
  const dates: string[] = [];
  for (let day = input.firstDate, guard = 0; dates.length < input.sessions && guard < 400; day = addDays(day, input.intervalDays), guard++) {
    if (isOpenOn(calendar, day)) dates.push(day);
  }
  if (dates.length < input.sessions) throw new BadUserInputError('firstDate', 'The library is closed on too many of those days');
  const starts = dates.map((d) => zonedToUtc(d, input.startTime, calendar.timezone));
  const lastEnd = new Date(starts[starts.length - 1].getTime() + input.durationMinutes * 60_000);
  validateWindow(input.registrationOpensAt, input.registrationClosesAt, lastEnd);
  const { facilitatorIds, coHostIds } = input;
  // The owners confirm every id before anything is written; never inside the transaction.
  await requireLinkablePeople(ctx.config, input.libraryId, { facilitatorIds, coHostIds });

  return once.transaction(async (tx) => {
    const series = tx.getRepository(EventSeries).create({
      id: randomUUID(),
      libraryId: input.libraryId,
      title: input.title,
      description: input.description ?? '',
      type: input.type,
      audience: input.audience,
      capacity: input.capacity,
      intervalDays: input.intervalDays,
      registrationOpensAt: input.registrationOpensAt ? wholeSeconds(input.registrationOpensAt) : null,
      registrationClosesAt: input.registrationClosesAt ? wholeSeconds(input.registrationClosesAt) : null,
      createdAt: wholeSeconds(now()),
    });
    await tx.getRepository(EventSeries).insert(series);
    const sessions = starts.map((startsAt) =>
      tx.getRepository(Event).create({
        id: randomUUID(),
        libraryId: input.libraryId,
        title: input.title,
        description: input.description ?? '',
        type: input.type,
        audience: input.audience,
        audienceTags: audienceTags(input.audience, input.audiences),
        accessibilityNotes: input.accessibilityNotes ?? null,
        location: input.location,
        startsAt,
        endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000),
        capacity: input.capacity,
        status: EventStatus.DRAFT,
        registrationOpensAt: null,
        registrationClosesAt: null,
        seriesId: series.id,
        walkIns: 0,
        cancellationReason: null,
      }),
    );
    for (let i = 0; i < sessions.length; i += 100) await tx.getRepository(Event).insert(sessions.slice(i, i + 100));
    await linkPeople(
      tx,
      sessions.map((s) => s.id),
      facilitatorIds,
      coHostIds,
    );
    return series;
  });
}
