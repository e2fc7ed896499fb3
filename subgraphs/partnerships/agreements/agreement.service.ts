import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { deny, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import { addDays } from '../../../shared/platform/time';
import { isPartnerSelf, requireAgreementAccess, requireLibraryAccess, requireWorksWith, visibleLibraries } from '../access';
import type { PartnershipsLoaders } from '../loaders';
import { LibraryPartner } from '../partners/library-partner.entity';
import { Partner } from '../partners/partner.entity';
import { Agreement, AgreementState, agreementStatus, todayUtc } from './agreement.entity';
import type { CreateAgreementInput } from './agreement.inputs';

/**
 * Agreements in force that end within the next `withinDays` days, soonest first, from the
 * libraries the caller may see (access.ts `visibleLibraries`): staff their own library's, a
 * province-scoped GOVERNMENT token its province's, a region-wide one and ADMIN every library's;
 * `libraryId` narrows to one library the caller may see. A PARTNER sees its own agreements, with
 * `libraryId` only a library it works with. Any other library (or a caller who may see none) is
 * FORBIDDEN, never an empty list. `withinDays` (0 to 3660) is ExpiringAgreementsArgs' rule.
 */
export async function expiringAgreements(
  { identity, db, loaders }: { identity: Identity; db: DataSource; loaders: PartnershipsLoaders },
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
  const today = todayUtc();
  const qb = db
    .getRepository(Agreement)
    .createQueryBuilder('a')
    .where('a.state = :signed', { signed: AgreementState.SIGNED })
    .andWhere('a.endsOn BETWEEN :today AND :until', { today, until: addDays(today, withinDays) })
    .orderBy('a.endsOn', 'ASC')
    .addOrderBy('a.id', 'ASC');
  if (libraryId) qb.andWhere('a.libraryId = :libraryId', { libraryId });
  if (libraries) qb.andWhere('a.libraryId IN (:...libraries)', { libraries: [...libraries] });
  if (identity.role === 'PARTNER') qb.andWhere('a.partnerId = :partnerId', { partnerId: identity.partnerId });
  return qb.getMany();
}

/**
 * LIBRARY_ADMIN of input.libraryId, or ADMIN. With a partner the library already works with the
 * agreement is recorded as signed (or as a draft). With any other partner a library may only
 * propose it: a draft, which the partner signs (`signAgreement`) — only then do the two work
 * together. ADMIN acting for both sides may record it signed, which links them.
 */
export async function createAgreement(identity: Identity, db: DataSource, input: CreateAgreementInput): Promise<Agreement> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  if (input.endsOn <= input.startsOn) throw new BadUserInputError('endsOn', 'endsOn must be after startsOn');
  const { draft, ...fields } = input;

  return transaction(db, async (tx) => {
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
export async function signAgreement(identity: Identity, db: DataSource, id: string): Promise<Agreement> {
  return transaction(db, async (tx) => {
    const agreement = await tx.getRepository(Agreement).findOneBy({ id });
    if (!agreement) throw new NotFoundError('Agreement', id);
    requireAgreementAccess(identity, agreement);
    const bySecondParty = identity.role === 'ADMIN' || isPartnerSelf(identity, agreement.partnerId);
    if (!bySecondParty) {
      requireStaffOf(identity, agreement.libraryId, ['LIBRARY_ADMIN']);
      const linked = await tx.getRepository(LibraryPartner).existsBy({ libraryId: agreement.libraryId, partnerId: agreement.partnerId });
      requireWorksWith(identity, agreement.libraryId, agreement.partnerId, linked, 'id');
    }
    if (agreement.state !== AgreementState.DRAFT) throw new ConflictError(`Only a draft is signed; this agreement is ${agreementStatus(agreement, todayUtc())}`);
    if (agreement.endsOn < todayUtc()) throw new ConflictError('The agreement has ended; draft a new one');
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
