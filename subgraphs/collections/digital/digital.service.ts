import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { deny, isStaffOf, requireRole, requireStaffOf, STAFF_ROLES, type Identity } from '../../../shared/platform/auth';
import { transaction } from '../../../shared/platform/database';
import { BadUserInputError, NotFoundError, StateConflict } from '../../../shared/platform/errors';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import { actorOf, libraryToday } from '../conflict';
import { now } from '../../../shared/platform/clock';
import { newId } from '../ids';
import { BibliographicRecord } from '../catalogue/bibliographic-record.entity';
import { DigitalFormat, DigitalLicence, DigitalResource, DigitalResourceKind } from './digital-resource.entity';
import { DigitalTurnaway } from './digital-turnaway.entity';
import { DigitalUse } from './digital-use.entity';
import { Member, MemberStatus } from '../members/member.entity';
import { validatePeriod, zonedRange } from '../indicators/periods';
import type { CollectionsLoaders } from '../loaders';
import { paginate, type normalisePage, type Page } from '../../../shared/platform/pagination';
import { wholeSeconds } from '../../../shared/platform/time';
import type { DigitalResourceFilter } from './digital.inputs';
import type { DigitalUsage } from './digital.types';
import { Idempotency } from '../../../shared/platform/idempotency';
import { lockForUpdate } from '../../../shared/platform/row-lock';

/**
 * Digital resources: a reader opens one with accessDigitalResource, which records the use and
 * hands out the link. An OPEN resource has no limit; a CONCURRENT_USERS licence lets at most
 * `concurrentUsers` uses hold a seat at once. A seat is held from the access until the reader
 * returns it (returnDigitalResource) or `sessionMinutes` later, whichever comes first: nobody has
 * to remember to give an e-book back, and a reader who is done frees the seat at once.
 *
 * Concurrency: the resource's row is locked (lockForUpdate on MySQL and Galera, first statement of the
 * transaction; SQLite runs one transaction at a time) before the seats in use are counted, so of
 * N + 5 readers arriving together on an N-seat licence exactly N get a seat and five get CONFLICT
 * with `extensions.reason: "LICENCE_LIMIT"` (and `seatFreesAt`, when the first seat frees). Each
 * refusal is counted as a turnaway.
 *
 * Who: MEMBERs with a valid card and the staff (LIBRARIAN, LIBRARY_ADMIN) of a library open the
 * resources shared by all libraries and their own library's. ADMIN has no library for the use to
 * count for, so it manages resources but does not read them. A library's LIBRARY_ADMIN adds and
 * changes its own resources; shared ones are ADMIN's.
 */

export interface DigitalDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
}

export const READER_ROLES = ['MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN'] as const;
export const MAX_SESSION_MINUTES = 30 * 24 * 60;

const isHttps = (url: string) => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && Boolean(u.hostname);
  } catch {
    return false;
  }
};

/** Who manages a resource: ADMIN for shared ones, the library's LIBRARY_ADMIN (and ADMIN) for a library's. */
export function requireManager(identity: Identity, libraryId: string | null): void {
  if (libraryId === null) {
    if (identity.role !== 'ADMIN') deny(identity, 'Resources shared by all libraries are managed by ADMIN');
    return;
  }
  requireStaffOf(identity, libraryId, ['LIBRARY_ADMIN']);
}

export interface DigitalResourceFields {
  title: string;
  authors: string[];
  publisher?: string | null;
  publishedYear?: number | null;
  kind: DigitalResourceKind;
  format: DigitalFormat;
  language: string;
  accessUrl: string;
  licence: DigitalLicence;
  concurrentUsers?: number | null;
  sessionMinutes: number;
  libraryId?: string | null;
  recordId?: string | null;
}

function checkLicence(licence: DigitalLicence, concurrentUsers: number | null | undefined): number | null {
  if (licence === DigitalLicence.OPEN) {
    if (concurrentUsers != null) throw new BadUserInputError('concurrentUsers', 'An OPEN licence has no user limit: leave concurrentUsers out');
    return null;
  }
  if (concurrentUsers == null || !Number.isInteger(concurrentUsers) || concurrentUsers < 1 || concurrentUsers > 10_000) {
    throw new BadUserInputError('concurrentUsers', 'A CONCURRENT_USERS licence needs concurrentUsers, 1 to 10000');
  }
  return concurrentUsers;
}

