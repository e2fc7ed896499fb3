import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { deny, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { now } from '../../../shared/platform/clock';
import { addDays, wholeSeconds } from '../../../shared/platform/time';
import type { LibraryCalendarClient } from '../../../shared/domain/library-calendar';
import { isPartnerSelf, requireAgreementAccess, requireAgreementManager, requireLibraryAccess, requireWorksWith, visibleLibraries } from '../access';
import type { PartnershipsLoaders } from '../loaders';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner } from '../partners/partner.entity';
import { AgreementEvent, AgreementEventKind, type AgreementChange } from './agreement-event.entity';
import { Agreement, AgreementState, AgreementStatus, agreementStatus, agreementToday, inForceParams, inForceSql } from './agreement.entity';
import type { AgreementDocumentInput, AmendAgreementInput, CreateAgreementInput, RenewAgreementInput } from './agreement.inputs';
import { checkRecordDate } from '../../../shared/platform/validation';

interface AgreementServices {
  identity: Identity;
  db: DataSource;
  calendar: LibraryCalendarClient;
}

/**
 * Agreements in force that end within the next `withinDays` days, soonest first, from the
 * libraries the caller may see (access.ts `visibleLibraries`): staff their own library's, a
 * province-scoped GOVERNMENT token its province's, a region-wide one and ADMIN every library's;
 * `libraryId` narrows to one library the caller may see. A PARTNER sees its own agreements, with
 * `libraryId` only a library it works with. Any other library (or a caller who may see none) is
 * FORBIDDEN, never an empty list. `withinDays` (0 to 3660) is ExpiringAgreementsArgs' rule.
 */
export async function expiringAgreements(
  { identity, db, loaders, calendar }: { identity: Identity; db: DataSource; loaders: PartnershipsLoaders; calendar: LibraryCalendarClient },
  withinDays: number,
  libraryId: string | undefined,
): Promise<Agreement[]> {
  let libraries: readonly string[] | undefined;
  if (identity.role === 'PARTNER') {
    if (libraryId && !(await loaders.linksByPartnerId.load(identity.partnerId!)).some((l) => l.libraryId === libraryId)) {
      deny(identity, 'A partner sees its agreements with the libraries it works with');
    }
  } else if (libraryId) {
    requireLibraryAccess(identity, libraryId);
  } else {
    const visible = visibleLibraries(identity);
    if (visible !== 'ALL') {
      if (!visible.length) deny(identity, identity.role === 'GOVERNMENT' ? 'This token covers no library' : undefined);
      libraries = visible;
    }
  }
  // Every library's today lies within a day of the UTC date: SQL narrows to that window with the
  // in-force rule, then each row is checked on its own library's today.
  const utc = now().toISOString().slice(0, 10);
  const qb = db
    .getRepository(Agreement)
    .createQueryBuilder('a')
    .where(inForceSql('a'), inForceParams(addDays(utc, -1), addDays(utc, 1)))
    .andWhere('a.endsOn <= :until', { until: addDays(utc, withinDays + 1) })
    .orderBy('a.endsOn', 'ASC')
    .addOrderBy('a.id', 'ASC');
  if (libraryId) qb.andWhere('a.libraryId = :libraryId', { libraryId });
  if (libraries) qb.andWhere('a.libraryId IN (:...libraries)', { libraries: [...libraries] });
  if (identity.role === 'PARTNER') qb.andWhere('a.partnerId = :partnerId', { partnerId: identity.partnerId });
  const rows = await qb.getMany();
  const todays = await todaysOf(calendar, [...new Set(rows.map((a) => a.libraryId))]);
  return rows.filter((a) => {
    const today = todays.get(a.libraryId)!;
    return agreementStatus(a, today) === AgreementStatus.ACTIVE && a.endsOn <= addDays(today, withinDays);
  });
}

/** Today in each library's zone. */
async function todaysOf(calendar: LibraryCalendarClient, libraryIds: readonly string[]): Promise<Map<string, string>> {
  return new Map(await Promise.all(libraryIds.map(async (id) => [id, await agreementToday(calendar, id)] as const)));
}

/**
 * LIBRARY_ADMIN of input.libraryId, or ADMIN. With a partner the library already works with the
 * agreement is recorded as signed (or as a draft). With any other partner a library may only
 * propose it: a draft, which the partner signs (`signAgreement`) — only then do the two work
 * together. ADMIN acting for both sides may record it signed, which links them.
 */
