import type DataLoader from 'dataloader';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { STAFF_ROLES, type Identity } from '../../../shared/platform/auth';
import type { Config } from '../../../shared/platform/config';
import { isUniqueViolation, transaction } from '../../../shared/platform/database';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { normalisePage, type ConnectionArgs, type ConnectionKey, type Page } from '../../../shared/platform/pagination';
import { requireOfLibrary, type ServiceClientConfig } from '../../../shared/platform/service-client';
import { libraryToday } from '../../../shared/platform/time';
import { requireDeskRole, requireLibraryAccess, requireMayReadMember, requireMemberAccess } from '../access';
import { Item } from '../catalogue/item.entity';
import { Hold, OPEN_HOLD_STATUSES } from '../circulation/hold.entity';
import { Loan } from '../circulation/loan.entity';
import { fineBalance, lockRows } from '../circulation/store';
import { newId } from '../ids';
import { cardExpiry, nextCardNumber } from './card';
import { foldName } from './fold-name';
import { Member, MemberStatus, MemberType } from './member.entity';
import type { MemberContactInput, RegisterMemberInput } from './member.inputs';
import { Idempotency } from '../../../shared/platform/idempotency';

/**
 * One page of a member's own list (holds, fines, circulation notices, digital uses, purchase
 * suggestions), oldest first: for the member, their library's staff and ADMIN
 * (`requireMemberAccess`); anyone else is refused before the list is read. `variant` narrows the
 * list where its loader takes one.
 */
export function memberListPage<T>(
  { identity, config }: { identity: Identity; config: Pick<Config, 'maxPageSize'> },
  member: Pick<Member, 'id' | 'libraryId'>,
  list: DataLoader<ConnectionKey, Page<T>, string>,
  args: ConnectionArgs,
  variant?: string,
): Promise<Page<T>> {
  requireMemberAccess(identity, member);
  const page = normalisePage(args, config.maxPageSize);
  return list.load(variant === undefined ? { parentId: member.id, page } : { parentId: member.id, page, variant });
}

/**
 * Which of a member's loans the caller sees, as the loan rule allows: the member and ADMIN all of
 * them ('' — every loan); staff the loans their own library made (its slug: a loan belongs to the
 * lending library). Anyone else (another member, GOVERNMENT, PARTNER, PUBLIC) is refused as for
 * the member.
 */
export function loansVariant(identity: Identity, member: Pick<Member, 'id' | 'libraryId'>): string {
  const self = identity.role === 'MEMBER' && identity.memberId === member.id;
  if (!self && identity.role !== 'ADMIN' && !STAFF_ROLES.includes(identity.role)) requireMemberAccess(identity, member);
  return self || identity.role === 'ADMIN' ? '' : identity.libraryId!;
}

/**
 * An institution card stands for a partner (partnerships' entity): a loan on it puts the library's
 * copy in the partner's `institutionLoans`. So before a copy is lent on one, the partner is
 * checked with its owner — it must exist and still work with the card's library
 * (`PartnerLibraries`, one `_entities` call with this subgraph's SERVICE identity) — always
 * before the database transaction opens. One answer — BAD_USER_INPUT on `memberId` — whether the
 * partner is unknown or works elsewhere; an owner that cannot answer is SERVICE_UNAVAILABLE, and
 * nothing is written. Asked only for a desk that may lend to the card at all (its own library's
 * staff, ADMIN): the service refuses the others as before, learning nothing about the partner.
 */
export async function requireInstitutionCardLinked(
  config: ServiceClientConfig,
  identity: Identity,
  member: Pick<Member, 'libraryId' | 'partnerId'> | null,
  field = 'memberId',
): Promise<void> {
  if (!member?.partnerId) return;
  if (identity.role !== 'ADMIN' && identity.libraryId !== member.libraryId) return;
  await requireOfLibrary(
    config,
    'collections',
    'Partner',
    member.libraryId,
    [member.partnerId],
    field,
    () => `This institution card stands for a partner ${member.libraryId} does not work with: it lends nothing`,
  );
}

/* ---------- Registration and the card's life (desk: the library's staff, ADMIN) ---------- */

/** What the services need: the database and the libraries' calendars (their today). */
export interface MemberDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<{ timezone: string }> };
}