/** sessionMinutes' bounds are the inputs' rules (digital.inputs.ts). */
function checkFields(input: Partial<DigitalResourceFields>): void {
  if (input.accessUrl !== undefined && !isHttps(input.accessUrl)) throw new BadUserInputError('accessUrl', 'accessUrl must be an https URL');
}

export async function addDigitalResource(deps: DigitalDeps, identity: Identity, input: DigitalResourceFields, idempotencyKey?: string | null): Promise<DigitalResource> {
  const libraryId = input.libraryId ?? null;
  requireManager(identity, libraryId);
  const once = Idempotency.ofRow(deps.db, identity, DigitalResource, { key: idempotencyKey, operation: 'addDigitalResource', args: input });
  const earlier = await once.earlier();
  if (earlier) return earlier;
  checkFields(input);
  const concurrentUsers = checkLicence(input.licence, input.concurrentUsers);
  if (libraryId) await libraryToday(deps.calendars, libraryId);
  if (input.recordId && !(await deps.db.getRepository(BibliographicRecord).existsBy({ id: input.recordId }))) {
    throw new BadUserInputError('recordId', `There is no catalogue record ${input.recordId}`);
  }
  const resource = deps.db.getRepository(DigitalResource).create({
    id: newId(),
    title: input.title.trim(),
    authors: input.authors.map((a) => a.trim()).filter(Boolean),
    publisher: input.publisher?.trim() || null,
    publishedYear: input.publishedYear ?? null,
    kind: input.kind,
    format: input.format,
    language: input.language,
    accessUrl: input.accessUrl,
    licence: input.licence,
    concurrentUsers,
    sessionMinutes: input.sessionMinutes,
    libraryId,
    recordId: input.recordId ?? null,
    createdAt: wholeSeconds(now()),
    withdrawnAt: null,
  });
  return once.transaction(async (tx) => {
    await tx.getRepository(DigitalResource).insert({ ...resource });
    return resource;
  });
}

async function lockResource(tx: EntityManager, id: string): Promise<void> {
  await lockForUpdate(tx, DigitalResource, [id]);
}

/**
 * Changes the link, the licence or the session length, or withdraws the resource (its managers).
 * Under the same lock as an access: a new seat count holds from the next access on (uses already
 * holding a seat keep it until they end).
 */
export async function updateDigitalResource(
  deps: DigitalDeps,
  identity: Identity,
  id: string,
  input: { accessUrl?: string | null; licence?: DigitalLicence | null; concurrentUsers?: number | null; sessionMinutes?: number | null; withdrawn?: boolean | null },
): Promise<DigitalResource> {
  requireRole(identity, ['LIBRARY_ADMIN', 'ADMIN']);
  checkFields({ accessUrl: input.accessUrl ?? undefined });
  return transaction(deps.db, async (tx) => {
    await lockResource(tx, id);
    const resource = await tx.getRepository(DigitalResource).findOneBy({ id });
    if (!resource) throw new NotFoundError('DigitalResource', id);
    requireManager(identity, resource.libraryId);
    const licence = input.licence ?? resource.licence;
    const set: Partial<DigitalResource> = {
      accessUrl: input.accessUrl ?? resource.accessUrl,
      licence,
      // A new licence brings its own seat count; otherwise the seats stay unless given.
      concurrentUsers: checkLicence(licence, input.licence || input.concurrentUsers !== undefined ? input.concurrentUsers : resource.concurrentUsers),
      sessionMinutes: input.sessionMinutes ?? resource.sessionMinutes,
    };
    if (input.withdrawn === true && !resource.withdrawnAt) set.withdrawnAt = wholeSeconds(now());
    if (input.withdrawn === false) set.withdrawnAt = null;
    await tx.getRepository(DigitalResource).update({ id }, set);
    return Object.assign(resource, set);
  });
}

/** Whether this use is the caller's own (the same member; the same member of staff). */
export function isOwnUse(identity: Identity, use: Pick<DigitalUse, 'memberId' | 'userSub' | 'librarianId'>): boolean {
  if (identity.role === 'MEMBER') return use.memberId !== null && use.memberId === identity.memberId;
  return use.memberId === null && use.userSub === identity.sub && use.librarianId === (identity.librarianId ?? null);
}

export interface DigitalAccessResult {
  use: DigitalUse;
  url: string;
  resumed: boolean;
}

