import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { ConflictError } from '../../../shared/platform/errors';
import { requireRegionAdmin } from '../access';
import type { StaffContext } from '../context';
import { CompetencyUnit } from './competency-unit.entity';
import type { AddCompetencyUnitInput } from './record.inputs';

/** A competency unit added to the reference table (ADMIN only); a code already there is CONFLICT. */
export async function addCompetencyUnit(ctx: Pick<StaffContext, 'identity' | 'db'>, input: AddCompetencyUnitInput): Promise<CompetencyUnit> {
  requireRegionAdmin(ctx.identity);
  const taken = () => new ConflictError(`${input.code} is in the table already`);
  return transaction(ctx.db, async (tx) => {
    const repo = tx.getRepository(CompetencyUnit);
    if (await repo.existsBy({ code: input.code })) throw taken();
    const unit = repo.create({ code: input.code, title: input.title.trim(), area: input.area });
    try {
      await repo.insert(unit);
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return unit;
  });
}
