import type { Logger } from './logger';
import { pathOf, type PlainHandler } from './plain-http';
import { requestNotes } from './tracing';

/** Probes and scrapes are never logged. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * One compact line per HTTP request, written when the response ends, at a level that says whether
 * anything was wrong: `error` for a 5xx; `warn` for a 4xx or a client gone before its answer;
 * `info` for an answer carrying GraphQL errors (their codes in `graphqlErrors`, noted by the
 * tracing plugin) or one slower than SLOW_REQUEST_MS; `debug` for the rest. At the default level
 * (info) a request that went well costs a timestamp: the contract query makes seven requests
 * across the services, and pino-http built and serialised a child logger for each whatever the
 * level (#19's profile). No headers (tokens stay out of the logs); the trace id comes with every
 * line (logger.ts).
 */
export function requestLog(log: Logger, slowMs: number): PlainHandler {
  return (req, res, next) => {
    if (QUIET_PATHS.has(pathOf(req))) return next();
    // Read now: a router mounted on a path shortens req.url while it answers.
    const url = req.url;
    const started = performance.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const responseTime = Math.round(performance.now() - started);
      const notes = requestNotes();
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 || !res.writableFinished ? 'warn' : notes?.errorCodes || responseTime >= slowMs ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      log[level](
        {
          req: { method: req.method, url, remoteAddress: req.socket.remoteAddress },
          res: { statusCode: status },
          responseTime,
          ...(notes?.errorCodes ? { graphqlErrors: notes.errorCodes } : {}),
        },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
