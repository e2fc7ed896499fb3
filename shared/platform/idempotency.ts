import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import {
  Column,
  Entity,
  Index,
  LessThan,
  PrimaryColumn,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { Arg } from 'type-graphql';
import type { Identity } from './auth';
import { isUniqueViolation, transaction } from './database';
import { BadUserInputError, NotFoundError } from './errors';
import type { Feature } from './subgraph';

/**
 * Idempotency keys of create mutations: a client that did not hear the answer (a timeout, a
 * dropped connection, a phone that went into a tunnel) sends the same mutation again with the same
 * `idempotencyKey` and gets the first outcome back, never a second loan, registration or payment.
 *
 * The key is claimed by the create's own transaction, as its first write, and the created row's id
 * recorded as its last: a create that fails leaves no key behind (the retry runs it afresh), one
 * that succeeds cannot lose its key. Two retries racing with one key: the second waits on the
 * first's key row (MySQL's unique index; SQLite runs one transaction at a time), then finds the
 * key taken and answers the first outcome. Keys are per caller (a token's subject), kept for
 * IDEMPOTENCY_KEY_RETENTION_HOURS, and bound to the request: the same key with other arguments is
 * refused (BAD_USER_INPUT on `idempotencyKey`).
 */

/** What the argument of every create mutation says about itself. */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  'A key the client chooses for this request (1–100 printable ASCII characters, e.g. a UUID), unique for the caller: ' +
  'sending the mutation again with the same key and arguments returns the first outcome instead of creating a second one ' +
  '(a retry after a timeout is safe). Remembered for IDEMPOTENCY_KEY_RETENTION_HOURS (48 h); the same key with other arguments is refused';

/** The `idempotencyKey` argument of a create mutation (nullable String, described once). */
export const IdempotencyKeyArg = () => Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });

const KEY_PATTERN = /^[\x21-\x7e]{1,100}$/;

@Entity('idempotency_key')
@Index('IDX_idempotency_key_created', ['createdAt'])
export class IdempotencyKey {
  /** The token's subject (`sub`): keys of different callers never meet. */
  @PrimaryColumn({ type: 'varchar', length: 150 })
  caller!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  clientKey!: string;

  /** The mutation's name. */
  @Column({ type: 'varchar', length: 80 })
  operation!: string;

  /** SHA-256 of the arguments, canonical JSON: the same key with other arguments is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  /** The id of what the first request created (written in its transaction, with the row). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  resultId!: string | null;

  @Column({ type: 'datetime' })
  createdAt!: Date;
}

/** The table in every subgraph's database (each subgraph's migrations/index.ts lists the migration). */
export const idempotencyFeature: Feature = { entities: [IdempotencyKey], resolvers: [] };

/** One create mutation's call, as `once` needs it. */
export interface IdempotentCall<T> {
  /** As the client sent it; absent, the mutation runs as any other. */
  key: string | null | undefined;
  /** The mutation's name. */
  operation: string;
  /** The arguments the key stands for (the key itself excluded). */
  args: unknown;
  /** The id to remember for what the call created. */
  idOf(result: T): string;
  /** What the first call created, read again by that id (null: it is gone since). */
  replay(id: string): Promise<T | null>;
}

/** Thrown inside the transaction when the key is taken: it rolls back, then the first outcome is read. */
class KeyTaken extends Error {}

/**
 * A create mutation made safe to retry: `earlier()` before the mutation's checks (a retry must not
 * be refused because the first call already lent the copy), `transaction(work)` instead of
 * database.ts `transaction` for its one write transaction.
 */
export class Idempotency<T> {
  private readonly caller: string;
  private readonly hash: string;

  constructor(
    private readonly db: DataSource,
    identity: Identity,
    private readonly call: IdempotentCall<T>,
  ) {
    if (call.key != null && !KEY_PATTERN.test(call.key)) {
      throw new BadUserInputError('idempotencyKey', 'An idempotency key is 1 to 100 printable ASCII characters without spaces (a UUID, say)');
    }
    this.caller = identity.sub;
    this.hash = createHash('sha256')
      .update(stringify(call.args ?? null) ?? 'null')
      .digest('hex');
  }

