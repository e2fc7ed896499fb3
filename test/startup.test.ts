import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { startGateway } from '../gateway/gateway';
import { StartupError } from '../shared/platform/config';
import { sqliteOpenError } from '../shared/platform/database';
import { ASYNC_CONTEXT_FRAME_FLAG, asyncContextFrameCommand } from '../shared/platform/async-context';
import { startSubgraph } from '../shared/platform/server';
import { subgraphByName } from '../subgraphs';
import { loadSubgraph } from '../subgraphs/load';
import { testConfig } from './helpers/federation';

/** What a newcomer meets when a start fails: one line that says what to change, no stack. */

/** A port some other program holds. */
async function occupiedPort(): Promise<{ port: number; close(): Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as net.AddressInfo).port, close: () => new Promise((resolve) => holder.close(() => resolve())) };
}

describe('a start on a port already in use', () => {
  let held: Awaited<ReturnType<typeof occupiedPort>>;
  beforeAll(async () => {
    held = await occupiedPort();
  });
  afterAll(() => held.close());

  it('names the gateway and GATEWAY_PORT', async () => {
    const start = startGateway(testConfig('sqlite'), { port: held.port });
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(`gateway: port ${held.port} is in use — set GATEWAY_PORT to another port`);
  });

  it('names the subgraph and its variable (STAFF_DEVELOPMENT_PORT …)', async () => {
    const start = startSubgraph(subgraphByName('staff-development'), testConfig('sqlite'), { port: held.port, seed: false, background: false });
    await expect(start).rejects.toThrow(`staff-development: port ${held.port} is in use — set STAFF_DEVELOPMENT_PORT to another port`);
  });

  it('is printed by main.ts as that one line, without a stack, and exits 1', () => {
    const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'main.ts', 'gateway'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test', GATEWAY_PORT: String(held.port) },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`gateway: port ${held.port} is in use — set GATEWAY_PORT to another port`);
  });
});

describe('a better-sqlite3 built for another Node.js', () => {
  // Node's own words when a native module's ABI does not match (ERR_DLOPEN_FAILED).
  const dlopenFailed = Object.assign(
    new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
        'was compiled against a different Node.js version using\n' +
        'NODE_MODULE_VERSION 115. This version of Node.js requires\n' +
        'NODE_MODULE_VERSION 127. Please try re-compiling or re-installing\n' +
        'the module (for instance, using `npm rebuild` or `npm install`).',
    ),
    { code: 'ERR_DLOPEN_FAILED' },
  );

  it('says in one line to run npm rebuild better-sqlite3', () => {
    const mapped = sqliteOpenError(dlopenFailed);
    expect(mapped).toBeInstanceOf(StartupError);
    expect((mapped as Error).message).toMatch(/^better-sqlite3 was built for another Node\.js version .*: run `npm rebuild better-sqlite3`$/);
    expect((mapped as Error).message).not.toContain('\n');
  });

  it('says the same when the module was never built', () => {
    const mapped = sqliteOpenError(new Error('Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node'));
    expect((mapped as Error).message).toMatch(/npm rebuild better-sqlite3/);
  });

  it('leaves any other error as it was', () => {
    const other = new Error('SQLITE_CANTOPEN: unable to open database file');
    expect(sqliteOpenError(other)).toBe(other);
  });
});

describe("the compiled start on Node 22's cheaper AsyncLocalStorage", () => {
  const node = (major: number, execArgv: string[] = [], NODE_OPTIONS?: string) => ({
    execPath: '/usr/bin/node',
    execArgv,
    argv: ['/usr/bin/node', '/app/dist/main.js', 'collections'],
    env: NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS },
    versions: { node: `${major}.1.0` } as NodeJS.ProcessVersions,
  });

  it('runs the same command again with the flag on Node 22, and not when the flag is given or the Node is 24 or later', () => {
    expect(asyncContextFrameCommand(node(22, ['--enable-source-maps']))).toEqual([
      '/usr/bin/node',
      ASYNC_CONTEXT_FRAME_FLAG,
      '--enable-source-maps',
      '/app/dist/main.js',
      'collections',
    ]);
    expect(asyncContextFrameCommand(node(22, [ASYNC_CONTEXT_FRAME_FLAG]))).toBeNull();
    expect(asyncContextFrameCommand(node(22, [], '--max-old-space-size=512 --no-experimental-async-context-frame'))).toBeNull();
    expect(asyncContextFrameCommand(node(26))).toBeNull();
  });

  it('is the same process afterwards (same pid), with the flag where its Node needs it, and keeps a store across awaits', () => {
    const script = `
      require('./shared/platform/async-context').runOnAsyncContextFrame();
      const { AsyncLocalStorage } = require('node:async_hooks');
      const als = new AsyncLocalStorage();
      als.run('kept', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        console.log(JSON.stringify({ pid: process.pid, flags: process.execArgv.filter((a) => a.endsWith('async-context-frame')), store: als.getStore() }));
      });`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout) as { pid: number; flags: string[]; store: string };
    expect(seen).toEqual({ pid: run.pid, flags: Number(process.versions.node.split('.')[0]) < 24 ? [ASYNC_CONTEXT_FRAME_FLAG] : [], store: 'kept' });
  });
});

describe('a start of some subgraphs', () => {
  it("loads those subgraphs' code and not the others' (each thread's heap carries what it loads)", () => {
    const script = `
      require('reflect-metadata');
      const def = require('./subgraphs/load').loadSubgraph('partnerships');
      const loaded = (name) => Object.keys(require.cache).some((f) => f.includes('/subgraphs/' + name + '/'));
      console.log(JSON.stringify({ name: def.name, loaded: ['staff-development', 'collections', 'community-events', 'partnerships'].filter(loaded) }));`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({ name: 'partnerships', loaded: ['partnerships'] });
  });

  it('refuses a name the registry does not know, naming the ones it does', () => {
    expect(() => loadSubgraph('catalogue')).toThrow('Unknown subgraph catalogue; known: staff-development, collections, community-events, partnerships');
  });
});
