import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { INTERNAL_HEADER, identityFromInternalToken, type Identity } from './auth';
import type { Config, SubgraphName } from './config';
import { isAllowedInternalOperation } from './internal-operations';
import type { Logger } from './logger';
import type { PlainHandler } from './plain-http';
import { currentTraceId } from './tracing';

/**
 * What fails outside GraphQL — a body over the limit, malformed or unreadable JSON, a route that
 * throws — in the API's error format, never a stack trace or a file path: 413 →
 * PAYLOAD_TOO_LARGE, other 4xx → BAD_REQUEST, anything else is logged and answered
 * INTERNAL_SERVER_ERROR without detail. `err` is shaped like body-parser's refusals.
 */
export function httpErrorAnswer(err: unknown, log: Logger): { status: number; body: { errors: { message: string; extensions: Record<string, unknown> }[] } } {
  const e = (err ?? {}) as { status?: number; statusCode?: number; type?: string; limit?: number };
  const status = Number(e.status ?? e.statusCode) || 500;
  let error: { message: string; extensions: Record<string, unknown> };
  if (status === 413) {
    error = { message: 'The request body is larger than this service accepts', extensions: { code: 'PAYLOAD_TOO_LARGE', ...(e.limit ? { maxBytes: e.limit } : {}) } };
  } else if (status >= 400 && status < 500) {
    const message = e.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request could not be read';
    error = { message, extensions: { code: 'BAD_REQUEST' } };
  } else {
    log.error({ err }, 'request failed outside GraphQL');
    error = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const traceId = currentTraceId();
  if (traceId) error.extensions.traceId = traceId;
  return { status: status >= 400 && status < 600 ? status : 500, body: { errors: [error] } };
}

/** An answer in the API's error format, `{ errors: [{ message, extensions: { code } }] }`. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

const isJson = (contentType: string | undefined) => !!contentType && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim());

/**
 * The body of a JSON request, at most `limit` bytes, parsed; other content types give undefined
 * (Apollo then answers 400). Fails like body-parser did — `{ status: 413, limit }` for a body too
 * large, `{ status: 400, type: 'entity.parse.failed' }` for one that is not JSON — so that
 * httpErrorAnswer words both as before.
 */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(Object.assign(new Error('request entity too large'), { status: 413, limit }));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      length += chunk.length;
      if (length > limit) {
        failed = true;
        reject(Object.assign(new Error('request entity too large'), { status: 413, limit }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      failed = true;
      reject(Object.assign(err, { status: 400 }));
    });
    req.on('end', () => {
      if (failed) return;
      if (!isJson(req.headers['content-type'])) return resolve(undefined);
      const text = Buffer.concat(chunks, length).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        reject(Object.assign(new Error('invalid JSON'), { status: 400, type: 'entity.parse.failed' }));
      }
    });
  });
}

/**
 * A subgraph's `/graphql` straight on node's http, without express (#19: express's router,
 * body-parser, `res.send`'s ETag hash and content negotiation were ~12 % of a subgraph's CPU on
 * every call, and none of it does anything for the gateway, the only caller). The guards are the
 * same as before, in the same order:
 *
 * 1. the gateway's proof (INTERNAL_HEADER), else 401 UNAUTHENTICATED;
 * 2. the JSON body within SUBGRAPH_BODY_LIMIT (above anything the gateway sends: a client's body
 *    plus the representations of its batched `_entities` calls, bounded by MAX_QUERY_COST;
 *    BODY_LIMIT is for clients, at the gateway), else 413 PAYLOAD_TOO_LARGE, and malformed JSON
 *    400 BAD_REQUEST;
 * 3. a SERVICE caller (another subgraph) runs only its registered internal operations, else 403 FORBIDDEN;
 * 4. Apollo Server's own request handling (CSRF prevention, GET and POST, its 400s and 405s).
 *
 * No CORS here: no browser calls a subgraph (the proof is the gateway's), and /health, /ready and
 * /metrics stay on the express app with it.
 */
export function subgraphGraphqlHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: { config: Config; service: SubgraphName; log: Logger; context: (identity: Identity) => Promise<TContext> },
): PlainHandler {
  const { config, service, log, context } = options;
  return (req, res) => {
    void (async () => {
      let identity: Identity;
      try {
        const proof = req.headers[INTERNAL_HEADER];
        identity = await identityFromInternalToken(Array.isArray(proof) ? proof[0] : proof, config);
      } catch (err) {
        sendJson(res, 401, { errors: [{ message: (err as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
        req.resume();
        return;
      }
      let body: unknown;
      try {
        body = req.method === 'POST' ? await readJsonBody(req, config.subgraphBodyLimit) : undefined;
      } catch (err) {
        const answer = httpErrorAnswer(err, log);
        // The rest of a body too large is not read: the connection closes after the answer.
        sendJson(res, answer.status, answer.body, answer.status === 413 ? { connection: 'close' } : {});
        return;
      }
      if (identity.role === 'SERVICE' && !isAllowedInternalOperation(service, identity.service, (body as { query?: unknown } | undefined)?.query)) {
        sendJson(res, 403, { errors: [{ message: 'A service may run only its registered internal operations', extensions: { code: 'FORBIDDEN' } }] });
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: q === -1 ? '' : url.slice(q), body },
        context: () => context(identity),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.setHeader('content-length', Buffer.byteLength(answer.body.string));
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch((err: unknown) => {
      const answer = httpErrorAnswer(err, log);
      if (!res.headersSent) sendJson(res, answer.status, answer.body);
      else res.destroy();
    });
  };
}
