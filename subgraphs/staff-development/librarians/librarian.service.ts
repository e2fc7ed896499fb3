import { randomUUID } from 'node:crypto';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { requireLibrarianAdmin, requireLibraryAdmin } from '../access';
import type { StaffContext } from '../context';
import { checkRecordDate, ownLibraryToday } from '../libraries/library.service';
import { employedOn, Librarian } from './librarian.entity';
import type { AddLibrarianInput, UpdateLibrarianInput } from './librarian.inputs';
import { parseNip } from './nip';

type Caller = Pick<StaffContext, 'identity' | 'db' | 'loaders'>;

const nipTaken = () => new ConflictError('A librarian with this NIP is recorded already');

/** The librarian, if the caller administers their library (NOT_FOUND, else FORBIDDEN). */
export async function managedLibrarian(librarianId: string, { identity, loaders }: Pick<StaffContext, 'identity' | 'loaders'>): Promise<Librarian> {
  const librarian = await loaders.librarianById.load(librarianId);
  if (!librarian) throw new NotFoundError('Librarian', librarianId);
  requireLibrarianAdmin(identity, librarian);
  return librarian;
}

/** Whether the librarian is on the staff today (in their library's zone). */
export async function isCurrentStaff(ctx: Pick<StaffContext, 'loaders'>, librarian: Librarian): Promise<boolean> {
  return !librarian.employmentEndedOn || employedOn(librarian, await ownLibraryToday(ctx, librarian.libraryId));
}

/**
 * A new librarian (the library's LIBRARY_ADMIN, ADMIN). The NIP must have the structure of
 * parseNip (BAD_USER_INPUT on `nip`) and be unique: CONFLICT — the unique index decides between
 * two admins adding the same NIP at once (the second insert waits for the first and fails).
 */
export async function addLibrarian(ctx: Caller, input: AddLibrarianInput, idempotencyKey?: string | null): Promise<Librarian> {
  requireLibraryAdmin(ctx.identity, input.libraryId);
  // Before the checks: a retry must not be refused because the first call recorded the NIP.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, Librarian, { key: idempotencyKey, operation: 'addLibrarian', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const library = await ctx.loaders.libraryById.load(input.libraryId);
  if (!library) throw new NotFoundError('Library', input.libraryId);
  const today = await ownLibraryToday(ctx, library.id);
  const nip = parseNip(input.nip, today);
  if (input.levelSince) {
    checkRecordDate('levelSince', input.levelSince, today);
    if (input.levelSince < `${nip.appointedMonth}-01`) throw new BadUserInputError('levelSince', 'levelSince must not be before the appointment month in the NIP');
  }
  return once.transaction(async (tx) => {
    const repo = tx.getRepository(Librarian);
    if (await repo.existsBy({ nip: input.nip })) throw nipTaken();
    const librarian = repo.create({
      id: randomUUID(),
      libraryId: library.id,
      name: input.name.trim(),
      nip: input.nip,
      email: input.email.trim().toLowerCase(),
      careerLevel: input.careerLevel,
      employmentStatus: input.employmentStatus,
      levelSince: input.levelSince ?? null,
      phone: input.phone?.trim() ?? null,
      position: input.position?.trim() ?? null,
      employmentEndedOn: null,
      employmentEndReason: null,
    });
    try {
      await repo.insert(librarian);
    } catch (err) {
      if (isUniqueViolation(err)) throw nipTaken();
      throw err;
    }
    return librarian;
  });
}

/** Contact, work e-mail and position (the librarian's library's LIBRARY_ADMIN, ADMIN); omitted fields stay. */
export async function updateLibrarian(ctx: Caller, id: string, input: UpdateLibrarianInput): Promise<Librarian> {
  const librarian = await managedLibrarian(id, ctx);
  const changes: Partial<Pick<Librarian, 'phone' | 'email' | 'position'>> = {};
  if (input.phone !== undefined && input.phone !== null) changes.phone = input.phone.trim();
  if (input.email !== undefined && input.email !== null) changes.email = input.email.trim().toLowerCase();
  if (input.position !== undefined && input.position !== null) changes.position = input.position.trim();
  if (Object.keys(changes).length) await transaction(ctx.db, (tx) => tx.getRepository(Librarian).update({ id }, changes));
  return { ...librarian, ...changes };
}

/**
 * The librarian leaves on `on` (the first day they are no longer employed; their library's
 * LIBRARY_ADMIN, ADMIN). From that day they are out of the staff figures, not offered for new
 * training, and the Librarian reference answers null to the gateway's sign-in checks and to other
 * subgraphs' staff look-ups (access.ts `asksForCurrentStaff`), so their account stops working.
 * Once only: a second end is CONFLICT (a guarded update decides between two at once).
 */
export async function endEmployment(ctx: Caller, id: string, on: string, reason: string): Promise<Librarian> {
  const librarian = await managedLibrarian(id, ctx);
  const today = await ownLibraryToday(ctx, librarian.libraryId);
  checkRecordDate('on', on, today);
  if (librarian.levelSince && on < librarian.levelSince) throw new BadUserInputError('on', 'on must not be before the date in the current level');
  const why = reason.trim();
  if (why.length < 3 || why.length > 300) throw new BadUserInputError('reason', 'reason must be 3 to 300 characters');
  await transaction(ctx.db, async (tx) => {
    const ended = await tx
      .createQueryBuilder()
      .update(Librarian)
      .set({ employmentEndedOn: on, employmentEndReason: why })
      .where('id = :id AND employmentEndedOn IS NULL', { id })
      .execute();
    if (!ended.affected) throw new ConflictError("This librarian's employment has ended already");
  });
  return { ...librarian, employmentEndedOn: on, employmentEndReason: why };
}
