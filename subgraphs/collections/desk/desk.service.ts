import { In, IsNull, type DataSource } from 'typeorm';
import type { Identity } from '../../../shared/platform/auth';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { persisted } from '../../../shared/platform/database';
import { BadUserInputError } from '../../../shared/platform/errors';
import { normalisePage, paginate, type ConnectionArgs, type Page } from '../../../shared/platform/pagination';
import { addDays, daysBetween, todayAt, zonedToUtc } from '../../../shared/platform/time';
import { requireDeskRole, requireLibraryAccess } from '../access';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { Item, ItemStatus } from '../catalogue/item.entity';
import { COPIES_ON_SHELF_HERE, EARLIER_WAITING_HOLDS } from '../circulation/circulation.service';
import { Hold, HoldStatus } from '../circulation/hold.entity';
import { Loan } from '../circulation/loan.entity';
import { overdueFine } from '../circulation/rules';
import { validatePeriod } from '../indicators/periods';
import { Member, MemberStatus, MemberType } from '../members/member.entity';
import { DeskLoanSort, LoanDue, type DeskDocumentFormat } from './desk.inputs';
import type { MemberActivity, PullSlip, TitleCirculation } from './desk.types';
import type { CollectionsDocument } from '../document.types';
import { renderOverdueList, type OverdueRow } from './overdue-document';

/**
 * The front desk's lists: current loans, the overdue list for members the notices cannot reach,
 * the pull list, the hold shelf, most active members and most borrowed titles.
 *
 * Who may: every list is the desk work of one library — its LIBRARIAN and LIBRARY_ADMIN, and
 * ADMIN (`requireDesk`: the collections scoping rule for RECORDS, after refusing callers who never
 * run a desk). MEMBER, PARTNER and GOVERNMENT are refused (FORBIDDEN), PUBLIC is UNAUTHENTICATED,
 * another library's staff FORBIDDEN — before anything is read. Lists that name members list only
 * the library's own members, so names go only to the staff of the members' library.
 */

export interface DeskDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
  maxPageSize: number;
}

/** The one rule of the desk's lists: staff of this library (LIBRARIAN, LIBRARY_ADMIN) and ADMIN. */
export function requireDesk(identity: Identity, libraryId: string): void {
  requireDeskRole(identity);
  requireLibraryAccess(identity, libraryId, 'RECORDS');
}

/** The caller's library's calendar and today, after the rule (NOT_FOUND for a library there is not). */
async function deskDay(deps: DeskDeps, identity: Identity, libraryId: string): Promise<{ calendar: LibraryCalendar; today: string }> {
  requireDesk(identity, libraryId);
  const calendar = await deps.calendars.get(libraryId);
  return { calendar, today: todayAt(calendar) };
}

// ---- current loans --------------------------------------------------------------------------

/** The library's current loans (lent here, not returned), filtered and in the order asked. */
export async function currentLoans(
  deps: DeskDeps,
  identity: Identity,
  args: ConnectionArgs & { libraryId: string; due?: LoanDue | null; memberType?: MemberType | null; sort: DeskLoanSort },
): Promise<Page<Loan>> {
  const { today } = await deskDay(deps, identity, args.libraryId);
  const page = normalisePage(args, deps.maxPageSize);
  const repo = deps.db.getRepository(Loan);
  const qb = repo.createQueryBuilder('l').where('l.libraryId = :libraryId AND l.returnedAt IS NULL', { libraryId: args.libraryId });
  if (args.due === LoanDue.OVERDUE) qb.andWhere('l.dueOn < :today', { today });
  if (args.due === LoanDue.DUE_TODAY) qb.andWhere('l.dueOn = :today', { today });
  if (args.memberType) qb.andWhere('EXISTS (SELECT 1 FROM member m WHERE m.id = l.memberId AND m.memberType = :memberType)', { memberType: args.memberType });
  return paginate(qb, { repo, alias: 'l', sort: args.sort === DeskLoanSort.CHECKED_OUT_AT ? 'checkedOutAt' : 'dueOn' }, page);
}

// ---- the overdue list for members without e-mail or phone -----------------------------------

/**
 * Loans of this library overdue today whose borrower — a member of this library, account not
 * closed — has neither e-mail nor phone, so no notice reaches them: by member name, then due date.
 */
