import type { AddressInfo } from 'node:net';
import { loadConfig } from '../shared/platform/config';
import { createLogger } from '../shared/platform/logger';
import { ServiceMetrics } from '../shared/platform/metrics';
import { createHttpApp } from '../shared/platform/server';

/**
 * The request lines (shared/platform/request-log.ts) through real HTTP: the level says whether
 * anything was wrong, and a request that went well writes nothing at the default level. (GraphQL
 * errors at info: test/tracing.test.ts, through the federation.)
 */

type Line = { level: number; msg: string; res?: { statusCode: number }; req?: { url: string }; responseTime?: number };

async function serve(logLevel: string, slowRequestMs = 1000) {
  const lines: Line[] = [];
  const config = { ...loadConfig({ NODE_ENV: 'test' }), logLevel, slowRequestMs, logStream: { write: (line: string) => lines.push(JSON.parse(line) as Line) } };
  const app = createHttpApp(config, createLogger(config, 'gateway'), new ServiceMetrics('gateway'), async () => null);
  app.get('/fine', (_req, res) => void res.json({ ok: true }));
  app.get('/broken', (_req, res) => void res.status(500).json({ ok: false }));
  app.get('/refused', (_req, res) => void res.status(403).json({ ok: false }));
  app.get('/slow', (_req, res) => void setTimeout(() => res.json({ ok: true }), 60));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The line is written when the response ends: wait for it rather than for the client's read.
  const get = async (path: string) => {
    const before = lines.length;
    await (await fetch(`${base}${path}`)).text();
    for (let i = 0; i < 50 && lines.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { lines, get, close: () => server.close() };
}

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;

describe('request lines', () => {
  it('are written at error for a 5xx, warn for a 4xx, info when slow, debug otherwise', async () => {
    const s = await serve('debug', 50);
    try {
      for (const path of ['/fine', '/broken', '/refused', '/slow', '/health']) await s.get(path);
      expect(s.lines.map((l) => [l.req?.url, l.level, l.res?.statusCode, l.msg])).toEqual([
        ['/fine', DEBUG, 200, 'request completed'],
        ['/broken', ERROR, 500, 'request completed'],
        ['/refused', WARN, 403, 'request completed'],
        ['/slow', INFO, 200, 'request completed'],
      ]);
      expect(s.lines[3].responseTime).toBeGreaterThanOrEqual(50);
    } finally {
      s.close();
    }
  });

  it('write nothing at the default level for a request that went well, and the line of one that did not', async () => {
    const s = await serve('info');
    try {
      await s.get('/fine');
      await s.get('/refused');
      expect(s.lines.map((l) => [l.req?.url, l.level])).toEqual([['/refused', WARN]]);
    } finally {
      s.close();
    }
  });
});