/** Contact fields as stored: trimmed, e-mail in lower case; '' for none (GraphQL answers null). */
const contact = (value: string | null | undefined): string => value?.trim() ?? '';
const optional = (value: string | null | undefined): string | null => value?.trim() || null;

function requireBirthDate(birthDate: string | null | undefined, today: string): void {
  if (!birthDate) return;
  if (birthDate < '1900-01-01') throw new BadUserInputError('birthDate', 'birthDate may not be before 1900-01-01');
  if (birthDate > today) throw new BadUserInputError('birthDate', 'birthDate may not be in the future');
}

/** The desk acting on one member: refuses callers who never run a desk before the lookup, then staff of another library. */
async function deskMember(db: DataSource | EntityManager, identity: Identity, id: string): Promise<Member> {
  requireDeskRole(identity);
  const member = await db.getRepository(Member).findOneBy({ id });
  if (!member) throw new NotFoundError('Member', id);
  requireLibraryAccess(identity, member.libraryId, 'RECORDS');
  return member;
}

const closedConflict = (member: Member) => new StateConflict('MEMBER_CLOSED', `The account of member ${member.cardNumber} is closed`);

/**
 * Registers a card holder at the library's desk. The card runs `CARD_TERM_YEARS` of its type from
 * today; its number is the next of the library's series (card.ts), or one printed beforehand —
 * CONFLICT (reason CARD_NUMBER_TAKEN) when another card has it. A desk that loses the race for
 * the next number of the series takes the one after, in a fresh transaction.
 */
