import DataLoader from 'dataloader';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { In, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';

/**
 * Relay-style connections with keyset cursors (sort value + id), so that a page costs the same
 * on page 1 and page 1000. Lists resolved per parent (library.items, library.events …) go through
 * `connectionLoader`: one window-function query for all parents in the request.
 */

export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size (default ${DEFAULT_PAGE_SIZE}, at most the configured maximum, 100 by default)` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string;
}

/** Defined identically by every subgraph, hence shareable. */
@ObjectType({ description: 'Where a page of a connection stands in the whole list (Relay cursor connections)' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'Whether more nodes follow this page: ask again with after = endCursor' })
  hasNextPage: boolean;

  @Field({ description: 'Whether nodes come before this page (true on every page asked with after)' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first node of this page; null when the page is empty' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last node of this page, for after; null when the page is empty' })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A connection loader's pages count only when a client asks for it (a promise read lazily). */
  totalCount: number | Promise<number>;
}

/** A page whose total was counted with it. */
export type CountedPage<T> = Page<T> & { totalCount: number };

/** `@ObjectType() class ItemConnection extends Connection(Item) {}` gives ItemConnection and ItemEdge. */
export function Connection<T extends object>(node: ClassType<T>) {
  @ObjectType(`${node.name}Edge`, { description: `One ${node.name} of a page and its cursor` })
  class EdgeType {
    @Field({ description: 'An opaque cursor: pass it as after to get the nodes that follow this one' })
    cursor: string;

    @Field(() => node, { description: `The ${node.name}` })
    node: T;
  }

  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [EdgeType], { description: 'The nodes of this page, each with its cursor' })
    edges: Edge<T>[];

    @Field(() => PageInfo, { description: 'Whether there are more pages, and the cursors to get them' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'All matching nodes, not just this page' })
    totalCount: number | Promise<number>;
  }
  return ConnectionType;
}

interface CursorValue {
  v: string | number;
  d?: 1; // the sort value is a Date (ISO string)
  id: string;
}

interface PageRequest {
  first: number;
  after?: CursorValue;
}

export function normalisePage(args: ConnectionArgs, maxPageSize: number): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw new BadUserInputError('first', `first must be between 1 and ${maxPageSize}`);
  }
  if (args.after == null) return { first };
  try {
    const parsed = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as CursorValue;
    if (typeof parsed.id !== 'string' || (typeof parsed.v !== 'string' && typeof parsed.v !== 'number')) throw new Error('shape');
    return { first, after: parsed };
  } catch {
    throw new BadUserInputError('after', 'after is not a cursor this API gave out');
  }
}

function encodeCursor(sortValue: unknown, id: string): string {
  const c: CursorValue = sortValue instanceof Date ? { v: sortValue.toISOString(), d: 1, id } : { v: sortValue as string | number, id };
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export interface ConnectionSpec<T extends ObjectLiteral & { id: string }> {
  repo: Repository<T>;
  /** Alias of the node entity in the query. */
  alias: string;
  /** Property of the node entity to sort by (not nullable); ties broken by id. */
  sort: keyof T & string;
  /** Extra joins and filters; `variant` is the key's variant (e.g. what this caller may see). */
  scope?: (qb: SelectQueryBuilder<T>, variant: string) => void;
}

/** Adds "after the cursor" to a query ordered by (sort, id). */
function applyCursor<T extends ObjectLiteral & { id: string }>(qb: SelectQueryBuilder<T>, spec: ConnectionSpec<T>, after: CursorValue) {
  const column = spec.repo.metadata.findColumnWithPropertyName(spec.sort);
  if (!column) throw new Error(`No column ${spec.sort} on ${spec.repo.metadata.name}`);
  const raw = after.d ? new Date(after.v) : after.v;
  const value: unknown = spec.repo.manager.connection.driver.preparePersistentValue(raw, column);
  const s = `${spec.alias}.${spec.sort}`;
  qb.andWhere(`(${s} > :cursorValue OR (${s} = :cursorValue AND ${spec.alias}.id > :cursorId))`, {
    cursorValue: value,
    cursorId: after.id,
  });
}

function toPage<T extends { id: string }>(nodes: T[], spec: { sort: string }, request: PageRequest, totalCount: number): CountedPage<T> {
  const hasNextPage = nodes.length > request.first;
  const pageNodes = hasNextPage ? nodes.slice(0, request.first) : nodes;
  const edges = pageNodes.map((node) => ({ node, cursor: encodeCursor((node as Record<string, unknown>)[spec.sort], node.id) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** One page of a single (top-level) list. `base` carries the filters. */
export async function paginate<T extends ObjectLiteral & { id: string }>(base: SelectQueryBuilder<T>, spec: ConnectionSpec<T>, request: PageRequest): Promise<CountedPage<T>> {
  const totalCount = await base.clone().getCount();
  const qb = base.clone();
  if (request.after) applyCursor(qb, spec, request.after);
  const nodes = await qb
    .orderBy(`${spec.alias}.${spec.sort}`, 'ASC')
    .addOrderBy(`${spec.alias}.id`, 'ASC')
    .take(request.first + 1)
    .getMany();
  return toPage(nodes, spec, request, totalCount);
}

export interface ConnectionKey {
  parentId: string;
  page: PageRequest;
  /** Distinguishes filters that depend on the caller (e.g. 'published' vs 'all'). */
  variant?: string;
}

/**
 * A per-request loader of pages per parent. All keys with the same page request and variant are
 * answered together:
 * - the page's ids: for one parent (a library's items, a member's loans), the first rows of the
 *   parent's index in (sort, id) order — `ORDER BY … LIMIT first + 1`, as cheap for a library of
 *   50,000 copies as for one of 50; for several parents, one window-function query
 *   (ROW_NUMBER() OVER (PARTITION BY parent …)) instead of one query per parent;
 * - the nodes, by id, in one query;
 * - `totalCount` only when a client asks for it (the field reads it): one grouped COUNT for every
 *   parent of the request asked with the same variant. Counting a large library's rows is the
 *   costly part of a page, and most lists never show the total.
 */
export function connectionLoader<T extends ObjectLiteral & { id: string }>(
  spec: ConnectionSpec<T> & {
    /** SQL expression of the parent id, e.g. 't.libraryId' */
    parent: string;
    /**
     * A table the database keeps each parent's number of rows in (by triggers, in the writing
     * transaction), read instead of counting for keys without a variant: a count that costs the
     * same whatever the size of the list.
     */
    counted?: { table: string; parent: string; count: string };
  },
): DataLoader<ConnectionKey, Page<T>, string> {
  const base = (variant: string, parentIds: string[]) => {
    const qb = spec.repo.createQueryBuilder(spec.alias);
    spec.scope?.(qb, variant);
    return qb.andWhere(`${spec.parent} IN (:...parentIds)`, { parentIds });
  };
  const counts = new DataLoader<string, number>(async (keys) => {
    const byVariant = new Map<string, string[]>();
    for (const key of keys) {
      const [variant, parentId] = JSON.parse(key) as [string, string];
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), parentId]);
    }
    const found = new Map<string, number>();
    for (const [variant, parentIds] of byVariant) {
      const rows: { parentId: string; n: string | number }[] =
        spec.counted && !variant
          ? await spec.repo.manager
              .createQueryBuilder()
              .select(`c.${spec.counted.parent}`, 'parentId')
              .addSelect(`c.${spec.counted.count}`, 'n')
              .from(spec.counted.table, 'c')
              .where(`c.${spec.counted.parent} IN (:...parentIds)`, { parentIds: [...new Set(parentIds)] })
              .getRawMany()
          : await base(variant, [...new Set(parentIds)])
              .select(spec.parent, 'parentId')
              .addSelect('COUNT(*)', 'n')
              .groupBy(spec.parent)
              .getRawMany();
      for (const r of rows) found.set(JSON.stringify([variant, String(r.parentId)]), Number(r.n));
    }
    return keys.map((k) => found.get(k) ?? 0);
  });
  /** The page's totalCount, counted only when read (`counts`, for every parent of the request at once). */
  const withLazyTotal = (page: Page<T>, variant: string, parentId: string): Page<T> => {
    let total: Promise<number> | undefined;
    Object.defineProperty(page, 'totalCount', { enumerable: true, get: () => (total ??= counts.load(JSON.stringify([variant, parentId]))) });
    return page;
  };
  return new DataLoader<ConnectionKey, Page<T>, string>(
    async (keys) => {
      const groups = new Map<string, ConnectionKey[]>();
      for (const k of keys) {
        const g = JSON.stringify([k.page, k.variant ?? '']);
        const list = groups.get(g) ?? [];
        list.push(k);
        groups.set(g, list);
      }
      const results = new Map<ConnectionKey, Page<T>>();
      for (const group of groups.values()) {
        const { page, variant = '' } = group[0];
        const parentIds = [...new Set(group.map((k) => k.parentId))];
        const limit = page.first + 1; // an integer checked by normalisePage
        if (parentIds.length === 1) {
          // One parent: its first rows in one statement, along its (parent, sort, id) index.
          const qb = base(variant, parentIds);
          if (page.after) applyCursor(qb, spec, page.after);
          const nodes = await qb.orderBy(`${spec.alias}.${spec.sort}`, 'ASC').addOrderBy(`${spec.alias}.id`, 'ASC').limit(limit).getMany();
          for (const k of group) results.set(k, withLazyTotal(toPage(nodes, spec, page, 0), variant, k.parentId));
          continue;
        }
        const windowed = base(variant, parentIds)
          .select(`${spec.alias}.id`, 'id')
          .addSelect(spec.parent, 'parentId')
          .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${spec.parent} ORDER BY ${spec.alias}.${spec.sort}, ${spec.alias}.id)`, 'rn');
        if (page.after) applyCursor(windowed, spec, page.after);
        const [sql, params] = windowed.getQueryAndParameters();
        const rows: { id: string; parentId: string }[] = await spec.repo.manager.query(
          `SELECT w.id AS id, w.parentId AS parentId FROM (${sql}) w WHERE w.rn <= ${limit} ORDER BY w.parentId, w.rn`,
          params,
        );

        const ids = [...new Set(rows.map((r) => r.id))];
        const nodes = await byIds(spec.repo, ids);
        const nodeById = new Map(nodes.map((n) => [n.id, n]));
        const rowsByParent = new Map<string, T[]>();
        for (const r of rows) {
          const node = nodeById.get(r.id);
          if (!node) continue;
          const list = rowsByParent.get(String(r.parentId)) ?? [];
          list.push(node);
          rowsByParent.set(String(r.parentId), list);
        }
        for (const k of group) results.set(k, withLazyTotal(toPage(rowsByParent.get(k.parentId) ?? [], spec, page, 0), variant, k.parentId));
      }
      return keys.map((k) => results.get(k)!);
    },
    { cacheKeyFn: (k) => JSON.stringify([k.parentId, k.page, k.variant ?? '']) },
  );
}

