import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { isUniqueViolation } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { newId } from '../ids';
import { AuthorityHeading, type AuthorityKind, AuthoritySeeReference, formKey, listOf, type AuthorityList } from './authority.entity';
import { BibliographicRecord } from './bibliographic-record.entity';
import { matchingRecordIds } from './search.service';
import type { AddAuthorityHeadingInput } from './authority.inputs';
import { Idempotency } from '../../../shared/platform/idempotency';
import type { Identity } from '../../../shared/platform/auth';

/**
 * The shared authority file: authorised headings for names and subjects, each with "see"
 * references (variant forms). A form (folded by `formKey`) is either one heading or one variant
 * within its list (names, subjects), never both: a record saved with a variant gets the
 * authorised form, and a search for a variant searches the authorised form.
 * Cataloguers of every library maintain it (LIBRARIAN, LIBRARY_ADMIN, ADMIN — the resolver's
 * @Authorized), like the records themselves.
 */

const tidy = (form: string) => form.trim().replace(/\s+/g, ' ');

/** Records relinked per form at most: a form on more records than this is a cataloguing project, not an edit. */
export const RELINK_LIMIT = 1000;

/** Records the search index finds for any of these forms (read before the transaction: candidates only). */
async function candidatesFor(db: DataSource, forms: string[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const form of forms) {
    try {
      for (const id of await matchingRecordIds(db, form, RELINK_LIMIT)) ids.add(id);
    } catch (err) {
      // A form the search cannot read (punctuation only) finds nothing to relink.
      if (!(err instanceof BadUserInputError)) throw err;
    }
  }
  return [...ids];
}

/** Gives the candidates that carry one of the heading's forms (by formKey) the authorised form. */
async function relinkRecords(tx: EntityManager, heading: AuthorityHeading, keys: Set<string>, candidates: string[]): Promise<void> {
  if (!candidates.length) return;
  const field = heading.list === 'NAME' ? 'authors' : 'subjects';
  const records = tx.getRepository(BibliographicRecord);
  for (const record of await records.findBy({ id: In(candidates) })) {
    const values = record[field];
    if (!values.some((v) => v !== heading.heading && keys.has(formKey(v)))) continue;
    await records.update({ id: record.id }, { [field]: [...new Set(values.map((v) => (keys.has(formKey(v)) ? heading.heading : v)))] });
  }
}

async function formTaken(tx: EntityManager, list: AuthorityList, key: string): Promise<string | null> {
  const heading = await tx.getRepository(AuthorityHeading).findOneBy({ list, formKey: key });
  if (heading) return `the heading "${heading.heading}"`;
  const see = await tx.getRepository(AuthoritySeeReference).findOneBy({ list, formKey: key });
  return see ? `a variant of another heading ("${see.variant}")` : null;
}

async function insertVariants(tx: EntityManager, heading: AuthorityHeading, variants: string[], field: string): Promise<void> {
  const seen = new Set<string>([heading.formKey]);
  for (const raw of variants) {
    const variant = tidy(raw);
    if (variant.length > 150) throw new BadUserInputError(field, 'a variant form must be at most 150 characters');
    const key = formKey(variant);
    if (!key) throw new BadUserInputError(field, 'a variant form must contain a letter or a digit');
    if (seen.has(key)) continue;
    seen.add(key);
    const taken = await formTaken(tx, heading.list, key);
    if (taken) throw new ConflictError(`"${variant}" is already ${taken}`);
    await tx.getRepository(AuthoritySeeReference).insert({ id: newId(), headingId: heading.id, list: heading.list, variant, formKey: key });
  }
}

