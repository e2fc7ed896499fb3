import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { currentTraceId } from './tracing';

/** The codes a client may see. Anything else is masked as INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'SERVICE_UNAVAILABLE', // the gateway: a subgraph is down or too slow (named, never its address)
  // Request limits (docs/security.md, "Security limits"):
  'PAYLOAD_TOO_LARGE', // a request body over BODY_LIMIT (or a subgraph's SUBGRAPH_BODY_LIMIT)
  'QUERY_TOO_LARGE', // a query text over MAX_QUERY_BYTES, or a document with more than MAX_QUERY_FIELDS fields
  'QUERY_TOO_COSTLY', // a query whose static cost passes MAX_QUERY_COST (with extensions.cost and maxCost)
  'RESPONSE_TOO_LARGE', // an answer (or a subgraph's answer) over MAX_RESPONSE_BYTES
  'RATE_LIMITED',
]);

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'SERVICE_UNAVAILABLE';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, httpStatus?: number) {
    super(message, { extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
  }
}

export class BadUserInputError extends AppError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', message, { field });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} was not found`, { id });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** CONFLICT with a machine-readable reason (LICENCE_LIMIT, ALREADY_REGISTERED, BUDGET_EXCEEDED …). */
export class StateConflict extends AppError {
  constructor(reason: string, message: string, extra: Record<string, unknown> = {}) {
    super('CONFLICT', message, { reason, ...extra });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not do this') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to do this', httpStatus?: number) {
    super('UNAUTHENTICATED', message, {}, httpStatus);
  }
}

interface Violation {
  /** `reason`; a field of an input object by its own name (`title`); in a list, `lines.0.copies`. */
  field: string;
  message: string;
}

/** Every broken rule, field by field in the order class-validator reports them; a message once per field. */
function violations(errors: ValidationError[], prefix = ''): Violation[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = [...new Set(Object.values(e.constraints ?? {}))].map((message) => ({ field, message }));
    return [...own, ...violations(e.children ?? [], field)];
  });
}

/**
 * An argument that breaks a class-validator rule of its @ArgsType/@InputType: BAD_USER_INPUT with
 * every rule broken in the message (each names its field), `field` the first field and `fields`
 * all of them.
 */
function argumentValidationError(error: ArgumentValidationError, formatted: GraphQLFormattedError): GraphQLFormattedError {
  const found = violations(error.extensions.validationErrors);
  return {
    message: found.length ? [...new Set(found.map((v) => v.message))].join('; ') : 'Invalid input',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'BAD_USER_INPUT', field: found[0]?.field, fields: [...new Set(found.map((v) => v.field))] },
  };
}

/**
 * The driver's codes for a database that cannot be reached or cannot take the request now — not
 * a bug of ours, and worth a retry: connection refused, reset or lost, a connect that timed out,
 * the server out of connections or shutting down (mysql2 / MariaDB), a database file locked past
 * its busy timeout (better-sqlite3).
 */
const DATABASE_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  // A Galera node not (yet) part of the primary component: "WSREP has not yet prepared node for application use".
  'ER_UNKNOWN_COM_ERROR',
  // Every node of a multi-node DATABASE_URL refused its last connect (shared/platform/database-nodes.ts).
  'POOL_NONEONLINE',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);

/**
 * True when `err` (a driver error, or an error around one, however deeply wrapped) says the database is unavailable rather than that the statement is wrong.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = e.code;
    if (typeof code === 'string' && DATABASE_UNAVAILABLE_CODES.has(code)) return true;
    // mysql2 on a pooled connection its server dropped (no code).
    if (typeof e.message === 'string' && /connection is in closed state|Pool is closed/i.test(e.message)) return true;
    // TypeORM's QueryFailedError, GraphQL's wrappers, graphql-js's NonErrorThrown (mysql2's pool
    // rejects a failed connect with a plain object).
    e = (e.driverError ?? e.originalError ?? e.cause ?? e.thrownValue) as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * Shapes an error for a client: our own codes pass through, class-validator failures become
 * BAD_USER_INPUT with the offending field, a database that cannot be reached SERVICE_UNAVAILABLE
 * (retryable; naming `service`, never the database's address), anything else is logged and masked.
 * Inside a request every error carries `extensions.traceId`.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (err: unknown) => void, service?: string): GraphQLFormattedError {
  const shaped = shapeError(formatted, error, log, service);
  // The request's trace id, so that a complaint ("the error said trace 4bf9…") leads to its trace and log lines.
  const traceId = currentTraceId();
  return traceId ? { ...shaped, extensions: { ...shaped.extensions, traceId } } : shaped;
}

function shapeError(formatted: GraphQLFormattedError, error: unknown, log: (err: unknown) => void, service?: string): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof ArgumentValidationError) return argumentValidationError(original, formatted);
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
    const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log(error);
  if (isDatabaseUnavailable(original)) {
    return {
      message: `The ${service ? `${service} ` : ''}database is unavailable; try again shortly`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'SERVICE_UNAVAILABLE', ...(service ? { service } : {}) },
    };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