/**
 * The rows of these ids, in one statement. A query builder rather than `findBy({ id: In(ids) })`,
 * which turns its find options into the same builder first (#19: the loaders' costliest TypeORM
 * step); no entity has eager relations for find options to add.
 */
function byIds<T extends ObjectLiteral & { id: string }>(repo: Repository<T>, ids: string[]): Promise<T[]> {
  if (!ids.length) return Promise.resolve([]);
  return repo.createQueryBuilder('row').where('row.id IN (:...ids)', { ids }).getMany();
}

/** A per-request loader of entities by id (reference resolvers and list fields go through these). */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(repo: Repository<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await byIds(repo, [...ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A per-request loader of all rows sharing a foreign key (e.g. agreements by partner id). */
export function byForeignKeyLoader<T extends ObjectLiteral>(
  repo: Repository<T>,
  foreignKey: keyof T & string,
  order: Partial<Record<keyof T & string, 'ASC' | 'DESC'>> = {},
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await repo.find({ where: { [foreignKey]: In([...keys]) } as never, order: order as never });
    const grouped = new Map<string, T[]>();
    for (const row of rows) {
      const k = String(row[foreignKey]);
      const list = grouped.get(k) ?? [];
      list.push(row);
      grouped.set(k, list);
    }
    return keys.map((k) => grouped.get(k) ?? []);
  });
}
