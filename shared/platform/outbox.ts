import { performance } from 'node:perf_hooks';
import { IsNull, LessThanOrEqual, type DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { transaction } from './database';
import { startPeriodicJob } from './jobs';
import type { Logger } from './logger';
import { currentServiceMetrics } from './metrics';
import { wholeSeconds } from './time';

/**
 * An outbox: messages written in the transaction of the change that causes them (a partner event,
 * a circulation notice) and delivered afterwards by a worker, the same way for every feature:
 *
 * - a row is due while PENDING with `nextAttemptAt` passed and no live lease (`lockedUntil`);
 * - a worker claims a due row with a guarded UPDATE (the status, the attempts and a free lease as it
 *   read them), so that two workers — two service instances, or a CLI next to the service — never
 *   attempt one row at once, on SQLite and on MariaDB alike;
 * - the lease is the row's own: it runs from the moment of its claim (not from the start of the
 *   pass, which may have been sending for minutes) for the attempt's timeout and a margin
 *   (OUTBOX_LEASE_MARGIN_MS), and is renewed while the attempt runs, so it never passes while the
 *   row is being sent; only a worker that died (or froze) loses it, and another one takes over;
 * - the feature attempts the delivery (its transport, its rendering, its signature), naming the
 *   row's id as the delivery id (a webhook's `Idempotency-Key`, an e-mail's Message-ID): should a
 *   worker die after the other side accepted a message but before it wrote so, the next attempt
 *   carries the same id and the receiver can drop it;
 * - the outcome is written under the same guard: delivered, or PENDING again after an exponential
 *   back-off, or FAILED after the last attempt (or at once when the feature gives up).
 *
 * A feature keeps its table and names its columns as it likes (the entity's `@Column({ name })`):
 * the mechanism reads and writes the properties of `OutboxRow`.
 */

/** The columns every outbox table has (entity properties). */
export interface OutboxRow {
  id: string;
  status: string;
  /** Attempts so far. */
  attempts: number;
  /** When the worker tries next; null once delivered or FAILED. */
  nextAttemptAt: Date | null;
  /** The lease of the worker that claimed the row: nobody else attempts it until then (renewed while its attempt runs). */
  lockedUntil: Date | null;
}

/** A feature's outbox table: its entity and what its statuses are called. */
export interface OutboxTable<Row extends OutboxRow> {
  entity: EntityTarget<Row>;
  statuses: { pending: Row['status']; delivered: Row['status']; failed: Row['status'] };
}

/** What a feature reports of one attempt (a feature adds what it logs: an HTTP status, a duration). */
export interface Attempt {
  /** Why it failed; null when the other side accepted the message. */
  error: string | null;
  /** Stop now, whatever attempts are left (the receiver is gone). */
  giveUp?: boolean;
}

export type Outcome = 'delivered' | 'retrying' | 'failed';

/** One attempt and what became of the row. */
export interface Attempted<Row, A> {
  row: Row;
  attempt: A;
  /** 1 for the first attempt. */
  number: number;
  outcome: Outcome;
  /** The pass's instant (whole seconds). */
  at: Date;
}

/** How one feature delivers from its outbox table. */
export interface Outbox<Row extends OutboxRow, A extends Attempt = Attempt, Batch = undefined> extends OutboxTable<Row> {
  /** What a log line calls a row: "circulation notice", "webhook delivery". */
  name: string;
  /** Loads what the claimed rows of one batch refer to, in one query (optional). */
  prepare?(rows: Row[], db: DataSource): Promise<Batch>;
  /** Sends one claimed row; resolves with the outcome of the attempt (a throw leaves the row claimed until its lease passes). */
  attempt(row: Row, at: Date, batch: Batch): Promise<A>;
  /** The feature's own columns written with the outcome (the last error, when it was sent …). */
  columns(attempted: Attempted<Row, A>): QueryDeepPartialEntity<Row>;
  /** Rows the feature writes with the outcome, in its transaction (an attempt log). */
  record?(tx: EntityManager, attempted: Attempted<Row, A>): Promise<void>;
  /** What the warning of a row given up names. */
  logFields(row: Row): Record<string, unknown>;
}

export interface RetrySchedule {
  /** Attempts before a row is FAILED. */
  maxAttempts: number;
  /** Wait before attempt n + 1 after n failed attempts, in ms (see exponentialBackoff). */
  backoffMs: (failedAttempts: number) => number;
  /** The timeout of one attempt: a claim holds the row (its lease) for it and `leaseMarginMs` more, renewed while the attempt runs. */
  timeoutMs: number;
  /** The lease beyond the timeout: OUTBOX_LEASE_MARGIN_MS (config.outboxLeaseMarginMs). Default 60 s. */
  leaseMarginMs?: number;
}

export interface PassOptions extends RetrySchedule {
  /** Rows claimed at once. Default 20. */
  batchSize?: number;
  /**
   * true (default): batch after batch until nothing new is due, each row at most once per pass;
   * false: one batch per pass (a worker polled every few seconds).
   */
  allDue?: boolean;
  log?: Pick<Logger, 'warn'>;
}

export interface PassCounts {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export const MAX_BACKOFF_MS = 6 * 3600_000;

/** `baseMs` × 2^(n − 1) after n failed attempts, at most `maxMs` (6 h). */
export const exponentialBackoff =
  (baseMs: number, maxMs = MAX_BACKOFF_MS) =>
  (failedAttempts: number): number =>
    Math.min(baseMs * 2 ** (failedAttempts - 1), maxMs);

/** The outbox columns of a new row: PENDING, due at `at`. */
export function queued<Row extends OutboxRow>(table: OutboxTable<Row>, at: Date): { status: Row['status']; attempts: number; nextAttemptAt: Date; lockedUntil: null } {
  return { status: table.statuses.pending, attempts: 0, nextAttemptAt: wholeSeconds(at), lockedUntil: null };
}

/** Column values of an UPDATE (the properties of OutboxRow on the feature's entity). */
const values = <Row extends OutboxRow>(v: object) => v as QueryDeepPartialEntity<Row>;

/** Unlocked, or its lock has passed. */
const free = <Row extends OutboxRow>(where: FindOptionsWhere<OutboxRow>, at: Date) =>
  [
    { ...where, lockedUntil: IsNull() },
    { ...where, lockedUntil: LessThanOrEqual(at) },
  ] as FindOptionsWhere<Row>[];

/** As the worker read it: still PENDING, with as many attempts. */
const asRead = <Row extends OutboxRow>(table: OutboxTable<Row>, row: Row) => ({ id: row.id, status: table.statuses.pending, attempts: row.attempts }) as FindOptionsWhere<Row>;

/** PENDING rows due at `at` (the pass's instant) whose lease has passed at `instant` (now, in the pass's clock). */
function due<Row extends OutboxRow>(db: DataSource, table: OutboxTable<Row>, at: Date, instant: Date, take: number): Promise<Row[]> {
  return db.getRepository(table.entity).find({
    where: free<Row>({ status: table.statuses.pending, nextAttemptAt: LessThanOrEqual(at) }, instant),
    order: { nextAttemptAt: 'ASC', id: 'ASC' } as never,
    take,
  });
}

/** Takes the row for this worker until `until`; false when another worker has it or it changed. */
async function claim<Row extends OutboxRow>(db: DataSource, table: OutboxTable<Row>, row: Row, at: Date, until: Date): Promise<boolean> {
  const result = await transaction(db, (tx) =>
    tx
      .createQueryBuilder()
      .update(table.entity)
      .set(values<Row>({ lockedUntil: until }))
      .where(free<Row>(asRead(table, row) as FindOptionsWhere<OutboxRow>, at))
      .execute(),
  );
  return result.affected === 1;
}

/** Moves this worker's lease from `held` to `until`; false when the row is no longer as claimed (its lease was lost). */
async function renew<Row extends OutboxRow>(db: DataSource, table: OutboxTable<Row>, row: Row, held: Date, until: Date): Promise<boolean> {
  const result = await transaction(db, (tx) =>
    tx
      .createQueryBuilder()
      .update(table.entity)
      .set(values<Row>({ lockedUntil: until }))
      .where({ ...asRead(table, row), lockedUntil: held } as FindOptionsWhere<Row>)
      .execute(),
  );
  return result.affected === 1;
}

export const DEFAULT_LEASE_MARGIN_MS = 60_000;

/**
 * The instants of one pass: `at` (the pass's clock, whole seconds) moved on by the time the pass
 * has been running, so that a claim, a lease and its renewals are measured from when they happen,
 * in the same clock as the rows' times (tests run passes on a clock of their own).
 */
function passClock(at: Date): () => Date {
  const started = performance.now();
  return () => new Date(at.getTime() + Math.round(performance.now() - started));
}

/** A lease from `instant`: the attempt's timeout and the margin, rounded up to the column's whole seconds. */
const leaseFrom = (instant: Date, options: PassOptions) => wholeSeconds(new Date(instant.getTime() + options.timeoutMs + (options.leaseMarginMs ?? DEFAULT_LEASE_MARGIN_MS) + 999));

/**
 * Runs `work` while renewing the row's lease every third of its length; a renewal that finds the
 * row no longer as claimed (the lease was lost: this worker was frozen past it) is logged, and
 * the outcome is still written under the guard of the attempts, so it is recorded once.
 */
async function whileLeased<Row extends OutboxRow, T>(
  db: DataSource,
  outbox: OutboxTable<Row> & Pick<Outbox<Row, Attempt, unknown>, 'name' | 'logFields'>,
  row: Row,
  lease: Date,
  clock: () => Date,
  options: PassOptions,
  work: () => Promise<T>,
): Promise<T> {
  let held: Date | null = lease;
  let renewing: Promise<void> = Promise.resolve();
  const every = Math.max(250, Math.floor((options.timeoutMs + (options.leaseMarginMs ?? DEFAULT_LEASE_MARGIN_MS)) / 3));
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      const until = leaseFrom(clock(), options);
      if (!held || until.getTime() <= held.getTime()) return;
      try {
        if (await renew(db, outbox, row, held, until)) held = until;
        else {
          held = null;
          options.log?.warn({ ...outbox.logFields(row) }, `${outbox.name}: its lease passed during the attempt; another worker may send it too (with the same delivery id)`);
        }
      } catch {
        // The next renewal tries again; the lease still has two thirds of its length.
      }
    });
  }, every);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}

