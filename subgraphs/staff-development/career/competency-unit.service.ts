import { isUniqueViolation } from '../../../shared/platform/database';
import { ConflictError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { requireRegionAdmin } from '../access';
import type { StaffContext } from '../context';
import { CompetencyUnit } from './competency-unit.entity';
import type { AddCompetencyUnitInput } from './record.inputs';

/** A competency unit added to the reference table (ADMIN only); a code already there is CONFLICT. */
export async function addCompetencyUnit(ctx: Pick<StaffContext, 'identity' | 'db'>, input: AddCompetencyUnitInput, idempotencyKey?: string | null): Promise<CompetencyUnit> {
  requireRegionAdmin(ctx.identity);
  // The unit's code is its id. Before the check: a retry must not be refused because the first call added the code.
  const once = new Idempotency(ctx.db, ctx.identity, {
    key: idempotencyKey,
    operation: 'addCompetencyUnit',
    args: input,
    idOf: (unit: CompetencyUnit) => unit.code,
    replay: (id) => ctx.db.getRepository(CompetencyUnit).findOneBy({ code: id }),
  });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const taken = () => new ConflictError(`${input.code} is in the table already`);
  return once.transaction(async (tx) => {
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
