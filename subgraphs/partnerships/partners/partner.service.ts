import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deny, isStaffOf, requireStaffOf, type Identity } from '../../../shared/platform/auth';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { Idempotency } from '../../../shared/platform/idempotency';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../shared/platform/errors';
import type { LibraryCalendarClient } from '../../../shared/domain/library-calendar';
import { libraryToday } from '../../../shared/platform/time';
import type { PartnershipsLoaders } from '../loaders';
import { LibraryPartner } from './library-partner.entity';
import { Partner, PartnerKind } from './partner.entity';
import type { CreatePartnerInput, UpdatePartnerInput } from './partner.inputs';

/**
 * LIBRARY_ADMIN of input.libraryId, or ADMIN: registers a partner and links it to the library
 * (agreements and programmes follow). PUBLIC → UNAUTHENTICATED; anyone else → FORBIDDEN.
 */
export async function createPartner(
  { identity, db, calendar }: { identity: Identity; db: DataSource; calendar: LibraryCalendarClient },
  input: CreatePartnerInput,
  idempotencyKey?: string | null,
): Promise<Partner> {
  requireStaffOf(identity, input.libraryId, ['LIBRARY_ADMIN']);
  const once = Idempotency.ofRow(db, identity, Partner, { key: idempotencyKey, operation: 'createPartner', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  if (input.npsn && input.kind !== PartnerKind.SCHOOL) throw new BadUserInputError('npsn', 'Only a school has an NPSN');
  const since = await libraryToday(calendar, input.libraryId); // NOT_FOUND for an unknown library
  const { libraryId, ...fields } = input;
  try {
    return await once.transaction(async (tx) => {
      const partner = await tx
        .getRepository(Partner)
        .save(tx.getRepository(Partner).create({ ...fields, id: randomUUID(), npsn: fields.npsn ?? null, contactPhone: fields.contactPhone ?? null }));
      await tx.getRepository(LibraryPartner).insert({ libraryId, partnerId: partner.id, since });
      return partner;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A partner with NPSN ${input.npsn} is registered already`);
    throw err;
  }
}

/**
 * LIBRARY_ADMIN of a library the partner works with, or ADMIN: name, address and contact person.
 * "Works with" is a library_partner link, which no library can make alone with a partner someone
 * else registered (access.ts `requireWorksWith`: createPartner, the partner's signature, ADMIN).
 */
export async function updatePartner(
  { identity, db, loaders }: { identity: Identity; db: DataSource; loaders: PartnershipsLoaders },
  id: string,
  input: UpdatePartnerInput,
): Promise<Partner> {
  const partner = await loaders.partnerById.load(id);
  if (!partner) throw new NotFoundError('Partner', id);
  const links = await loaders.linksByPartnerId.load(id);
  if (!links.some((link) => isStaffOf(identity, link.libraryId, ['LIBRARY_ADMIN']))) {
    deny(identity, 'Only the admins of a library the partner works with may change its details');
  }
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return transaction(db, async (tx) => {
    await tx.getRepository(Partner).update({ id }, changes);
    return (await tx.getRepository(Partner).findOneBy({ id }))!;
  });
}