/** Seats held now: uses neither returned nor run out. */
async function seatsInUse(tx: EntityManager, resourceId: string, at: Date): Promise<{ n: number; firstFree: Date | null }> {
  const row: { n: string | number; first: string | Date | null } | undefined = await tx
    .getRepository(DigitalUse)
    .createQueryBuilder('u')
    .select('COUNT(*)', 'n')
    .addSelect('MIN(u.expiresAt)', 'first')
    .where('u.resourceId = :resourceId AND u.endedAt IS NULL AND u.expiresAt > :at', { resourceId, at })
    .getRawOne();
  const first = row?.first ? (row.first instanceof Date ? row.first : new Date(`${String(row.first).replace(' ', 'T')}${/Z$/.test(String(row.first)) ? '' : 'Z'}`)) : null;
  return { n: Number(row?.n ?? 0), firstFree: first };
}

export async function accessDigitalResource(deps: DigitalDeps, identity: Identity, resourceId: string, idempotencyKey?: string | null): Promise<DigitalAccessResult> {
  if (!(READER_ROLES as readonly string[]).includes(identity.role)) {
    deny(identity, 'Digital resources are opened with a library card or by library staff');
  }
  const once = new Idempotency(deps.db, identity, {
    key: idempotencyKey,
    operation: 'accessDigitalResource',
    args: { resourceId },
    // Whether the first call resumed a held seat is kept with the use's id: the retry answers the same.
    idOf: ({ use, resumed }: DigitalAccessResult) => `${use.id}:${resumed ? 'resumed' : 'new'}`,
    replay: async (id) => {
      const [useId, how] = id.split(':');
      const use = await deps.db.getRepository(DigitalUse).findOneBy({ id: useId });
      if (!use) return null;
      if (!isOwnUse(identity, use)) deny(identity, 'A use is answered to its reader only');
      const resource = await deps.db.getRepository(DigitalResource).findOneByOrFail({ id: use.resourceId });
      return { use, url: resource.accessUrl, resumed: how === 'resumed' };
    },
  });
  // Before the checks: the retry of an access that went through must not be counted again, nor turned away.
  const earlier = await once.earlier();
  if (earlier) return earlier;
  const libraryId = identity.libraryId!;
  const { today } = await libraryToday(deps.calendars, libraryId);
  const actor = actorOf(identity);
  try {
    return await once.transaction(async (tx) => {
      // The lock first: the seats counted next include every use committed before it was granted.
      await lockResource(tx, resourceId);
      const resource = await tx.getRepository(DigitalResource).findOneBy({ id: resourceId });
      if (!resource) throw new NotFoundError('DigitalResource', resourceId);
      if (resource.libraryId !== null && resource.libraryId !== libraryId) {
        deny(identity, `This resource is licensed to ${resource.libraryId} only`);
      }
      if (resource.withdrawnAt) throw new StateConflict('RESOURCE_WITHDRAWN', `"${resource.title}" has been withdrawn`);
      if (identity.role === 'MEMBER') {
        const member = await tx.getRepository(Member).findOneBy({ id: identity.memberId! });
        if (!member || member.libraryId !== libraryId) deny(identity, 'This library card is not known here');
        if (member.status !== MemberStatus.ACTIVE || member.expiresOn < today) {
          throw new StateConflict(
            'CARD_NOT_VALID',
            `The card of member ${member.cardNumber} is ${member.status === MemberStatus.ACTIVE ? 'expired' : member.status.toLowerCase()}`,
          );
        }
      }
      const at = wholeSeconds(now());
      // Opening it again while the seat is still held is the same use, not another one.
      const held = await tx
        .getRepository(DigitalUse)
        .createQueryBuilder('u')
        .where('u.resourceId = :resourceId AND u.endedAt IS NULL AND u.expiresAt > :at', { resourceId, at })
        .andWhere(identity.role === 'MEMBER' ? 'u.memberId = :memberId' : 'u.memberId IS NULL AND u.userSub = :sub', { memberId: identity.memberId, sub: actor.sub })
        .getMany();
      const resumed = held.find((u) => isOwnUse(identity, u));
      if (resumed) return { use: resumed, url: resource.accessUrl, resumed: true };

      if (resource.licence === DigitalLicence.CONCURRENT_USERS) {
        const seats = await seatsInUse(tx, resource.id, at);
        if (seats.n >= resource.concurrentUsers!) {
          throw new StateConflict(
            'LICENCE_LIMIT',
            resource.concurrentUsers === 1
              ? `The one seat of "${resource.title}" is in use; try again later`
              : `All ${resource.concurrentUsers} seats of "${resource.title}" are in use; try again later`,
            { seats: resource.concurrentUsers, seatFreesAt: seats.firstFree?.toISOString() ?? null },
          );
        }
      }
      const use = tx.getRepository(DigitalUse).create({
        id: newId(),
        resourceId: resource.id,
        libraryId,
        memberId: identity.role === 'MEMBER' ? identity.memberId! : null,
        userSub: actor.sub,
        userRole: actor.role,
        librarianId: identity.role === 'MEMBER' ? null : actor.librarianId,
        startedAt: at,
        expiresAt: new Date(at.getTime() + resource.sessionMinutes * 60_000),
        endedAt: null,
      });
      await tx.getRepository(DigitalUse).insert({ ...use });
      return { use, url: resource.accessUrl, resumed: false };
    });
  } catch (err) {
    if (err instanceof StateConflict && err.extensions.reason === 'LICENCE_LIMIT') {
      const turnaway = { id: newId(), resourceId, libraryId, refusedAt: wholeSeconds(now()) };
      await transaction(deps.db, (tx) => tx.getRepository(DigitalTurnaway).insert(turnaway)).catch(() => undefined);
    }
    throw err;
  }
}

