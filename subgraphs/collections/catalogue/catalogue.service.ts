import { randomUUID } from 'node:crypto';
import ISBN from 'isbn3';
import { In, type DataSource } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { now } from '../../../shared/platform/clock';
import { isUniqueViolation } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { Idempotency } from '../../../shared/platform/idempotency';
import { addDays } from '../../../shared/platform/time';
import { pickupLibraries, transactionWithCalendars } from '../circulation/calendars';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { normaliseBarcode, routeCopy, type CirculationDeps, type Routing } from '../circulation/circulation.service';
import { newId } from '../ids';
import type { CollectionsLoaders } from '../loaders';
import { authorisedForms } from './authority.service';
import { AUTHOR_SEPARATOR, BibliographicRecord } from './bibliographic-record.entity';
import type { AddBibliographicRecordInput } from './bibliographic-record.inputs';
import { deriveCallNumber } from './call-number';
import { Item, ItemStatus } from './item.entity';
import type { AddItemInput } from './item.inputs';

/** ISBN-10 or -13, hyphens and spaces allowed → ISBN-13 digits; BAD_USER_INPUT on 'isbn' otherwise. */
export function normaliseIsbn(raw: string): string {
  const parsed = ISBN.parse(raw.trim());
  if (!parsed) throw new BadUserInputError('isbn', 'isbn is not a valid ISBN-10 or ISBN-13');
  return parsed.isbn13;
}

/**
 * Catalogues a new title (who may is checked by the resolver's @Authorized). The ISBN is stored
 * as ISBN-13; one already catalogued is a CONFLICT. One INSERT, so a refusal writes nothing.
 */
export async function addBibliographicRecord(
  { db, identity }: { db: DataSource; identity: Identity },
  input: AddBibliographicRecordInput,
  idempotencyKey?: string | null,
): Promise<BibliographicRecord> {
  const once = Idempotency.ofRow(db, identity, BibliographicRecord, { key: idempotencyKey, operation: 'addBibliographicRecord', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  // Blank title, publisher, author names and subject headings: AddBibliographicRecordInput's rules.
  const title = input.title.trim();
  // Names and subjects are saved in their authorised forms (a variant leads to its heading).
  const authors = [
    ...new Set(
      await authorisedForms(
        db,
        'NAME',
        input.authors.map((a) => a.trim().replace(/\s+/g, ' ')),
      ),
    ),
  ];
  const publisher = input.publisher.trim();
  const isbn = input.isbn?.trim() ? normaliseIsbn(input.isbn) : null;
  const ddc = input.ddc.trim();
  const subjects = [
    ...new Set(
      await authorisedForms(
        db,
        'SUBJECT',
        (input.subjects ?? []).map((x) => x.trim().replace(/\s+/g, ' ')),
      ),
    ),
  ];
  // Both lists are stored joined in a 1000-character column.
  if (authors.join(AUTHOR_SEPARATOR).length > 1000) throw new BadUserInputError('authors', 'The authors together must not exceed 1000 characters');
  if (subjects.join(AUTHOR_SEPARATOR).length > 1000) throw new BadUserInputError('subjects', 'The subjects together must not exceed 1000 characters');

  const repo = db.getRepository(BibliographicRecord);
  if (isbn && (await repo.existsBy({ isbn }))) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
  const record = repo.create({
    id: randomUUID(),
    title,
    subtitle: input.subtitle?.trim() || null,
    authors,
    publisher,
    publishedYear: input.publishedYear,
    edition: input.edition?.trim() || null,
    isbn,
    subjects,
    language: input.language,
    materialType: input.materialType,
    ddc,
    callNumber: input.callNumber?.trim() || deriveCallNumber(ddc, authors, title),
  });
  try {
    // A copy: after an INSERT on MySQL, TypeORM writes defaulted columns back raw (untransformed).
    return await once.transaction(async (tx) => {
      await tx.getRepository(BibliographicRecord).insert({ ...record });
      return record;
    });
  } catch (err) {
    // Two librarians cataloguing the same ISBN at once: the unique index decides.
    if (isbn && isUniqueViolation(err)) throw new ConflictError(`ISBN ${isbn} is already in the catalogue`);
    throw err;
  }
}

/**
 * Adds a copy to a library's holdings (the staff of the holding library, ADMIN). A copy of a
 * title members wait for serves the queue at once (circulation's `routeCopy`); a reference copy
 * is NOT_FOR_LOAN and serves none. A barcode in use is a CONFLICT.
 */
export async function addItem(
  deps: CirculationDeps & { loaders: Pick<CollectionsLoaders, 'recordById'> },
  identity: Identity,
  input: AddItemInput,
  idempotencyKey?: string | null,
): Promise<Routing> {
  requireStaffOf(identity, input.libraryId);
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'addItem',
    args: input,
    idOf: (routed: Routing) => routed.item.id,
    replay: (id) => routingOf(deps.db, id),
  });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const barcode = normaliseBarcode(input.barcode);
  if (input.acquiredOn > addDays(now().toISOString().slice(0, 10), 1)) throw new BadUserInputError('acquiredOn', 'acquiredOn must not be in the future');
  const record = await deps.loaders.recordById.load(input.recordId);
  if (!record) throw new NotFoundError('BibliographicRecord', input.recordId);
  // The calendars a waiting hold needs, read before the transaction (no network call inside it).
  const libraries = input.referenceOnly ? [] : [input.libraryId, ...(await pickupLibraries(deps.db, [record.id]))];
  try {
    return await transactionWithCalendars(
      deps,
      libraries,
      async (tx, calendars) => {
        const item = tx.getRepository(Item).create({
          id: newId(),
          barcode,
          recordId: record.id,
          libraryId: input.libraryId,
          location: input.location.trim(),
          collectionType: input.collectionType,
          status: input.referenceOnly ? ItemStatus.NOT_FOR_LOAN : ItemStatus.AVAILABLE,
          atLibraryId: null,
          acquiredOn: input.acquiredOn,
          price: input.price,
        });
        await tx.getRepository(Item).insert({ ...item });
        if (input.referenceOnly) return { item, hold: null, sendTo: null };
        return routeCopy(tx, calendars, item, ItemStatus.AVAILABLE, item.libraryId);
      },
      once,
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Barcode ${barcode} is already in use`);
    throw err;
  }
}

/** What addItem answered for this copy, read again: the hold it was routed to and where it went (an idempotent retry's answer). */
async function routingOf(db: DataSource, itemId: string): Promise<Routing | null> {
  const item = await db.getRepository(Item).findOneBy({ id: itemId });
  if (!item) return null;
  const hold = await db.getRepository(Hold).findOne({ where: { itemId, status: In([HoldStatus.IN_TRANSIT, HoldStatus.READY]) }, order: { placedAt: 'DESC' } });
  return { item, hold, sendTo: hold?.status === HoldStatus.IN_TRANSIT ? hold.pickupLibraryId : null };
}