export async function overdueList(deps: DeskDeps, identity: Identity, libraryId: string, format: DeskDocumentFormat): Promise<CollectionsDocument> {
  const { calendar, today } = await deskDay(deps, identity, libraryId);
  const loans = await deps.db
    .getRepository(Loan)
    .createQueryBuilder('l')
    .where('l.libraryId = :libraryId AND l.returnedAt IS NULL AND l.dueOn < :today', { libraryId, today })
    .andWhere("EXISTS (SELECT 1 FROM member m WHERE m.id = l.memberId AND m.libraryId = :libraryId AND m.email = '' AND m.phone = '' AND m.status <> :closed)", {
      closed: MemberStatus.CLOSED,
    })
    .getMany();
  const members = loans.length ? await deps.db.getRepository(Member).findBy({ id: In([...new Set(loans.map((l) => l.memberId))]) }) : [];
  const items = loans.length ? await deps.db.getRepository(Item).findBy({ id: In([...new Set(loans.map((l) => l.itemId))]) }) : [];
  const records = items.length ? await deps.db.getRepository(BibliographicRecord).findBy({ id: In([...new Set(items.map((i) => i.recordId))]) }) : [];
  const memberById = new Map(members.map((m) => [m.id, m]));
  const itemById = new Map(items.map((i) => [i.id, i]));
  const recordById = new Map(records.map((r) => [r.id, r]));
  const rows: OverdueRow[] = loans.map((loan) => {
    const member = memberById.get(loan.memberId)!;
    const item = itemById.get(loan.itemId)!;
    const record = recordById.get(item.recordId)!;
    return {
      cardNumber: member.cardNumber,
      name: member.name,
      guardianName: member.guardianName ?? null,
      address: member.address ?? null,
      memberType: member.memberType,
      barcode: item.barcode,
      title: record.title,
      callNumber: record.callNumber ?? null,
      checkedOutOn: todayAt(calendar, loan.checkedOutAt),
      dueOn: loan.dueOn,
      daysOverdue: daysBetween(loan.dueOn, today),
      accruedFine: overdueFine(calendar, loan, today).fine,
    };
  });
  rows.sort((a, b) => a.name.localeCompare(b.name, 'id') || a.cardNumber.localeCompare(b.cardNumber) || a.dueOn.localeCompare(b.dueOn) || a.barcode.localeCompare(b.barcode));
  return renderOverdueList(format, rows, libraryId, today);
}

// ---- the pull list --------------------------------------------------------------------------

/**
 * The holds this library's shelves can serve now, oldest first: WAITING holds still wanted today,
 * each among the first of its title's queue that this library's AVAILABLE copies can fill (with
 * two copies here, the first two waiting holds of the title), with those copies. Another library
 * holding copies of the same title may list the same hold: whoever pulls first fills it
 * (circulation.service.ts `pullHold`, which applies the same rule).
 */
export async function pullList(deps: DeskDeps, identity: Identity, args: ConnectionArgs & { libraryId: string }): Promise<Page<PullSlip>> {
  const { today } = await deskDay(deps, identity, args.libraryId);
  const page = normalisePage(args, deps.maxPageSize);
  const repo = deps.db.getRepository(Hold);
  const qb = repo
    .createQueryBuilder('h')
    .where('h.status = :waiting AND (h.notNeededAfter IS NULL OR h.notNeededAfter >= :today)')
    .andWhere(`${EARLIER_WAITING_HOLDS} < ${COPIES_ON_SHELF_HERE}`)
    .setParameters({ waiting: HoldStatus.WAITING, today, library: args.libraryId, available: ItemStatus.AVAILABLE });
  const holds = await paginate(qb, { repo, alias: 'h', sort: 'placedAt' }, page);
  const recordIds = [...new Set(holds.edges.map((e) => e.node.recordId))];
  const copies = recordIds.length
    ? await deps.db.getRepository(Item).find({
        where: { recordId: In(recordIds), libraryId: args.libraryId, status: ItemStatus.AVAILABLE, atLibraryId: IsNull() },
        order: { barcode: 'ASC' },
      })
    : [];
  return {
    ...holds,
    edges: holds.edges.map(({ cursor, node: hold }) => ({
      cursor,
      node: {
        id: hold.id,
        placedAt: hold.placedAt,
        hold,
        copies: copies.filter((c) => c.recordId === hold.recordId),
        pickupHere: hold.pickupLibraryId === args.libraryId,
      },
    })),
  };
}

