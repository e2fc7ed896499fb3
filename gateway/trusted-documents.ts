import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { StartupError } from '../shared/platform/config';

/**
 * Trusted documents for first-party apps (docs/api.md, "Persisted queries and trusted documents").
 *
 * A registered client is one whose manifest lies in TRUSTED_DOCUMENTS_DIR: `<client>.json` in Apollo's
 * persisted query manifest format, generated from the app's source (`npm run persisted:manifest`
 * makes `persisted/console.json` from gateway/console/console.js). A request naming a registered
 * client in `apollographql-client-name` and sending the hash of one of its operations
 * (`extensions.persistedQuery.sha256Hash`) runs that operation's body from the manifest: the text
 * never comes from the request. With TRUSTED_DOCUMENTS=enforce (production's default) such a
 * client may run nothing else: any other request naming it is refused with HTTP 400
 * `PERSISTED_QUERY_NOT_ALLOWED`. A request naming no client, or a client without a manifest,
 * keeps arbitrary queries (and automatic persisted queries) under the gateway's limits.
 *
 * Either way the operation then goes through Apollo Server as any other: every validation rule
 * (depth, aliases, cost), the caller's token and the subgraphs' access checks.
 *
 * This middleware also refuses, with a coded 400 BAD_USER_INPUT, a persisted-query extension Apollo
 * Server would answer with an uncoded error: a hash that is not the sha256 of the text sent with it,
 * or a version other than 1.
 */

export const CLIENT_NAME_HEADER = 'apollographql-client-name';
export const CLIENT_VERSION_HEADER = 'apollographql-client-version';
export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

export type TrustedDocumentsMode = 'enforce' | 'off';

export interface ManifestOperation {
  /** sha256 of `body`, in hex: the hash a client sends. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted query manifest (the format of @apollo/generate-persisted-query-manifest). */
export interface PersistedQueryManifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  operations: ManifestOperation[];
}

export interface TrustedClient {
  name: string;
  /** The first 16 hex digits of the manifest's sha256: which set of operations this is. */
  version: string;
  /** Operation id → operation. */
  operations: Map<string, ManifestOperation>;
}

export const sha256Hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const HASH = /^[0-9a-f]{64}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a manifest's shape and that every id is its body's sha256 (a hand-edited body would run under a stale id). */
export function parseManifest(json: string, source: string): PersistedQueryManifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(json);
  } catch (err) {
    throw new StartupError(`Trusted documents: ${source} is not JSON (${(err as Error).message})`);
  }
  if (!isObject(manifest) || manifest.format !== MANIFEST_FORMAT || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new StartupError(`Trusted documents: ${source} is not an ${MANIFEST_FORMAT}, version 1`);
  }
  for (const op of manifest.operations as unknown[]) {
    if (
      !isObject(op) ||
      typeof op.id !== 'string' ||
      typeof op.name !== 'string' ||
      typeof op.body !== 'string' ||
      !['query', 'mutation', 'subscription'].includes(op.type as string)
    ) {
      throw new StartupError(`Trusted documents: ${source} has an operation without id, name, type and body`);
    }
    if (op.id !== sha256Hex(op.body)) throw new StartupError(`Trusted documents: ${source}: the id of ${op.name} is not the sha256 of its body`);
  }
  return manifest as unknown as PersistedQueryManifest;
}

/** The registered clients: one per `<client>.json` in `dir` (none when the folder does not exist). */
export function loadTrustedClients(dir: string): Map<string, TrustedClient> {
  const clients = new Map<string, TrustedClient>();
  if (!fs.existsSync(dir)) return clients;
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const name = file.slice(0, -'.json'.length);
    if (!CLIENT_NAME.test(name)) throw new StartupError(`Trusted documents: ${file} in ${dir}: a client's name is letters, digits, ".", "_" and "-"`);
    const json = fs.readFileSync(path.join(dir, file), 'utf8');
    const manifest = parseManifest(json, path.join(dir, file));
    clients.set(name, {
      name,
      version: sha256Hex(json).slice(0, 16),
      operations: new Map(manifest.operations.map((op) => [op.id, op])),
    });
  }
  return clients;
}