/** Ends a use now, freeing its seat: the reader, staff of the use's library, ADMIN. */
export async function returnDigitalResource(deps: DigitalDeps, identity: Identity, useId: string): Promise<DigitalUse> {
  requireRole(identity, [...READER_ROLES, 'ADMIN']);
  return transaction(deps.db, async (tx) => {
    const use = await tx.getRepository(DigitalUse).findOneBy({ id: useId });
    if (!use) throw new NotFoundError('DigitalUse', useId);
    if (!isOwnUse(identity, use) && !isStaffOf(identity, use.libraryId)) deny(identity, 'A use is returned by its reader or their library');
    const at = wholeSeconds(now());
    const changed = await tx.createQueryBuilder().update(DigitalUse).set({ endedAt: at }).where('id = :id AND endedAt IS NULL AND expiresAt > :at', { id: use.id, at }).execute();
    if (!changed.affected) throw new StateConflict('USE_ENDED', use.endedAt ? 'This use was returned already' : 'This use has ended: its session ran out');
    return Object.assign(use, { endedAt: at });
  });
}

// ---- reading ------------------------------------------------------------------------------

/** What the libraries offer online, by title (public; withdrawn ones left out): a library's own resources and the shared ones. */
export async function listDigitalResources(db: DataSource, filter: DigitalResourceFilter | null, page: ReturnType<typeof normalisePage>): Promise<Page<DigitalResource>> {
  const repo = db.getRepository(DigitalResource);
  const qb = repo.createQueryBuilder('d').where('d.withdrawnAt IS NULL');
  if (filter?.libraryId) qb.andWhere('(d.libraryId = :libraryId OR d.libraryId IS NULL)', { libraryId: filter.libraryId });
  if (filter?.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
  return paginate(qb, { repo, alias: 'd', sort: 'title' }, page);
}

/**
 * The link without a use: for the staff who look after the resource (staff of the holding
 * library, any library's staff for a shared one, ADMIN), not readers — they go through
 * accessDigitalResource.
 */
export function accessUrlFor(identity: Identity, resource: Pick<DigitalResource, 'libraryId' | 'accessUrl'>): string {
  const staff = identity.role === 'ADMIN' || (STAFF_ROLES.includes(identity.role) && (resource.libraryId === null || identity.libraryId === resource.libraryId));
  if (!staff) deny(identity, 'Readers open a resource with accessDigitalResource');
  return resource.accessUrl;
}

/** Still holding its seat: neither returned nor run out. */
export const isActiveUse = (use: Pick<DigitalUse, 'endedAt' | 'expiresAt'>): boolean => use.endedAt === null && use.expiresAt.getTime() > now().getTime();

/** A library's digital uses over a period (at most five years), days in its zone, with the resources most used. */
export async function digitalUsage(
  deps: { loaders: Pick<CollectionsLoaders, 'digitalUsage' | 'digitalResourceById'>; calendars: { get(id: string): Promise<LibraryCalendar> } },
  libraryId: string,
  from: string,
  to: string,
): Promise<DigitalUsage> {
  validatePeriod(from, to);
  const f = await deps.loaders.digitalUsage(deps.calendars).load({ libraryId, from, to });
  const resources = await deps.loaders.digitalResourceById.loadMany(f.byResource.map((r) => r.resourceId));
  return {
    from,
    to,
    uses: f.uses,
    readers: f.readers,
    turnaways: f.turnaways,
    byKind: f.byKind,
    byResource: f.byResource.map((r, i) => ({ resource: resources[i] as DigitalResource, uses: r.uses })),
  };
}

/** Seats held now per resource (uses neither returned nor run out): one grouped query. */
export function seatsInUseLoader(db: DataSource): DataLoader<string, number> {
  return new DataLoader<string, number>(async (ids) => {
    const rows: { resourceId: string; n: string | number }[] = await db
      .getRepository(DigitalUse)
      .createQueryBuilder('u')
      .select('u.resourceId', 'resourceId')
      .addSelect('COUNT(*)', 'n')
      .where('u.resourceId IN (:...ids) AND u.endedAt IS NULL AND u.expiresAt > :at', { ids: [...ids], at: wholeSeconds(now()) })
      .groupBy('u.resourceId')
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.resourceId, Number(r.n)]));
    return ids.map((id) => byId.get(id) ?? 0);
  });
}

