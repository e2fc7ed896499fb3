import { randomUUID } from 'node:crypto';
import { BadUserInputError, ConflictError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import type { StaffContext } from '../context';
import { Librarian } from '../librarians/librarian.entity';
import { isCurrentStaff, managedLibrarian } from '../librarians/librarian.service';
import { checkRecordDate, ownLibraryToday } from '../libraries/library.service';
import { PROMOTION_TABLE } from './career-tables';
import { LibrarianPromotion } from './librarian-promotion.entity';
import type { RecordPromotionInput } from './record.inputs';
import { creditPointsSinceLevel } from './record.service';

type Caller = Pick<StaffContext, 'identity' | 'db' | 'loaders'>;

/**
 * A promotion by decree (the librarian's library's LIBRARY_ADMIN, ADMIN) to the next level of the
 * track only (PROMOTION_TABLE): skipping a level, staying or going down is BAD_USER_INPUT on
 * `toLevel`. The rule implemented for credit points (PermenPAN-RB 1/2023, as the career tables
 * read it): the new level starts on `effectiveOn` (TMT jabatan, the new `levelSince`), and only
 * points earned from that day count toward the next level — the points of the previous level are
 * closed (kept on the ledger and on the promotion as `pointsClosed`), not carried over. A guarded
 * update (level still the one read) decides between two promotions recorded at once: CONFLICT.
 */
export async function recordPromotion(ctx: Caller, librarianId: string, input: RecordPromotionInput, idempotencyKey?: string | null): Promise<LibrarianPromotion> {
  const librarian = await managedLibrarian(librarianId, ctx);
  // Before the checks: after the first call the librarian is on the new level, so they would refuse the retry.
  const once = Idempotency.ofRow(ctx.db, ctx.identity, LibrarianPromotion, { key: idempotencyKey, operation: 'recordPromotion', args: { librarianId, input } });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (!(await isCurrentStaff(ctx, librarian))) throw new BadUserInputError('librarianId', 'This librarian has left');
  const { nextLevel } = PROMOTION_TABLE[librarian.careerLevel];
  if (!nextLevel) throw new BadUserInputError('toLevel', `${librarian.careerLevel} is the top of its track`);
  if (input.toLevel !== nextLevel) throw new BadUserInputError('toLevel', `From ${librarian.careerLevel} the next level is ${nextLevel}`);
  const today = await ownLibraryToday(ctx, librarian.libraryId);
  checkRecordDate('effectiveOn', input.effectiveOn, today);
  if (librarian.levelSince && input.effectiveOn <= librarian.levelSince) {
    throw new BadUserInputError('effectiveOn', 'effectiveOn must be after the date in the current level');
  }
  const decree = input.decree.trim();
  const pointsClosed = await creditPointsSinceLevel(ctx, librarian);
  return once.transaction(async (tx) => {
    const moved = await tx
      .createQueryBuilder()
      .update(Librarian)
      .set({ careerLevel: nextLevel, levelSince: input.effectiveOn })
      .where('id = :id AND careerLevel = :from', { id: librarianId, from: librarian.careerLevel })
      .execute();
    if (!moved.affected) throw new ConflictError('The level changed meanwhile: read the librarian again');
    const promotion = tx.getRepository(LibrarianPromotion).create({
      id: randomUUID(),
      librarianId,
      fromLevel: librarian.careerLevel,
      toLevel: nextLevel,
      effectiveOn: input.effectiveOn,
      decree,
      pointsClosed,
    });
    await tx.getRepository(LibrarianPromotion).insert(promotion);
    return promotion;
  });
}