async function deliverOne<Row extends OutboxRow, A extends Attempt, B>(
  db: DataSource,
  outbox: Outbox<Row, A, B>,
  row: Row,
  batch: B,
  at: Date,
  options: PassOptions,
  counts: PassCounts,
  clock: () => Date,
): Promise<void> {
  const claimedAt = clock();
  const lease = leaseFrom(claimedAt, options);
  if (!(await claim(db, outbox, row, wholeSeconds(claimedAt), lease))) return;
  const attempt = await whileLeased(db, outbox, row, lease, clock, options, () => outbox.attempt(row, at, batch));
  const number = row.attempts + 1;
  const outcome: Outcome = attempt.error === null ? 'delivered' : attempt.giveUp || number >= options.maxAttempts ? 'failed' : 'retrying';
  const attempted: Attempted<Row, A> = { row, attempt, number, outcome, at };
  const status = outcome === 'delivered' ? outbox.statuses.delivered : outcome === 'failed' ? outbox.statuses.failed : outbox.statuses.pending;
  await transaction(db, async (tx) => {
    const result = await tx
      .createQueryBuilder()
      .update(outbox.entity)
      .set(
        values<Row>({
          ...outbox.columns(attempted),
          status,
          attempts: number,
          lockedUntil: null,
          nextAttemptAt: outcome === 'retrying' ? wholeSeconds(new Date(at.getTime() + options.backoffMs(number))) : null,
        }),
      )
      // Still as claimed: nobody else may have recorded an attempt in between.
      .where(asRead(outbox, row))
      .execute();
    if (result.affected === 1) await outbox.record?.(tx, attempted);
  });
  counts.attempted += 1;
  counts[outcome] += 1;
  if (outcome === 'failed') options.log?.warn({ ...outbox.logFields(row), attempts: number, error: attempt.error }, `${outbox.name} failed for good`);
}

