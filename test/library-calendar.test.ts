import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AppError } from '../shared/platform/errors';
import { LibraryCalendarClient } from '../shared/domain/library-calendar';
import { libraryToday, todayAt } from '../shared/platform/time';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A door in front of the real staff-development: it passes requests on (`open`), holds them
 * without ever answering (`silent`: a service that hangs), or drops the connection (`down`).
 */
async function doorTo(target: string) {
  let mode: 'open' | 'silent' | 'down' = 'open';
  let requests = 0;
  const held = new Set<Socket>();
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests += 1;
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'silent') {
      held.add(req.socket);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'content-type' || k === 'x-gateway-identity')) as Record<string, string>;
    const passed = await fetch(target, { method: req.method, headers, body: Buffer.concat(chunks) });
    res.writeHead(passed.status, { 'content-type': passed.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await passed.arrayBuffer()));
  };
  const server = http.createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: () => requests,
    set(next: typeof mode) {
      mode = next;
      if (next !== 'silent') for (const socket of held) socket.destroy();
    },
    /** Resolves once `n` requests in all have arrived. */
    async arrived(n: number) {
      while (requests < n) await sleep(5);
    },
    async close() {
      for (const socket of held) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(BACKENDS)("a subgraph's cache of library calendars, on %s", (backend) => {
  let fed: Federation;
  let door: Awaited<ReturnType<typeof doorTo>>;
  /** A calendar client of collections that reaches staff-development through the door. */
  const client = (ttlMs = 5 * 60_000, internalCallTimeoutMs = 10 * 60_000) =>
    new LibraryCalendarClient({ ...fed.config, internalCallTimeoutMs, subgraphUrls: { ...fed.config.subgraphUrls, 'staff-development': door.url } }, 'collections', ttlMs);

  beforeAll(async () => {
    fed = await startFederation(backend);
  });
  afterAll(async () => {
    await fed?.stop();
  });
  beforeEach(async () => {
    door = await doorTo(fed.subgraphs['staff-development'].url);
  });
  afterEach(async () => {
    await door.close();
  });

  it('serves an expired calendar at once while staff-development does not answer, and keeps serving it when it is down', async () => {
    const calendars = client(50);
    const fresh = await calendars.get('kupang');
    expect(fresh).toMatchObject({ id: 'kupang', timezone: 'Asia/Makassar' });
    expect(door.requests()).toBe(1);

    door.set('silent');
    await sleep(100); // the calendar expires
    // Answered from the expired copy, without waiting for staff-development (which never answers,
    // and whose deadline here is ten minutes): the read is made again in the background.
    expect(await calendars.get('kupang')).toEqual(fresh);
    await door.arrived(2);

    // staff-development goes down: the read in the background fails, the copy stays and is
    // read again at the next request — each of those answered with the copy meanwhile.
    door.set('down');
    while (door.requests() < 3) {
      expect(await calendars.get('kupang')).toEqual(fresh);
      await sleep(10);
    }
    expect(await calendars.get('kupang')).toEqual(fresh);
  });

  it('with nothing cached, answers SERVICE_UNAVAILABLE when staff-development is down and NOT_FOUND for an unknown library', async () => {
    door.set('down');
    const failure = (await client()
      .get('kupang')
      .catch((err: AppError) => err)) as AppError;
    expect(failure.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(failure.message).toBe('The library calendar (staff-development) is unavailable');

    door.set('open');
    const unknown = (await client()
      .get('atlantis')
      .catch((err: AppError) => err)) as AppError;
    expect(unknown.extensions.code).toBe('NOT_FOUND');
  });

  it("tells today in each library's zone: late on a UTC evening it is already tomorrow in Kupang (WITA), not in Pasuruan (WIB)", async () => {
    const calendars = client();
    const at = new Date('2026-11-06T16:30:00Z');
    expect(await libraryToday(calendars, 'kupang', at)).toBe('2026-11-07');
    expect(await libraryToday(calendars, 'pasuruan', at)).toBe('2026-11-06');
    expect(todayAt(await calendars.get('kupang'), at)).toBe('2026-11-07');
    const unknown = (await libraryToday(calendars, 'atlantis', at).catch((err: AppError) => err)) as AppError;
    expect(unknown.extensions.code).toBe('NOT_FOUND');
  });

  it('reads a calendar once for requests that ask for it at the same time', async () => {
    const calendars = client();
    const answers = await Promise.all(Array.from({ length: 5 }, () => calendars.get('pasuruan')));
    expect(door.requests()).toBe(1);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await calendars.get('pasuruan')).toEqual(answers[0]);
    expect(door.requests()).toBe(1);
  });
});