/** What a client's page reads to send its operations by hash: its version and operation name → id. */
export function clientOperations(client: TrustedClient): { client: string; version: string; operations: Record<string, string> } {
  return {
    client: client.name,
    version: client.version,
    operations: Object.fromEntries([...client.operations.values()].map((op) => [op.name, op.id])),
  };
}

function refuse(res: Parameters<RequestHandler>[1], code: string, message: string, extensions: Record<string, unknown> = {}) {
  res.status(400).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** A GET request's `extensions` parameter (JSON), or undefined when absent or not JSON (Apollo then refuses it). */
function getExtensions(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * In front of Apollo Server at /graphql, after the JSON body parser: resolves a registered
 * client's operations from its manifest and, when `mode` is `enforce`, refuses anything else
 * that client sends.
 */
export function trustedDocuments(clients: Map<string, TrustedClient>, mode: TrustedDocumentsMode): RequestHandler {
  return (req, res, next) => {
    const isGet = req.method === 'GET';
    const body: unknown = req.body;
    const params = isGet ? (req.query as Record<string, unknown>) : isObject(body) ? body : undefined;
    const query = params?.query;
    const extensions = isGet ? getExtensions(params?.extensions) : params?.extensions;
    const persisted = isObject(extensions) ? extensions.persistedQuery : undefined;
    let hash: string | undefined;
    if (persisted !== undefined) {
      if (!isObject(persisted) || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string' || !HASH.test(persisted.sha256Hash)) {
        return refuse(res, 'BAD_USER_INPUT', 'extensions.persistedQuery must be { version: 1, sha256Hash: <64 lowercase hex digits> }', {
          field: 'extensions.persistedQuery',
        });
      }
      hash = persisted.sha256Hash;
      if (typeof query === 'string' && sha256Hex(query) !== hash) {
        return refuse(res, 'BAD_USER_INPUT', 'extensions.persistedQuery.sha256Hash is not the sha256 of the query sent with it', {
          field: 'extensions.persistedQuery.sha256Hash',
        });
      }
    }

    const name = req.header(CLIENT_NAME_HEADER);
    const client = name === undefined ? undefined : clients.get(name);
    if (!client) return next();
    const operation = hash === undefined ? undefined : client.operations.get(hash);
    if (operation && params) {
      // The manifest's body, and no persisted-query extension left for Apollo's APQ cache to register.
      const { persistedQuery: _registered, ...otherExtensions } = extensions as Record<string, unknown>;
      if (isGet) {
        const url = new URL(req.url, 'http://gateway');
        url.searchParams.set('query', operation.body);
        if (Object.keys(otherExtensions).length) url.searchParams.set('extensions', JSON.stringify(otherExtensions));
        else url.searchParams.delete('extensions');
        req.url = `${url.pathname}${url.search}`;
      } else {
        const { extensions: _sent, ...rest } = params;
        req.body = { ...rest, query: operation.body, ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}) };
      }
      return next();
    }
    if (mode === 'off') return next();
    refuse(
      res,
      'PERSISTED_QUERY_NOT_ALLOWED',
      `The ${client.name} client may run only its registered operations, sent by their hash (extensions.persistedQuery.sha256Hash); this request is not one of them`,
      { client: client.name },
    );
  };
}

/** `GET` of a client's `clientOperations` (no-cache: a new release's ids are read at once); 404 when the client is not registered. */
export function clientOperationsRoute(clients: Map<string, TrustedClient>, name: string): RequestHandler {
  return (_req, res) => {
    const client = clients.get(name);
    res.setHeader('cache-control', 'no-cache');
    if (!client) {
      res.status(404).json({ errors: [{ message: `No operations are registered for the ${name} client`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    res.json(clientOperations(client));
  };
}
