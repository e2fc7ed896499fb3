import type { DataSource } from 'typeorm';
import { deny, requireStaffOf, STAFF_ROLES, type Identity } from '../../../shared/platform/auth';
import { normalisePage, paginate, type ConnectionArgs, type Page } from '../../../shared/platform/pagination';
import { CirculationNotice, type NoticeKind, type NoticeStatus } from './circulation-notice.entity';
import { NoticePolicy } from './notice-policy.entity';
import { requireMayReadPolicy } from './policy';

/** A library's notice policy (its LIBRARIAN and LIBRARY_ADMIN, ADMIN); null when it has none and sends no notices. */
export async function noticePolicyOf(db: DataSource, identity: Identity, libraryId: string): Promise<NoticePolicy | null> {
  requireMayReadPolicy(identity, libraryId);
  return db.getRepository(NoticePolicy).findOneBy({ libraryId });
}

/**
 * The outbox of circulation notices, oldest first, optionally by status and kind: LIBRARIAN and
 * LIBRARY_ADMIN see their library's (also when no library is named), ADMIN one library's or all.
 */
export async function listNotices(
  { db, identity, maxPageSize }: { db: DataSource; identity: Identity; maxPageSize: number },
  filter: { libraryId: string | null; status: NoticeStatus | null; kind: NoticeKind | null },
  args: ConnectionArgs,
): Promise<Page<CirculationNotice>> {
  if (identity.role !== 'ADMIN' && !STAFF_ROLES.includes(identity.role)) deny(identity, "The notice outbox is for the library's staff");
  const library = filter.libraryId ?? (identity.role === 'ADMIN' ? null : identity.libraryId!);
  if (library) requireStaffOf(identity, library);
  const page = normalisePage(args, maxPageSize);
  const repo = db.getRepository(CirculationNotice);
  const qb = repo.createQueryBuilder('n').where('1 = 1');
  if (library) qb.andWhere('n.libraryId = :library', { library });
  if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
  if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
  return paginate(qb, { repo, alias: 'n', sort: 'createdAt' }, page);
}
