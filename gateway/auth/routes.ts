import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { GraphQLError } from 'graphql';
import type { Identity } from '../../shared/platform/auth';
import type { Logger } from '../../shared/platform/logger';
import { TooManyAttempts, type AuthService, type Client } from './service';

/**
 * The identity store's HTTP interface, mounted at /auth (docs/auth.md): JSON in, JSON out, errors
 * as `{ errors: [{ message, extensions: { code } }] }` like /graphql. Nothing here logs a body:
 * passwords, PINs, codes and refresh tokens never reach the log.
 */

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 };

function sendError(res: Response, err: unknown, log: Logger): void {
  if (err instanceof TooManyAttempts) {
    res.setHeader('retry-after', String(err.retryAfter));
    res.status(429).json({ errors: [{ message: err.message, extensions: { code: 'TOO_MANY_ATTEMPTS', retryAfter: err.retryAfter } }] });
    return;
  }
  if (err instanceof GraphQLError && typeof err.extensions.code === 'string' && STATUS[err.extensions.code]) {
    const { http: _http, ...extensions } = err.extensions;
    res.status(STATUS[err.extensions.code]).json({ errors: [{ message: err.message, extensions }] });
    return;
  }
  // Name, message and stack only: a driver error's parameters could hold a hash.
  const e = err instanceof Error ? err : new Error(String(err));
  log.error({ err: { name: e.name, message: e.message, stack: e.stack } }, 'auth request failed');
  res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}

export function authRouter(options: { service: AuthService; identify: (req: Request) => Promise<Identity>; limiter: RequestHandler; bodyLimit: string; log: Logger }): Router {
  const { service, identify, log } = options;
  const router = express.Router();
  router.use(options.limiter, express.json({ limit: options.bodyLimit }));
  router.use((_req, res, next) => {
    // Tokens and one-time secrets: never cached by a browser or a proxy.
    res.setHeader('cache-control', 'no-store');
    next();
  });

  const client = (req: Request): Client => ({ address: req.ip ?? 'unknown', userAgent: req.header('user-agent') ?? '' });
  const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});
  /** Runs `work`, answering its value as JSON with `status` (204: no body). */
  const handle =
    (status: number, work: (req: Request) => Promise<unknown>) =>
    (req: Request, res: Response, _next: NextFunction): void => {
      work(req).then(
        (value) => (status === 204 ? res.status(204).end() : res.status(status).json(value)),
        (err: unknown) => sendError(res, err, log),
      );
    };
  const id = (req: Request): string => String(req.params.id);

  router.post(
    '/login',
    handle(200, (req) => service.login(body(req), client(req))),
  );
  router.post(
    '/refresh',
    handle(200, (req) => service.refresh(body(req), client(req))),
  );
  router.post(
    '/logout',
    handle(200, async (req) => {
      await service.logout(body(req));
      return { ok: true };
    }),
  );
  // Outside production: the demo accounts to try (docs/auth.md); NOT_FOUND in production.
  router.get(
    '/demo-accounts',
    handle(200, async () => ({ accounts: await service.demoAccounts() })),
  );
  router.get(
    '/me',
    handle(200, async (req) => service.me(await identify(req))),
  );
  router.get(
    '/sign-ins',
    handle(200, async (req) => ({ signIns: await service.signIns(await identify(req)) })),
  );
  router.post(
    '/password',
    handle(200, async (req) => {
      await service.changeOwnSecret(await identify(req), body(req), client(req));
      return { ok: true };
    }),
  );
  router.post(
    '/reset/request',
    handle(202, async (req) => {
      await service.requestReset(body(req), client(req));
      return { ok: true };
    }),
  );
  router.post(
    '/reset/confirm',
    handle(200, async (req) => {
      await service.confirmReset(body(req), client(req));
      return { ok: true };
    }),
  );
  router.post(
    '/accounts',
    handle(201, async (req) => service.createAccount(await identify(req), body(req))),
  );
  router.get(
    '/accounts/:id',
    handle(200, async (req) => service.publicAccountOf(await identify(req), id(req))),
  );
  router.post(
    '/accounts/:id/disable',
    handle(200, async (req) => service.setDisabled(await identify(req), id(req), true)),
  );
  router.post(
    '/accounts/:id/enable',
    handle(200, async (req) => service.setDisabled(await identify(req), id(req), false)),
  );
  router.post(
    '/accounts/:id/reset',
    handle(200, async (req) => service.adminReset(await identify(req), id(req))),
  );
  // Anything else under /auth: a coded 404, not Express's HTML page.
  router.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'No such sign-in endpoint', extensions: { code: 'NOT_FOUND' } }] });
  });
  return router;
}