// ---- the hold shelf -------------------------------------------------------------------------

/**
 * Copies waiting on this library's hold shelf (READY holds to be picked up here), the soonest last
 * pickup day first; those past it stay listed until the hourly expiry clears them.
 */
export async function holdShelf(deps: DeskDeps, identity: Identity, args: ConnectionArgs & { libraryId: string; expiringBy?: string | null }): Promise<Page<Hold>> {
  requireDesk(identity, args.libraryId);
  const page = normalisePage(args, deps.maxPageSize);
  const repo = deps.db.getRepository(Hold);
  const qb = repo.createQueryBuilder('h').where('h.pickupLibraryId = :libraryId AND h.status = :ready', { libraryId: args.libraryId, ready: HoldStatus.READY });
  if (args.expiringBy) qb.andWhere('h.pickupBy <= :expiringBy', { expiringBy: args.expiringBy });
  return paginate(qb, { repo, alias: 'h', sort: 'pickupBy' }, page);
}

// ---- most active members, most borrowed titles ------------------------------------------------

export interface Ranking<T> {
  from: string;
  to: string;
  entries: T[];
}

/** The period asked, by default the 30 days ending on the library's today; SQL bounds of checkouts in it. */
async function period(deps: DeskDeps, identity: Identity, args: { libraryId: string; from?: string | null; to?: string | null; limit: number }) {
  const { calendar, today } = await deskDay(deps, identity, args.libraryId);
  if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 100) throw new BadUserInputError('limit', 'limit must be 1 to 100');
  const to = args.to ?? today;
  const from = args.from ?? addDays(to, -29);
  validatePeriod(from, to);
  const bound = (day: string) => persisted(deps.db, Loan, 'checkedOutAt', zonedToUtc(day, '00:00', calendar.timezone));
  return { from, to, start: bound(from), end: bound(addDays(to, 1)) };
}

/**
 * The library's own members (accounts not closed) with the most checkouts at this library in the
 * period, most first, then by name.
 */
export async function mostActiveMembers(
  deps: DeskDeps,
  identity: Identity,
  args: { libraryId: string; from?: string | null; to?: string | null; limit: number },
): Promise<Ranking<MemberActivity>> {
  const { from, to, start, end } = await period(deps, identity, args);
  const rows: { memberId: string; loans: string | number }[] = await deps.db.query(
    `SELECT l.memberId AS memberId, COUNT(*) AS loans FROM loan l JOIN member m ON m.id = l.memberId
     WHERE l.libraryId = ? AND m.libraryId = ? AND m.status <> ? AND l.checkedOutAt >= ? AND l.checkedOutAt < ?
     GROUP BY l.memberId, m.foldedName ORDER BY COUNT(*) DESC, m.foldedName, l.memberId LIMIT ${Number(args.limit)}`,
    [args.libraryId, args.libraryId, MemberStatus.CLOSED, start, end],
  );
  return { from, to, entries: rows.map((r) => ({ memberId: r.memberId, loans: Number(r.loans) })) };
}

/** The titles whose copies this library lent most in the period, most first (then by title id), with how many members borrowed them. */
export async function mostBorrowedTitles(
  deps: DeskDeps,
  identity: Identity,
  args: { libraryId: string; from?: string | null; to?: string | null; limit: number },
): Promise<Ranking<TitleCirculation>> {
  const { from, to, start, end } = await period(deps, identity, args);
  const rows: { recordId: string; loans: string | number; borrowers: string | number }[] = await deps.db.query(
    `SELECT i.recordId AS recordId, COUNT(*) AS loans, COUNT(DISTINCT l.memberId) AS borrowers FROM loan l JOIN item i ON i.id = l.itemId
     WHERE l.libraryId = ? AND l.checkedOutAt >= ? AND l.checkedOutAt < ?
     GROUP BY i.recordId ORDER BY COUNT(*) DESC, COUNT(DISTINCT l.memberId) DESC, i.recordId LIMIT ${Number(args.limit)}`,
    [args.libraryId, start, end],
  );
  return { from, to, entries: rows.map((r) => ({ recordId: r.recordId, loans: Number(r.loans), borrowers: Number(r.borrowers) })) };
}
