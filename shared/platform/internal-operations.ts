import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/registry';

/**
 * Every call one subgraph makes to another, listed once. A SERVICE caller (shared/platform/auth.ts) may
 * run exactly these documents, on their target, when it is one of their callers — nothing else
 * (shared/platform/server.ts refuses any other text). So a compromised subgraph can read library calendars
 * and directories, never act as a user.
 */
export interface InternalOperation {
  /** The subgraph that answers it. */
  target: SubgraphName;
  /** The subgraphs that may send it. */
  callers: readonly SubgraphName[];
  query: string;
}

const ALL: readonly SubgraphName[] = SUBGRAPH_NAMES;

export const INTERNAL_OPERATIONS = {
  /** A library's time zone, closed weekdays and holidays (due dates, event days). */
  LibraryCalendar: {
    target: 'staff-development',
    callers: ALL,
    query: `query LibraryCalendar($id: ID!, $from: Date!, $to: Date!) {
  library(id: $id) { id timezone closedWeekdays holidays(from: $from, to: $to) { date name } }
}`,
  },
  /** Which province each library is in (province-scoped GOVERNMENT tokens). */
  LibraryDirectory: {
    target: 'staff-development',
    callers: ALL,
    query: 'query LibraryDirectory { libraries { id province } }',
  },
  /** The library each librarian works in (null: no such librarian). */
  LibrarianLibraries: {
    target: 'staff-development',
    callers: ['collections', 'community-events', 'partnerships'],
    query: 'query LibrarianLibraries($r: [_Any!]!) { _entities(representations: $r) { ... on Librarian { id library { id } } } }',
  },
  /** The library that runs each training programme (null: no such programme). */
  TrainingProgrammeLibraries: {
    target: 'staff-development',
    callers: ['partnerships'],
    query: 'query TrainingProgrammeLibraries($r: [_Any!]!) { _entities(representations: $r) { ... on TrainingProgramme { id library { id } } } }',
  },
  /** The libraries each partner works with (null: no such partner). */
  PartnerLibraries: {
    target: 'partnerships',
    callers: ['staff-development', 'collections', 'community-events'],
    query: 'query PartnerLibraries($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id libraries { id } } } }',
  },
  /** Copies lent to partners' institution cards, per library and period (school lending programmes). */
  InstitutionCopiesLent: {
    target: 'collections',
    callers: ['partnerships'],
    query: 'query InstitutionCopiesLent($periods: [InstitutionLendingPeriod!]!) { institutionCopiesLent(periods: $periods) }',
  },
  /** How to reach members with an event notice (waitlist promotion, cancellation, reminder); null: unknown or closed. */
  MemberNoticeContacts: {
    target: 'collections',
    callers: ['community-events'],
    query: 'query MemberNoticeContacts($ids: [ID!]!) { memberNoticeContacts(ids: $ids) { id name email phone } }',
  },
} as const satisfies Record<string, InternalOperation>;

export type InternalOperationName = keyof typeof INTERNAL_OPERATIONS;

const normalise = (query: string) => query.replace(/\s+/g, ' ').trim();
const BY_TEXT = new Map<string, InternalOperation>(Object.values(INTERNAL_OPERATIONS).map((op) => [normalise(op.query), op]));

/** Whether `service` may send this document to `target`. */
export function isAllowedInternalOperation(target: SubgraphName, service: string | undefined, query: unknown): boolean {
  if (typeof query !== 'string' || !service) return false;
  const op = BY_TEXT.get(normalise(query));
  return !!op && op.target === target && (op.callers as readonly string[]).includes(service);
}
