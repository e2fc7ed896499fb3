import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { IdempotencyKeyArg } from '../../../shared/platform/idempotency';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import type { StaffContext } from '../context';
import { OpeningHoursInput } from './calendar.inputs';
import { addClosedDay, removeClosedDay, setOpeningHours } from './calendar.service';
import { Holiday } from './holiday.entity';
import { Library } from './library.entity';
import { OpeningHours } from './opening-hours.entity';

/** The library calendar as its admins edit it: closed days and weekly opening hours (calendar.service.ts). */
@Resolver(() => Library)
export class LibraryCalendarResolver {
  @FieldResolver(() => [OpeningHours], { description: 'Opening hours by weekday, Monday first, in the library’s time zone (public)' })
  openingHours(@Root() library: Library, @Ctx() { loaders }: StaffContext): Promise<OpeningHours[]> {
    return loaders.openingHoursByLibraryId.load(library.id);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Holiday, {
    nullable: true,
    description:
      "Close the library on a day, today or later (the library's LIBRARY_ADMIN, ADMIN). A past day: BAD_USER_INPUT; already closed that day: CONFLICT. Due dates computed from then on skip it",
  })
  addClosedDay(
    @Arg('libraryId', () => ID, { description: "The library's id (its slug, e.g. `kupang`)" }) libraryId: string,
    @Arg('date', () => CalendarDateScalar, { description: 'The day to close, today or later' }) date: string,
    @Arg('name', { description: 'What the closure is for, 2-150 characters (trimmed)' }) name: string,
    @IdempotencyKeyArg() idempotencyKey: string | undefined,
    @Ctx() ctx: StaffContext,
  ): Promise<Holiday> {
    return addClosedDay(ctx, libraryId, date, name, idempotencyKey);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Boolean, {
    nullable: true,
    description: "Open again on a local closed day, today or later (the library's LIBRARY_ADMIN, ADMIN). A past day or a national holiday: BAD_USER_INPUT",
  })
  removeClosedDay(
    @Arg('libraryId', () => ID, { description: "The library's id (its slug, e.g. `kupang`)" }) libraryId: string,
    @Arg('date', () => CalendarDateScalar, { description: 'The local closed day to open again, today or later' }) date: string,
    @Ctx() ctx: StaffContext,
  ): Promise<boolean> {
    return removeClosedDay(ctx, libraryId, date);
  }

  @Authorized('LIBRARY_ADMIN', 'ADMIN')
  @Mutation(() => Library, {
    nullable: true,
    description: "Set the opening hours of one weekday, or close it every week (the library's LIBRARY_ADMIN, ADMIN)",
  })
  setOpeningHours(
    @Arg('libraryId', () => ID, { description: "The library's id (its slug, e.g. `kupang`)" }) libraryId: string,
    @Arg('input', () => OpeningHoursInput, { description: 'The weekday and its hours, or closed' }) input: OpeningHoursInput,
    @Ctx() ctx: StaffContext,
  ): Promise<Library> {
    return setOpeningHours(ctx, libraryId, input);
  }
}
