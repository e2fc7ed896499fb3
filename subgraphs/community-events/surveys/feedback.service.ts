import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, ForbiddenError, StateConflict } from '../../../shared/platform/errors';
import { wholeSeconds } from '../../../shared/platform/time';
import { now as clockNow } from '../../../shared/platform/clock';
import type { EventsContext } from '../context';
import { poolIdOf } from '../events/event.entity';
import { visibleEvent } from '../events/event.service';
import { AttendanceStatus, EventAttendance } from '../registration/attendance.entity';
import { Registration } from '../registration/registration.entity';
import { guestTokenMatches } from '../registration/registration.service';
import { EventFeedback } from './event-feedback.entity';
import type { RateEventInput } from './survey.inputs';

/**
 * An attendee's rating of an event, once per event (for a series: per session): a MEMBER by
 * token, a guest with registrationId and guestToken (the resolver refused everyone else). Anyone
 * who was not checked in is refused with FORBIDDEN.
 */
export async function rateEvent(ctx: EventsContext, input: RateEventInput, idempotencyKey?: string | null): Promise<EventFeedback> {
  const { identity } = ctx;
  const event = await visibleEvent(ctx, input.eventId);
  let registration: Registration | null;
  if (identity.role === 'MEMBER') {
    registration = await ctx.db.getRepository(Registration).findOne({
      where: { poolId: poolIdOf(event), memberId: identity.memberId! },
      order: { sequence: 'DESC' },
    });
  } else {
    registration = await ctx.loaders.registrationById.load(input.registrationId!);
    if (!registration || !guestTokenMatches(registration, input.guestToken)) throw new ForbiddenError('The guest token does not match this registration');
    if (registration.poolId !== poolIdOf(event)) throw new BadUserInputError('registrationId', 'This registration is not for that event');
  }
  const attended =
    registration && (await ctx.db.getRepository(EventAttendance).existsBy({ eventId: event.id, registrationId: registration.id, status: AttendanceStatus.ATTENDED }));
  if (!registration || !attended) throw new ForbiddenError('Only people checked in at the event may rate it');
  const once = Idempotency.ofRow(ctx.db, identity, EventFeedback, { key: idempotencyKey, operation: 'rateEvent', args: input });
  // After the attendance check (who may rate), before the one-rating rule a retry would break.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const feedback = ctx.db.getRepository(EventFeedback).create({
    id: randomUUID(),
    eventId: event.id,
    registrationId: registration.id,
    rating: input.rating,
    comment: input.comment?.trim() || null,
    createdAt: wholeSeconds(clockNow()),
  });
  try {
    return await once.transaction(async (tx) => {
      await tx.getRepository(EventFeedback).insert(feedback);
      return feedback;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new StateConflict('ALREADY_RATED', 'You have already rated this event');
    throw err;
  }
}
