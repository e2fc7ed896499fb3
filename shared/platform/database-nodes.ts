import type mysql2 from 'mysql2';

/** Loaded on first use: only a database of several nodes needs it here. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysql = () => require('mysql2') as typeof mysql2;

/**
 * A database URL that lists several nodes (a Galera cluster): `mysql://user:pass@host1:3306,host2:3306/db`.
 * The nodes share the credentials, database and parameters; they are tried in the order given and
 * the next one is used while one is down, without a restart (docs/operations.md, "Galera").
 */

/** One URL per node of a DATABASE_URL (a single-node URL gives itself). */
export function nodeUrls(raw: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^@/?#]*)@)?([^/?#]*)(.*)$/i.exec(raw.trim());
  if (!match) return [raw];
  const [, scheme, auth, hosts, rest] = match;
  const nodes = hosts
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (nodes.length < 2) return [raw];
  return nodes.map((host) => `${scheme}${auth !== undefined ? `${auth}@` : ''}${host}${rest}`);
}

/** How long a node that refused a connection is skipped before it is tried again. */
export const NODE_RETRY_MS = 5_000;

type Callback<T> = (err: Error | null, value?: T) => void;

/**
 * mysql2's PoolCluster presented as the one pool TypeORM expects: ORDER picks the first node that
 * is online; a node whose connect fails is taken offline for NODE_RETRY_MS and the connect is retried
 * on the next (canRetry). Connections already open to a node that dies close with it, so the
 * transaction on one fails (SERVICE_UNAVAILABLE, retryable) and the next request connects to the
 * next node. When every node is down the last connect error (ECONNREFUSED …) is returned.
 */
function clusterPool(options: mysql2.PoolOptions, hosts: { host: string; port: number }[]) {
  const cluster = mysql().createPoolCluster({ defaultSelector: 'ORDER', canRetry: true, removeNodeErrorCount: 1, restoreNodeTimeout: NODE_RETRY_MS });
  hosts.forEach((h, i) => cluster.add(`node${i + 1}`, { ...options, host: h.host, port: h.port }));
  const pools = () => Object.values((cluster as unknown as { _nodes: Record<string, { pool: Record<string, { length: number } | undefined> }> })._nodes).map((n) => n.pool);
  const total = (field: string) => ({ length: pools().reduce((sum, p) => sum + (p[field]?.length ?? 0), 0) });
  return {
    getConnection: (cb: Callback<mysql2.PoolConnection>) => cluster.getConnection('node*', 'ORDER', cb as never),
    end: (cb?: (err?: Error | null) => void) => cluster.end(cb),
    on(event: string, listener: (...args: unknown[]) => void) {
      cluster.on(event, listener);
      return this;
    },
    // The pool gauges (database.ts poolUse) read these of one mysql2 pool: the sums over the nodes.
    get _allConnections() {
      return total('_allConnections');
    },
    get _freeConnections() {
      return total('_freeConnections');
    },
    get _connectionQueue() {
      return total('_connectionQueue');
    },
    config: { connectionLimit: (options.connectionLimit ?? 10) * hosts.length },
  };
}

/**
 * The mysql2 module as TypeORM's `driver` option, its createPool spanning `urls` (the nodes of one
 * database URL): TypeORM's own `replication` option fails over reads only, never the writes.
 */
export function failoverDriver(urls: string[]): typeof mysql2 {
  const hosts = urls.map((u) => {
    const url = new URL(u);
    return { host: url.hostname, port: Number(url.port || 3306) };
  });
  return { ...mysql(), createPool: (options: mysql2.PoolOptions) => clusterPool(options, hosts) } as unknown as typeof mysql2;
}
