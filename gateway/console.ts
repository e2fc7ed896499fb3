import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * The government console: a static page at `/console` that reads everything through
 * `/graphql` and the `/reports` exports with the analyst's bearer token. The gateway only serves
 * files; the page holds no data of its own, so it needs no authentication to load.
 */

/**
 * Only this origin's files, no inline script or style, no framing, fetches to this origin only
 * (the token is sent nowhere else). Chart.js 4 draws on canvas and sets sizes through the CSSOM,
 * which style-src does not govern, so it runs under this policy unchanged.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page's files. Next to this module when run from source (ts-node, jest); the TypeScript
 * build does not copy them, so a build must put them at `dist/gateway/console` as well.
 */
export function consoleDirectory(): string {
  const candidates = [path.join(__dirname, 'console'), path.resolve(__dirname, '..', '..', 'gateway', 'console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0];
}

/** Chart.js's browser build (UMD: a `Chart` global, no import map needed under the CSP). */
function chartJsFile(): string {
  // The package's exports name only its entry points, so resolve the entry and go next to it.
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** `/console` (the page), `/console/<asset>` and `/console/vendor/chart.umd.min.js`. */
export function consoleRouter(): Router {
  const router = Router();
  const dir = consoleDirectory();
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', CONSOLE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    next();
  });
  router.get('/vendor/chart.umd.min.js', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type('text/javascript').sendFile(chartJsFile());
  });
  // Revalidated on every load, so a new release's page and assets are picked up at once.
  const noCache = (res: express.Response) => res.setHeader('cache-control', 'no-cache');
  // `/console` and `/console/` alike (serve-static would redirect or skip the bare path).
  router.get('/', (_req, res) => {
    noCache(res);
    res.sendFile(path.join(dir, 'index.html'));
  });
  router.use(express.static(dir, { index: false, redirect: false, dotfiles: 'ignore', setHeaders: noCache }));
  router.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  return router;
}