/** Delivers what is due at `now` (the pass of a worker; tests call it with their own clock). */
export async function deliverDue<Row extends OutboxRow, A extends Attempt, B>(db: DataSource, outbox: Outbox<Row, A, B>, now: Date, options: PassOptions): Promise<PassCounts> {
  const at = wholeSeconds(now);
  const clock = passClock(at);
  const counts: PassCounts = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const seen = new Set<string>();
  for (;;) {
    const rows = (await due(db, outbox, at, wholeSeconds(clock()), options.batchSize ?? 20)).filter((r) => !seen.has(r.id));
    if (!rows.length) return counts;
    for (const r of rows) seen.add(r.id);
    const batch = (outbox.prepare ? await outbox.prepare(rows, db) : undefined) as B;
    await Promise.all(rows.map((row) => deliverOne(db, outbox, row, batch, at, options, counts, clock)));
    if (options.allDue === false) return counts;
  }
}

/**
 * Puts a FAILED row back to PENDING with its attempts reset, due at `at`, with the feature's
 * changes (`set`); false when it is not FAILED (any more): two clicks requeue it once.
 */
export async function requeueFailed<Row extends OutboxRow>(db: DataSource, table: OutboxTable<Row>, id: string, at: Date, set: QueryDeepPartialEntity<Row> = {}): Promise<boolean> {
  const result = await transaction(db, (tx) =>
    tx
      .createQueryBuilder()
      .update(table.entity)
      .set(values<Row>({ ...set, ...queued(table, at) }))
      .where({ id, status: table.statuses.failed } as FindOptionsWhere<Row>)
      .execute(),
  );
  return result.affected === 1;
}

/**
 * The worker inside the running service, for the subgraph's `background` hook: every `everyMs`
 * (0: not at all) one pass at a time (shared/platform/jobs.ts), the first after `firstAfterMs` (default
 * `everyMs`). `open` is called once when it starts and gives the pass and what to close at stop;
 * the returned stop waits for a pass in progress, then closes. `outbox.name` names the job and the
 * outbox in the service's metrics, whose `outbox_messages` reads the table's depth at each scrape
 * — also when the worker does not run, since that is when messages pile up.
 */
export function startOutboxWorker<Row extends OutboxRow>(
  outbox: { name: string; db: DataSource; table: OutboxTable<Row> },
  options: { everyMs: number; firstAfterMs?: number; onError: (err: unknown) => void },
  open: () => { pass: () => Promise<unknown>; close?: () => void },
): () => Promise<void> {
  currentServiceMetrics()?.watchOutbox(outbox.name, outbox.db, outbox.table);
  if (!options.everyMs) return async () => undefined;
  const { pass, close } = open();
  const stop = startPeriodicJob(
    outbox.name,
    async () => {
      await pass();
    },
    { everyMs: options.everyMs, firstAfterMs: options.firstAfterMs ?? options.everyMs, onError: options.onError },
  );
  return async () => {
    await stop();
    close?.();
  };
}