export async function createAgreement({ identity, db, calendar }: AgreementServices, input: CreateAgreementInput, idempotencyKey?: string | null): Promise<Agreement> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  const once = Idempotency.ofRow(db, identity, Agreement, { key: idempotencyKey, operation: 'createAgreement', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await agreementToday(calendar, input.libraryId); // NOT_FOUND for an unknown library
  checkRecordDate('startsOn', input.startsOn, today);
  checkRecordDate('endsOn', input.endsOn, today);
  if (input.endsOn <= input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must be after startsOn');
  const { draft, ...fields } = input;

  return once.transaction(async (tx) => {
    if (!(await tx.getRepository(Partner).existsBy({ id: input.partnerId }))) throw new NotFoundError('Partner', input.partnerId);
    const linked = await tx.getRepository(LibraryPartner).existsBy({ libraryId: input.libraryId, partnerId: input.partnerId });
    if (!linked && !draft && identity.role !== 'ADMIN') {
      deny(identity, 'Your library does not work with this partner yet: record the agreement as a draft for the partner to sign');
    }
    const agreements = tx.getRepository(Agreement);
    // The unique index is the last word; this gives the client a CONFLICT instead of a masked error.
    if (await agreements.existsBy({ libraryId: input.libraryId, documentReference: input.documentReference })) {
      throw new ConflictError(`The library already has an agreement numbered ${input.documentReference}`);
    }
    const agreement = await agreements.save(agreements.create({ ...fields, id: randomUUID(), state: draft ? AgreementState.DRAFT : AgreementState.SIGNED }));
    // Only ADMIN gets here signed without a link: it acts for both sides.
    if (!linked && !draft) await link(tx, input.libraryId, input.partnerId, input.startsOn);
    return agreement;
  });
}

/**
 * DRAFT → signed. The partner itself (its PARTNER token) — its acceptance, which links the library
 * and the partner when they did not work together yet —, ADMIN (on the partner's behalf, the same),
 * or the library's LIBRARY_ADMIN when the library already works with the partner. A signed,
 * terminated or ended agreement is CONFLICT.
 */
export async function signAgreement(ctx: AgreementServices, id: string): Promise<Agreement> {
  const { identity, db } = ctx;
  const today = await todayAtAgreement(ctx, id);
  return transaction(db, async (tx) => {
    const agreement = await tx.getRepository(Agreement).findOneBy({ id });
    if (!agreement || today === null) throw new NotFoundError('Agreement', id);
    requireAgreementAccess(identity, agreement);
    const bySecondParty = identity.role === 'ADMIN' || isPartnerSelf(identity, agreement.partnerId);
    if (!bySecondParty) {
      requireStaffOf(identity, agreement.libraryId, ['LIBRARY_ADMIN']);
      const linked = await tx.getRepository(LibraryPartner).existsBy({ libraryId: agreement.libraryId, partnerId: agreement.partnerId });
      requireWorksWith(identity, agreement.libraryId, agreement.partnerId, linked, 'id');
    }
    if (agreement.state !== AgreementState.DRAFT) throw new ConflictError(`Only a draft is signed; this agreement is ${agreementStatus(agreement, today)}`);
    if (agreement.endsOn < today) throw new ConflictError('The agreement has ended; draft a new one');
    const result = await tx
      .createQueryBuilder()
      .update(Agreement)
      .set({ state: AgreementState.SIGNED })
      .where('id = :id AND state = :draft', { id, draft: AgreementState.DRAFT })
      .execute();
    if (result.affected !== 1) throw new ConflictError('The agreement changed meanwhile; read it again');
    if (bySecondParty) await link(tx, agreement.libraryId, agreement.partnerId, agreement.startsOn);
    return Object.assign(agreement, { state: AgreementState.SIGNED });
  });
}

/** INSERT IGNORE / OR IGNORE: an existing link (or a concurrent one) keeps its date. Callers: access.ts `requireWorksWith` lists who may. */
async function link(tx: EntityManager, libraryId: string, partnerId: string, since: string): Promise<void> {
  await tx.createQueryBuilder().insert().into(LibraryPartner).values({ libraryId, partnerId, since }).orIgnore().execute();
}

// ---- after signature: renewals, amendments, termination -------------------------------------

/**
 * Loads the agreement for a change by its library's LIBRARY_ADMIN or ADMIN (access.ts
 * `requireAgreementManager`): NOT_FOUND, then FORBIDDEN; then CONFLICT unless it is signed and
 * neither expired nor terminated (a termination still ahead counts as terminated: nothing more
 * is changed in an agreement being wound up).
 */
async function changeable(tx: EntityManager, { identity }: AgreementServices, id: string, today: string | null): Promise<{ agreement: Agreement; today: string }> {
  const agreement = await tx.getRepository(Agreement).findOneBy({ id });
  if (!agreement || today === null) throw new NotFoundError('Agreement', id);
  requireAgreementManager(identity, agreement);
  const status = agreementStatus(agreement, today);
  if (agreement.state === AgreementState.TERMINATED) throw new ConflictError('The agreement is terminated');
  if (status === AgreementStatus.DRAFT) throw new ConflictError('A draft is not renewed or amended: it is signed first');
  if (status === AgreementStatus.EXPIRED) throw new ConflictError('The agreement has expired; draft a new one');
  return { agreement, today };
}

/**
 * Today at the agreement's library (its library never changes), read before the agreement's
 * transaction: no call to staff-development is made while a transaction is open
 * (docs/operations.md, "Honest writes"). Null for an id there is not (the transaction answers NOT_FOUND).
 */
async function todayAtAgreement({ db, calendar }: AgreementServices, id: string): Promise<string | null> {
  const found = await db.getRepository(Agreement).findOne({ where: { id }, select: { id: true, libraryId: true } });
  return found ? agreementToday(calendar, found.libraryId) : null;
}

/** Writes the change only if the row is still as read (CONFLICT otherwise), and its history row. */
async function record(
  tx: EntityManager,
  identity: Identity,
  agreement: Agreement,
  set: Partial<Agreement>,
  event: { kind: AgreementEventKind; changes: AgreementChange[]; effectiveOn?: string | null; document?: AgreementDocumentInput; reason?: string | null },
): Promise<Agreement> {
  const result = await tx
    .createQueryBuilder()
    .update(Agreement)
    .set(set)
    .where('id = :id AND state = :state AND endsOn = :endsOn', { id: agreement.id, state: agreement.state, endsOn: agreement.endsOn })
    .execute();
  if (result.affected !== 1) throw new ConflictError('The agreement changed meanwhile; read it again');
  const events = tx.getRepository(AgreementEvent);
  await events.insert({
    id: randomUUID(),
    agreementId: agreement.id,
    number: (await events.countBy({ agreementId: agreement.id })) + 1,
    kind: event.kind,
    occurredAt: wholeSeconds(now()),
    effectiveOn: event.effectiveOn ?? null,
    changesJson: JSON.stringify(event.changes),
    documentReference: event.document?.reference ?? null,
    documentTitle: event.document?.title ?? 'Pemberitahuan pengakhiran',
    documentUrl: event.document?.url ?? null,
    reason: event.reason ?? null,
    recordedBy: identity.role,
  });
  return Object.assign(agreement, set);
}

function requireDocument(document: AgreementDocumentInput): void {
  if (!document.reference && !document.url) throw new BadUserInputError('document', 'A document is referenced by its number or its URL');
}

/** A new end date (after the current one, at most five years ahead), with the addendum that records it. */
export async function renewAgreement(ctx: AgreementServices, id: string, input: RenewAgreementInput): Promise<Agreement> {
  requireDocument(input.document);
  const asOf = await todayAtAgreement(ctx, id);
  return transaction(ctx.db, async (tx) => {
    const { agreement, today } = await changeable(tx, ctx, id, asOf);
    checkRecordDate('newEndDate', input.newEndDate, today);
    if (input.newEndDate <= agreement.endsOn) throw new BadUserInputError('newEndDate', `newEndDate must be after the current end date ${agreement.endsOn}`);
    return record(
      tx,
      ctx.identity,
      agreement,
      { endsOn: input.newEndDate },
      {
        kind: AgreementEventKind.RENEWED,
        effectiveOn: agreement.endsOn,
        changes: [{ field: 'endsOn', from: agreement.endsOn, to: input.newEndDate }],
        document: input.document,
      },
    );
  });
}

/** A new title and/or scope, with the addendum that records it; a change that changes nothing is BAD_USER_INPUT. */
export async function amendAgreement(ctx: AgreementServices, id: string, input: AmendAgreementInput): Promise<Agreement> {
  requireDocument(input.document);
  const asOf = await todayAtAgreement(ctx, id);
  return transaction(ctx.db, async (tx) => {
    const { agreement } = await changeable(tx, ctx, id, asOf);
    const changes: AgreementChange[] = [];
    const set: Partial<Agreement> = {};
    for (const field of ['title', 'scope'] as const) {
      const value = input[field]?.trim();
      if (value && value !== agreement[field]) {
        changes.push({ field, from: agreement[field], to: value });
        set[field] = value;
      }
    }
    if (!changes.length) throw new BadUserInputError('input', 'An amendment changes the title or the scope');
    return record(tx, ctx.identity, agreement, set, { kind: AgreementEventKind.AMENDED, changes, document: input.document });
  });
}

/**
 * Ends a signed agreement early, from `on` (between its start and end dates, not before 1945 nor
 * more than five years ahead): its status reads TERMINATED from that day.
 */
export async function terminateAgreement(ctx: AgreementServices, id: string, on: string, reason: string): Promise<Agreement> {
  const why = reason.trim();
  if (why.length < 10 || why.length > 2000) throw new BadUserInputError('reason', 'reason is 10 to 2000 characters');
  const asOf = await todayAtAgreement(ctx, id);
  return transaction(ctx.db, async (tx) => {
    const { agreement, today } = await changeable(tx, ctx, id, asOf);
    checkRecordDate('on', on, today);
    if (on < agreement.startsOn) throw new BadUserInputError('on', `on must not be before the start date ${agreement.startsOn}`);
    if (on > agreement.endsOn) throw new BadUserInputError('on', `on must not be after the end date ${agreement.endsOn}`);
    return record(
      tx,
      ctx.identity,
      agreement,
      { state: AgreementState.TERMINATED, terminatedOn: on, terminationReason: why },
      {
        kind: AgreementEventKind.TERMINATED,
        effectiveOn: on,
        changes: [{ field: 'status', from: agreementStatus(agreement, today), to: AgreementStatus.TERMINATED }],
        reason: why,
      },
    );
  });
}
