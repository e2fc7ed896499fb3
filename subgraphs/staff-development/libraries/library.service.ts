import type { EntityManager } from 'typeorm';
import { todayIn } from '../../shared/time';
import { NotFoundError } from '../../shared/errors';
import type { StaffContext } from './context';
import { TrainingProgramme } from './entities/training-programme.entity';
import { isUniqueViolation } from '../../shared/database';

/** Today in the library's own time zone. */
export async function libraryToday(ctx: StaffContext, libraryId: string): Promise<string> {
  const library = await ctx.loaders.libraryById.load(libraryId);
  return todayIn(library?.timezone ?? 'UTC');
}

/**
 * Reads a programme inside a transaction, locking its row on MySQL/MariaDB (SELECT … FOR UPDATE,
 * the transaction's first read, so what follows sees every earlier enrolment). SQLite runs one
 * transaction at a time (shared/database.ts), which serialises just the same.
 */
export async function lockProgramme(tx: EntityManager, id: string): Promise<TrainingProgramme> {
  const qb = tx.getRepository(TrainingProgramme).createQueryBuilder('p').where('p.id = :id', { id });
  if (tx.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const programme = await qb.getOne();
  if (!programme) throw new NotFoundError('TrainingProgramme', id);
  return programme;
}
