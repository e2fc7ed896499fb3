import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs (pino); one child logger per service. */
export function createLogger(config: Config, service: string): Logger {
  return pino({ level: config.logLevel, base: { service }, redact: ['req.headers.authorization', 'req.headers["x-gateway-identity"]'] });
}