  /** The first call's outcome when this key was used before by this caller, else undefined. */
  async earlier(): Promise<T | undefined> {
    if (this.call.key == null) return undefined;
    const row = await this.db.getRepository(IdempotencyKey).findOneBy({ caller: this.caller, clientKey: this.call.key });
    return row ? this.outcomeOf(row) : undefined;
  }

  /** Runs `work` in a transaction that claims the key first and records the outcome's id last. */
  async transaction(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const key = this.call.key;
    if (key == null) return transaction(this.db, work);
    try {
      return await transaction(this.db, async (tx) => {
        const repo = tx.getRepository(IdempotencyKey);
        try {
          await repo.insert({ caller: this.caller, clientKey: key, operation: this.call.operation, requestHash: this.hash, resultId: null, createdAt: new Date() });
        } catch (err) {
          if (isUniqueViolation(err)) throw new KeyTaken();
          throw err;
        }
        const result = await work(tx);
        await repo.update({ caller: this.caller, clientKey: key }, { resultId: this.call.idOf(result) });
        return result;
      });
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      // A retry that raced the first call with the same key: the first has committed by now.
      const row = await this.db.getRepository(IdempotencyKey).findOneByOrFail({ caller: this.caller, clientKey: key });
      return this.outcomeOf(row);
    }
  }

  /** The common case: what the call creates is one row of `entity`, remembered and read again by its id. */
  static ofRow<E extends { id: string }>(db: DataSource, identity: Identity, entity: EntityTarget<E>, call: Pick<IdempotentCall<E>, 'key' | 'operation' | 'args'>): Idempotency<E> {
    return new Idempotency<E>(db, identity, { ...call, idOf: (row) => row.id, replay: (id) => db.getRepository(entity).findOneBy({ id } as FindOptionsWhere<E>) });
  }

  private async outcomeOf(row: IdempotencyKey): Promise<T> {
    if (row.operation !== this.call.operation || row.requestHash !== this.hash) {
      throw new BadUserInputError('idempotencyKey', `This idempotency key was used for another request (${row.operation} with other arguments): use a new key for a new request`);
    }
    const result = row.resultId == null ? null : await this.call.replay(row.resultId);
    if (result == null) throw new NotFoundError(`What ${row.operation} created with this idempotency key`, row.resultId ?? '');
    return result;
  }
}

/** Deletes the keys older than the retention (a periodic job of every subgraph); returns how many. */
export async function purgeIdempotencyKeys(db: DataSource, retentionHours: number, now = new Date()): Promise<number> {
  const result = await db.getRepository(IdempotencyKey).delete({ createdAt: LessThan(new Date(now.getTime() - retentionHours * 3_600_000)) });
  return result.affected ?? 0;
}

/** The idempotency_key table, for both backends (every subgraph lists it in its migrations). */
export class IdempotencyKeys1796660000000 implements MigrationInterface {
  name = 'IdempotencyKeys1796660000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'better-sqlite3') {
      await queryRunner.query(
        'CREATE TABLE `idempotency_key` (`caller` varchar(150) NOT NULL, `clientKey` varchar(100) NOT NULL, `operation` varchar(80) NOT NULL, `requestHash` varchar(64) NOT NULL, `resultId` varchar(100) NULL, `createdAt` datetime NOT NULL, INDEX `IDX_idempotency_key_created` (`createdAt`), PRIMARY KEY (`caller`, `clientKey`)) ENGINE=InnoDB',
      );
    } else {
      await queryRunner.query(
        'CREATE TABLE "idempotency_key" ("caller" varchar(150) NOT NULL, "clientKey" varchar(100) NOT NULL, "operation" varchar(80) NOT NULL, "requestHash" varchar(64) NOT NULL, "resultId" varchar(100), "createdAt" datetime NOT NULL, PRIMARY KEY ("caller", "clientKey"))',
      );
      await queryRunner.query('CREATE INDEX "IDX_idempotency_key_created" ON "idempotency_key" ("createdAt") ');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_key');
  }
}
