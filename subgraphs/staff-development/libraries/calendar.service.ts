import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { isMysql, isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { requireLibraryAdmin } from '../access';
import type { StaffContext } from '../context';
import type { OpeningHoursInput } from './calendar.inputs';
import { Holiday } from './holiday.entity';
import { Library } from './library.entity';
import { checkRecordDate, ownLibraryToday } from './library.service';
import { OpeningHours } from './opening-hours.entity';

/**
 * The library calendar as its admins edit it (the library's LIBRARY_ADMIN, ADMIN): local closed
 * days and weekly opening hours. Other subgraphs read the calendar through the LibraryCalendar
 * internal operation and cache it (shared/domain/library-calendar.ts): a change reaches their due
 * dates once their copy is read again (docs/staff-records.md, "Freshness").
 *
 * History stays: a closed day before today (the library's zone) can be neither added nor
 * removed (BAD_USER_INPUT on `date`); national holidays (libraryId null) are not the library's to
 * remove.
 */

type Caller = Pick<StaffContext, 'identity' | 'db' | 'loaders'>;

async function administeredLibrary(ctx: Caller, libraryId: string): Promise<{ library: Library; today: string }> {
  requireLibraryAdmin(ctx.identity, libraryId);
  const library = await ctx.loaders.libraryById.load(libraryId);
  if (!library) throw new NotFoundError('Library', libraryId);
  return { library, today: await ownLibraryToday(ctx, libraryId) };
}

function checkNotPast(date: string, today: string): void {
  if (date < today) throw new BadUserInputError('date', 'Past closed days are history: they can be neither added nor removed');
}

/** A local closed day from today on; CONFLICT when the library is already closed that day (a national or local holiday). */
export async function addClosedDay(ctx: Caller, libraryId: string, date: string, name: string, idempotencyKey?: string | null): Promise<Holiday> {
  const { today } = await administeredLibrary(ctx, libraryId);
  // Before the checks: a retry must not be refused because the first call closed the day (or the day has passed).
  const once = Idempotency.ofRow(ctx.db, ctx.identity, Holiday, { key: idempotencyKey, operation: 'addClosedDay', args: { libraryId, date, name } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  checkRecordDate('date', date, today);
  checkNotPast(date, today);
  const title = name.trim();
  if (title.length < 2 || title.length > 150) throw new BadUserInputError('name', 'name must be 2 to 150 characters');
  const taken = () => new ConflictError(`The library is closed on ${date} already`);
  return once.transaction(async (tx) => {
    const repo = tx.getRepository(Holiday);
    if (
      await repo.exists({
        where: [
          { libraryId, date },
          { libraryId: IsNull(), date },
        ],
      })
    )
      throw taken();
    const holiday = repo.create({ id: randomUUID(), libraryId, date, name: title });
    try {
      await repo.insert(holiday);
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return holiday;
  });
}

/** Removes a local closed day from today on (NOT_FOUND when the library has none that day; a national holiday stays). */
export async function removeClosedDay(ctx: Caller, libraryId: string, date: string): Promise<boolean> {
  const { today } = await administeredLibrary(ctx, libraryId);
  checkRecordDate('date', date, today);
  checkNotPast(date, today);
  return transaction(ctx.db, async (tx) => {
    const removed = await tx.getRepository(Holiday).delete({ libraryId, date });
    if (!removed.affected) {
      if (await tx.getRepository(Holiday).existsBy({ libraryId: IsNull(), date })) {
        throw new BadUserInputError('date', `${date} is a national holiday: not the library's to remove`);
      }
      throw new NotFoundError('Holiday', `${libraryId}/${date}`);
    }
    return true;
  });
}

/**
 * Opening hours of one weekday, or the weekday closed every week (`closed: true`, which also puts
 * it in `closedWeekdays`, the field due dates follow). At least one weekday stays open.
 */
export async function setOpeningHours(ctx: Caller, libraryId: string, input: OpeningHoursInput): Promise<Library> {
  const { library } = await administeredLibrary(ctx, libraryId);
  const { weekday } = input;
  if (!input.closed) {
    if (!input.opensAt) throw new BadUserInputError('opensAt', 'opensAt is needed unless the weekday is closed');
    if (!input.closesAt) throw new BadUserInputError('closesAt', 'closesAt is needed unless the weekday is closed');
    if (input.closesAt <= input.opensAt) throw new BadUserInputError('closesAt', 'closesAt must be after opensAt');
  } else if (input.opensAt || input.closesAt) {
    throw new BadUserInputError('closed', 'A closed weekday has no hours');
  }
  return transaction(ctx.db, async (tx) => {
    // read again, locked (MySQL/MariaDB; SQLite writes one transaction at a time): the closed
    // weekdays are one column, written whole, and two admins may set two weekdays at once
    const qb = tx.getRepository(Library).createQueryBuilder('l').where('l.id = :id', { id: library.id });
    if (isMysql(tx)) qb.setLock('pessimistic_write');
    const current = (await qb.getOne())!;
    const others = current.closedWeekdays.filter((d) => d !== weekday);
    const closedWeekdays = input.closed ? [...others, weekday].sort((a, b) => a - b) : others;
    if (closedWeekdays.length >= 7) throw new BadUserInputError('weekday', 'The library must open on at least one weekday');
    const hours = tx.getRepository(OpeningHours);
    if (input.closed) await hours.delete({ libraryId, weekday });
    else await hours.upsert({ libraryId, weekday, opensAt: input.opensAt!, closesAt: input.closesAt! }, ['libraryId', 'weekday']);
    await tx.getRepository(Library).update({ id: library.id }, { closedWeekdays });
    return { ...current, closedWeekdays };
  });
}