export async function registerMember(deps: MemberDeps, identity: Identity, input: RegisterMemberInput, idempotencyKey?: string | null): Promise<Member> {
  requireLibraryAccess(identity, input.libraryId, 'RECORDS');
  const once = Idempotency.ofRow(deps.db, identity, Member, { key: idempotencyKey, operation: 'registerMember', args: input });
  // Before the checks: the retry of a registration that went through finds its card number taken.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await libraryToday(deps.calendars, input.libraryId);
  requireBirthDate(input.birthDate, today);
  if (input.guardianName && input.memberType !== MemberType.CHILD) throw new BadUserInputError('guardianName', 'Only a CHILD card names a guardian');
  const given = input.cardNumber?.trim().toUpperCase();
  const name = input.name.trim().replace(/\s+/g, ' ');
  const row = (cardNumber: string): Member =>
    deps.db.getRepository(Member).create({
      id: newId(),
      cardNumber,
      name,
      foldedName: foldName(name),
      email: contact(input.email).toLowerCase(),
      phone: contact(input.phone),
      address: optional(input.address),
      birthDate: input.birthDate ?? null,
      guardianName: optional(input.guardianName),
      memberType: input.memberType,
      libraryId: input.libraryId,
      partnerId: null,
      joinedOn: today,
      expiresOn: cardExpiry(input.memberType, today),
      status: MemberStatus.ACTIVE,
      statusReason: null,
    });
  for (let attempt = 1; ; attempt++) {
    try {
      return await once.transaction(async (tx) => {
        const member = row(given ?? (await nextCardNumber(tx, input.libraryId, today)));
        await tx.getRepository(Member).insert(member);
        return member;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (given) throw new StateConflict('CARD_NUMBER_TAKEN', `Card number ${given} belongs to another member`);
      if (attempt >= 20) throw new StateConflict('CARD_SERIES_BUSY', 'Too many desks are registering at once; try again');
      // Another desk took this number: the next one, after a short jittered pause so the losers spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/**
 * Changes a member's contact details: the member themself, their library's staff, ADMIN. An
 * omitted field is unchanged; null removes it.
 */
export async function updateMemberContact(deps: MemberDeps, identity: Identity, id: string, input: MemberContactInput): Promise<Member> {
  requireMayReadMember(identity, id);
  return transaction(deps.db, async (tx) => {
    await lockRows(tx, 'member', [id]);
    const member = await tx.getRepository(Member).findOneBy({ id });
    if (!member) throw new NotFoundError('Member', id);
    requireMemberAccess(identity, member);
    if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
    const changes: Partial<Member> = {};
    if (input.email !== undefined) changes.email = contact(input.email).toLowerCase();
    if (input.phone !== undefined) changes.phone = contact(input.phone);
    if (input.address !== undefined) changes.address = optional(input.address);
    if (Object.keys(changes).length) await tx.getRepository(Member).update({ id }, changes);
    return { ...member, ...changes };
  });
}

/**
 * Renews a card for its type's term: from the old expiry while the card has not expired yet (no
 * day lost by renewing early), else from today. A suspension stays; a closed account is CONFLICT.
 */
export async function renewMemberCard(deps: MemberDeps, identity: Identity, id: string): Promise<Member> {
  const today = await memberLibraryToday(deps, identity, id);
  return changeMember(deps, identity, id, async (member) => {
    if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
    const from = member.expiresOn >= today ? member.expiresOn : today;
    // A card stored EXPIRED (imported so) is live again; SUSPENDED stays suspended.
    return { expiresOn: cardExpiry(member.memberType, from), ...(member.status === MemberStatus.EXPIRED ? { status: MemberStatus.ACTIVE } : {}) };
  });
}

/** Suspends a card (it lends nothing and signs in nowhere): CONFLICT when suspended already (ALREADY_SUSPENDED) or closed. */
export async function suspendMember(deps: MemberDeps, identity: Identity, id: string, reason: string): Promise<Member> {
  return changeMember(deps, identity, id, (member) => {
    if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
    if (member.status === MemberStatus.SUSPENDED) throw new StateConflict('ALREADY_SUSPENDED', `The card of member ${member.cardNumber} is suspended already`);
    return Promise.resolve({ status: MemberStatus.SUSPENDED, statusReason: reason.trim() });
  });
}

/** Lifts a suspension: CONFLICT (NOT_SUSPENDED) for a card that is not suspended. An expired card then reads EXPIRED. */
export async function reinstateMember(deps: MemberDeps, identity: Identity, id: string, reason: string): Promise<Member> {
  return changeMember(deps, identity, id, (member) => {
    if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
    if (member.status !== MemberStatus.SUSPENDED) throw new StateConflict('NOT_SUSPENDED', `The card of member ${member.cardNumber} is not suspended`);
    return Promise.resolve({ status: MemberStatus.ACTIVE, statusReason: reason.trim() });
  });
}

/**
 * A lost card: the member gets the next number of the library's series, and the old number finds
 * nobody any more. Loans, holds and fines follow the member (they hold the member's id, not the
 * number).
 */
export async function replaceMemberCard(deps: MemberDeps, identity: Identity, id: string, reason: string, idempotencyKey?: string | null): Promise<Member> {
  requireDeskRole(identity);
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'replaceMemberCard',
    args: { id, reason },
    idOf: (member: Member) => member.id,
    replay: async (memberId) => {
      const member = await deps.db.getRepository(Member).findOneBy({ id: memberId });
      if (member) requireMemberAccess(identity, member);
      return member;
    },
  });
  // A retry answers the card issued the first time, rather than replacing that one too.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const today = await memberLibraryToday(deps, identity, id);
  for (let attempt = 1; ; attempt++) {
    try {
      return await changeMember(
        deps,
        identity,
        id,
        async (member, tx) => {
          if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
          return { cardNumber: await nextCardNumber(tx, member.libraryId, today), statusReason: `Card replaced: ${reason.trim()}`.slice(0, 200) };
        },
        once,
      );
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 10) throw err;
    }
  }
}

/**
 * Closes an account: CONFLICT while the member has loans out (OPEN_LOANS), unpaid fines
 * (UNPAID_FINES) or open holds (OPEN_HOLDS). The personal data goes — name "(closed)", contacts,
 * address, birth date and guardian removed —; the card number, type, dates and the loan history
 * (the loans, counted under the member) stay. The status reads CLOSED, so a sign-in account of the
 * member stops working (the gateway signs in ACTIVE cards only).
 */
export async function closeMemberAccount(deps: MemberDeps, identity: Identity, id: string): Promise<Member> {
  return changeMember(deps, identity, id, async (member, tx) => {
    if (member.status === MemberStatus.CLOSED) throw closedConflict(member);
    const openLoans = await tx.getRepository(Loan).countBy({ memberId: id, returnedAt: IsNull() });
    if (openLoans) throw new StateConflict('OPEN_LOANS', `Member ${member.cardNumber} has ${openLoans} ${openLoans === 1 ? 'loan' : 'loans'} out`);
    const balance = await fineBalance(tx, id);
    if (balance > 0) throw new StateConflict('UNPAID_FINES', `Member ${member.cardNumber} has unpaid fines`);
    const openHolds = await tx.getRepository(Hold).countBy({ memberId: id, status: In(OPEN_HOLD_STATUSES) });
    if (openHolds)
      throw new StateConflict(
        'OPEN_HOLDS',
        `Member ${member.cardNumber} has ${openHolds} open ${openHolds === 1 ? 'hold' : 'holds'}; cancel ${openHolds === 1 ? 'it' : 'them'} first`,
      );
    return {
      status: MemberStatus.CLOSED,
      name: CLOSED_NAME,
      foldedName: CLOSED_NAME,
      email: '',
      phone: '',
      address: null,
      birthDate: null,
      guardianName: null,
      statusReason: null,
    };
  });
}

export const CLOSED_NAME = '(closed)';

/**
 * One change of a member at the desk, in a transaction: the member row locked first (MySQL; it is
 * written too, so Galera certifies it), the rule checked on what is committed, the change written.
 */
/**
 * Today at the member's library, read before the transaction that changes the member (no network
 * call inside a transaction: the calendar's owner may be slow). A member never changes library.
 */
async function memberLibraryToday(deps: MemberDeps, identity: Identity, id: string): Promise<string> {
  const member = await deskMember(deps.db, identity, id);
  return libraryToday(deps.calendars, member.libraryId);
}

async function changeMember(
  deps: MemberDeps,
  identity: Identity,
  id: string,
  change: (member: Member, tx: EntityManager) => Promise<Partial<Member>>,
  once?: Idempotency<Member>,
): Promise<Member> {
  requireDeskRole(identity);
  const run = once ? once.transaction.bind(once) : (work: (tx: EntityManager) => Promise<Member>) => transaction(deps.db, work);
  return run(async (tx) => {
    await lockRows(tx, 'member', [id]);
    const member = await deskMember(tx, identity, id);
    const changes = await change(member, tx);
    await tx.getRepository(Member).update({ id }, changes);
    return { ...member, ...changes };
  });
}

/* ---------- Desk look-ups ---------- */

/** The member holding this card number at this library; NOT_FOUND otherwise (also for a replaced number). */
export async function memberByCard(db: DataSource, identity: Identity, libraryId: string, cardNumber: string): Promise<Member> {
  requireLibraryAccess(identity, libraryId, 'RECORDS');
  const card = cardNumber.trim().toUpperCase();
  const member = await db.getRepository(Member).findOneBy({ libraryId, cardNumber: card });
  if (!member) throw new NotFoundError('Card', card);
  return member;
}

/** Members of the library whose name starts with `name`, case and accents aside, by name; closed accounts left out. */
export async function findMembers(db: DataSource, identity: Identity, libraryId: string, name: string, first: number): Promise<Member[]> {
  requireLibraryAccess(identity, libraryId, 'RECORDS');
  const prefix = foldName(name);
  if (!prefix) throw new BadUserInputError('name', 'name must have a letter or digit');
  return db
    .getRepository(Member)
    .createQueryBuilder('m')
    .where('m.libraryId = :libraryId', { libraryId })
    .andWhere("m.foldedName LIKE :prefix ESCAPE '!'", { prefix: `${prefix.replace(/[!%_]/g, '!$&')}%` })
    .andWhere('m.status <> :closed', { closed: MemberStatus.CLOSED })
    .orderBy('m.foldedName', 'ASC')
    .addOrderBy('m.id', 'ASC')
    .take(first)
    .getMany();
}

/** The library's copy with this barcode; NOT_FOUND when the library has none. */
export async function itemByBarcode(db: DataSource, identity: Identity, libraryId: string, barcode: string): Promise<Item> {
  requireLibraryAccess(identity, libraryId, 'RECORDS');
  // Printed in capitals; a scanner or a hand may send them otherwise (as circulation reads them).
  const code = barcode.trim().toUpperCase();
  const item = await db.getRepository(Item).findOneBy({ libraryId, barcode: code });
  if (!item) throw new NotFoundError('Barcode', code);
  return item;
}
