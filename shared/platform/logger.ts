import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { currentTraceId } from './tracing';

export type { Logger };

/**
 * Structured JSON logs (pino); one logger per service. A line written during a request carries
 * the request's `traceId` (shared/platform/tracing.ts), the id its error responses show.
 */
export function createLogger(config: Config, service: string): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service },
    redact: ['req.headers.authorization', 'req.headers["x-gateway-identity"]'],
    mixin: () => {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
  };
  return config.logStream ? pino(options, config.logStream) : pino(options);
}