/** Adds a heading and its variants (records carrying any of them are relinked); a form already in the list (as a heading or a variant) is a CONFLICT. One transaction. */
export async function addAuthorityHeading(db: DataSource, identity: Identity, input: AddAuthorityHeadingInput, idempotencyKey?: string | null): Promise<AuthorityHeading> {
  const once = Idempotency.ofRow(db, identity, AuthorityHeading, { key: idempotencyKey, operation: 'addAuthorityHeading', args: input });
  // Before the checks: the retry of a heading that was added finds its form taken.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const heading = tidy(input.heading);
  const key = formKey(heading);
  if (!key) throw new BadUserInputError('heading', 'heading must contain a letter or a digit');
  const row: AuthorityHeading = { id: newId(), kind: input.kind, list: listOf(input.kind), heading, formKey: key };
  const forms = [heading, ...(input.seeFrom ?? []).map(tidy)];
  const candidates = await candidatesFor(db, forms);
  try {
    return await once.transaction(async (tx) => {
      const taken = await formTaken(tx, row.list, key);
      if (taken) throw new ConflictError(`"${heading}" is already ${taken}`);
      await tx.getRepository(AuthorityHeading).insert({ ...row });
      await insertVariants(tx, row, input.seeFrom ?? [], 'seeFrom');
      await relinkRecords(tx, row, new Set(forms.map(formKey)), candidates);
      return row;
    });
  } catch (err) {
    // Two cataloguers adding the same form at once: the unique indexes decide.
    if (isUniqueViolation(err)) throw new ConflictError(`"${heading}" (or one of its variants) was added at this moment by someone else`);
    throw err;
  }
}

/** Adds a variant form to a heading (records carrying it are relinked). NOT_FOUND for an unknown heading, CONFLICT for a form in use. */
export async function addSeeReference(db: DataSource, identity: Identity, headingId: string, variant: string, idempotencyKey?: string | null): Promise<AuthorityHeading> {
  const once = Idempotency.ofRow(db, identity, AuthorityHeading, { key: idempotencyKey, operation: 'addSeeReference', args: { headingId, variant } });
  // Before the checks: the retry of a variant that was added finds the form taken.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const candidates = await candidatesFor(db, [tidy(variant)]);
  try {
    return await once.transaction(async (tx) => {
      const heading = await tx.getRepository(AuthorityHeading).findOneBy({ id: headingId });
      if (!heading) throw new NotFoundError('AuthorityHeading', headingId);
      if (formKey(variant) === heading.formKey) throw new BadUserInputError('variant', 'variant is the heading itself');
      await insertVariants(tx, heading, [variant], 'variant');
      await relinkRecords(tx, heading, new Set([formKey(variant)]), candidates);
      return heading;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`"${tidy(variant)}" was added at this moment by someone else`);
    throw err;
  }
}

/**
 * The authorised form of each of these forms, in order: a variant becomes its heading, a heading
 * (in any spelling of its key) its authorised spelling, anything else stays as given.
 * Two queries whatever the number of forms.
 */
export async function authorisedForms(tx: EntityManager | DataSource, list: AuthorityList, forms: string[]): Promise<string[]> {
  const keys = [...new Set(forms.map(formKey).filter(Boolean))];
  if (!keys.length) return forms;
  const headings = await tx.getRepository(AuthorityHeading).findBy({ list, formKey: In(keys) });
  const refs = await tx.getRepository(AuthoritySeeReference).find({ where: { list, formKey: In(keys) }, relations: { heading: true } });
  const byKey = new Map<string, string>([...headings.map((h) => [h.formKey, h.heading] as const), ...refs.map((r) => [r.formKey, r.heading!.heading] as const)]);
  return forms.map((f) => byKey.get(formKey(f)) ?? f);
}

/**
 * A catalogue query that is, as a whole, a variant form of a name or subject heading, replaced by
 * the authorised form (a search for 'Pramoedya Ananta Toer' finds the records of
 * 'Toer, Pramoedya Ananta'); any other query as typed.
 */
export async function authorisedQuery(db: DataSource, query: string): Promise<string> {
  const key = formKey(query);
  if (!key) return query;
  const ref = await db.getRepository(AuthoritySeeReference).findOne({ where: { formKey: key }, relations: { heading: true }, order: { list: 'ASC' } });
  return ref?.heading?.heading ?? query;
}

/** Headings of a kind whose authorised form or a variant starts with the prefix (folded), by heading. */
export function headingsQuery(db: DataSource, kind: AuthorityKind | null | undefined, prefix: string | null | undefined) {
  const qb = db.getRepository(AuthorityHeading).createQueryBuilder('h');
  if (kind) qb.andWhere('h.kind = :kind', { kind });
  const key = prefix ? formKey(prefix) : '';
  if (key) {
    // formKey leaves only letters, digits and spaces: nothing LIKE would read as a wildcard.
    const like = `${key}%`;
    qb.andWhere(`(h.formKey LIKE :like OR h.id IN (SELECT s.headingId FROM authority_see_reference s WHERE s.formKey LIKE :like))`, { like });
  }
  return qb;
}