export interface UsageKey {
  libraryId: string;
  from: string;
  to: string;
}

export interface UsageFigures {
  uses: number;
  readers: number;
  turnaways: number;
  byKind: { key: string; count: number }[];
  byResource: { resourceId: string; uses: number }[];
}

/**
 * Uses (by kind and by resource), distinct readers and turnaways of each library over a period of
 * days in its zone: three grouped queries for all the libraries asked.
 */
export function usageLoader(db: DataSource, calendars: { get(id: string): Promise<LibraryCalendar> }): DataLoader<UsageKey, UsageFigures, string> {
  return new DataLoader<UsageKey, UsageFigures, string>(
    async (keys) => {
      const out = new Map<string, UsageFigures>();
      const periods = new Map<string, UsageKey[]>();
      for (const k of keys) periods.set(`${k.from}|${k.to}`, [...(periods.get(`${k.from}|${k.to}`) ?? []), k]);
      for (const group of periods.values()) {
        const { from, to } = group[0];
        const zones = new Map<string, string>();
        for (const id of new Set(group.map((k) => k.libraryId))) zones.set(id, (await calendars.get(id)).timezone);
        const uses = zonedRange(db, DigitalUse, { library: 'u.libraryId', instant: 'u.startedAt', property: 'startedAt' }, zones, from, to);
        const perResource: { libraryId: string; resourceId: string; kind: string; n: string | number }[] = await db.query(
          `SELECT u.libraryId AS libraryId, u.resourceId AS resourceId, r.kind AS kind, COUNT(*) AS n
           FROM digital_use u JOIN digital_resource r ON r.id = u.resourceId WHERE ${uses.sql} GROUP BY u.libraryId, u.resourceId, r.kind`,
          uses.params,
        );
        const readers: { libraryId: string; n: string | number }[] = await db.query(
          `SELECT u.libraryId AS libraryId, COUNT(DISTINCT COALESCE(u.memberId, u.librarianId, u.userSub)) AS n FROM digital_use u WHERE ${uses.sql} GROUP BY u.libraryId`,
          uses.params,
        );
        const refused = zonedRange(db, DigitalTurnaway, { library: 't.libraryId', instant: 't.refusedAt', property: 'refusedAt' }, zones, from, to);
        const turnaways: { libraryId: string; n: string | number }[] = await db.query(
          `SELECT t.libraryId AS libraryId, COUNT(*) AS n FROM digital_turnaway t WHERE ${refused.sql} GROUP BY t.libraryId`,
          refused.params,
        );
        for (const libraryId of zones.keys()) {
          const mine = perResource.filter((r) => r.libraryId === libraryId);
          const kinds = new Map<string, number>();
          for (const r of mine) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + Number(r.n));
          const figures: UsageFigures = {
            uses: mine.reduce((s, r) => s + Number(r.n), 0),
            readers: Number(readers.find((r) => r.libraryId === libraryId)?.n ?? 0),
            turnaways: Number(turnaways.find((r) => r.libraryId === libraryId)?.n ?? 0),
            byKind: Object.values(DigitalResourceKind).map((key) => ({ key, count: kinds.get(key) ?? 0 })),
            byResource: mine.map((r) => ({ resourceId: r.resourceId, uses: Number(r.n) })).sort((a, b) => b.uses - a.uses || a.resourceId.localeCompare(b.resourceId)),
          };
          for (const k of group.filter((g) => g.libraryId === libraryId)) out.set(JSON.stringify(k), figures);
        }
      }
      return keys.map((k) => out.get(JSON.stringify(k))!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}
