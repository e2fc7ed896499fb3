import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { loadConfig } from '../shared/platform/config';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { newMember, newTitle } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

const CHECKOUT = `mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id dueOn item { status } } }`;
const RETURN = `mutation ($barcode: String!) { returnItem(barcode: $barcode) { loan { id returnedAt } item { status } } }`;

/** Short deadlines, so that the test is quick: the gateway waits 4 s for a subgraph, a subgraph 0.8 s for another. */
const GATEWAY_TIMEOUT_MS = 4000;
const INTERNAL_TIMEOUT_MS = 800;

/**
 * What collections finds at staff-development's address: a server that accepts requests and
 * never answers (`silent`: staff-development hung — a SIGSTOP, a frozen event loop), or that
 * answers the real staff-development's answer only `delayMs` after the request (`slow`).
 */
async function doorTo(target: string) {
  let mode: { kind: 'silent' } | { kind: 'slow'; delayMs: number } = { kind: 'silent' };
  let requests = 0;
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests += 1;
    const arrived = performance.now();
    if (mode.kind === 'silent') return;
    const { delayMs } = mode;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
    const passed = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
    const body = Buffer.from(await passed.arrayBuffer());
    await sleep(delayMs - (performance.now() - arrived));
    res.writeHead(passed.status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const server = http.createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    /** Requests that have arrived so far. */
    requests: () => requests,
    set(next: typeof mode) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The answer and how long it took. */
async function timed<T>(request: Promise<T>): Promise<{ res: T; ms: number }> {
  const started = performance.now();
  const res = await request;
  return { res, ms: performance.now() - started };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const ok = (res: GraphQLResponse) => {
  expect(res.errors).toBeUndefined();
  return res.data;
};

describe("a subgraph's deadline for its calls to others", () => {
  it("is 2 s, and at most half of the gateway's shortest wait for a subgraph when not set", () => {
    expect(loadConfig({}).internalCallTimeoutMs).toBe(2000);
    expect(loadConfig({ SUBGRAPH_TIMEOUT_MS: '3000' }).internalCallTimeoutMs).toBe(1500);
    expect(loadConfig({ COLLECTIONS_TIMEOUT_MS: '1000' }).internalCallTimeoutMs).toBe(500);
    expect(loadConfig({ INTERNAL_CALL_TIMEOUT_MS: '4000' }).internalCallTimeoutMs).toBe(4000);
  });

  it('is refused when it is not below what the gateway waits for a subgraph, naming the setting', () => {
    expect(() => loadConfig({ INTERNAL_CALL_TIMEOUT_MS: '5000' })).toThrow(/INTERNAL_CALL_TIMEOUT_MS \(5000\) must be at least 1 and below/);
    expect(() => loadConfig({ INTERNAL_CALL_TIMEOUT_MS: '1500', COLLECTIONS_TIMEOUT_MS: '1000' })).toThrow(/INTERNAL_CALL_TIMEOUT_MS/);
    expect(() => loadConfig({ INTERNAL_CALL_TIMEOUT_MS: '0' })).toThrow(/INTERNAL_CALL_TIMEOUT_MS/);
    expect(() => loadConfig({ INTERNAL_CALL_TIMEOUT_MS: 'soon' })).toThrow(/INTERNAL_CALL_TIMEOUT_MS/);
  });
});

describe.each(BACKENDS)('writes while staff-development hangs, on %s', (backend) => {
  let fed: Federation;
  let db: DataSource;
  let door: Awaited<ReturnType<typeof doorTo>>;
  let staffDevelopment: string;
  const tokens: Record<string, string> = {};
  const realNow = performance.now.bind(performance);

  beforeAll(async () => {
    fed = await startFederation(backend, { config: { subgraphTimeoutMs: GATEWAY_TIMEOUT_MS, internalCallTimeoutMs: INTERNAL_TIMEOUT_MS } });
    db = fed.subgraphs.collections.db;
    tokens.kupang = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 1) });
    tokens.admin = await fed.token({ role: 'ADMIN' });
    tokens.pasuruan = await fed.token({ role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 0) });
    door = await doorTo(fed.config.subgraphUrls['staff-development']);
    // Collections has read kupang's calendar (a desk's morning), not pasuruan's.
    fed.subgraphs.collections.calendar.clear();
    await fed.subgraphs.collections.calendar.get('kupang');
    // staff-development stops answering: collections now finds it at a socket that never replies.
    staffDevelopment = fed.config.subgraphUrls['staff-development'];
    fed.config.subgraphUrls['staff-development'] = door.url;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    if (staffDevelopment) fed.config.subgraphUrls['staff-development'] = staffDevelopment;
    await door?.close();
    await fed?.stop();
  });

  it('lends and takes back at once with the calendar read earlier, however old, and both are written', async () => {
    // Ten minutes later: the calendar kupang's desk read is past its freshness.
    jest.spyOn(performance, 'now').mockImplementation(() => realNow() + 10 * 60_000);
    const title = await newTitle(db, { kupang: 1 });
    const member = await newMember(db, 'kupang');
    const barcode = title.items[0].barcode;

    const checkout = await timed(fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode, memberId: member.id } }));
    const loan = ok(checkout.res).checkoutItem;
    expect(loan.item.status).toBe('ON_LOAN');
    // Not a wait for staff-development's deadline: the stale calendar is used at once.
    expect(checkout.ms).toBeLessThan(INTERNAL_TIMEOUT_MS);
    expect(await db.getRepository(Loan).findOneBy({ id: loan.id })).toMatchObject({ itemId: title.items[0].id, returnedAt: null, dueOn: loan.dueOn });

    const giveBack = await timed(fed.query(RETURN, { token: tokens.kupang, variables: { barcode } }));
    expect(ok(giveBack.res).returnItem).toMatchObject({ loan: { id: loan.id }, item: { status: 'AVAILABLE' } });
    expect(giveBack.ms).toBeLessThan(INTERNAL_TIMEOUT_MS);
    expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).returnedAt).not.toBeNull();
    expect((await db.getRepository(Item).findOneByOrFail({ id: title.items[0].id })).status).toBe(ItemStatus.AVAILABLE);
    // The calendar was asked for again (in the background), of a staff-development that does not answer.
    expect(door.requests()).toBeGreaterThan(0);

    // An ADMIN lends at the copy's own desk (known only once the copy is read): at once too, one loan.
    const another = await newTitle(db, { kupang: 1 });
    const byAdmin = await timed(fed.query(CHECKOUT, { token: tokens.admin, variables: { barcode: another.items[0].barcode, memberId: member.id } }));
    expect(ok(byAdmin.res).checkoutItem.item.status).toBe('ON_LOAN');
    expect(byAdmin.ms).toBeLessThan(INTERNAL_TIMEOUT_MS);
    expect(await db.getRepository(Loan).countBy({ itemId: another.items[0].id })).toBe(1);
  });

  it("without any calendar of the library, refuses the checkout with the calendar's own error before the gateway gives up, writes nothing, and holds up no other desk", async () => {
    const here = await newTitle(db, { pasuruan: 1 });
    const member = await newMember(db, 'pasuruan');
    const there = await newTitle(db, { kupang: 1 });
    const kupangMember = await newMember(db, 'kupang');

    const refused = timed(fed.query(CHECKOUT, { token: tokens.pasuruan, variables: { barcode: here.items[0].barcode, memberId: member.id } }));
    await sleep(100);
    // Meanwhile kupang's desk lends a copy of its own: it does not wait for pasuruan's checkout.
    const other = await timed(fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode: there.items[0].barcode, memberId: kupangMember.id } }));
    expect(ok(other.res).checkoutItem.item.status).toBe('ON_LOAN');
    expect(other.ms).toBeLessThan(INTERNAL_TIMEOUT_MS);

    const { res, ms } = await refused;
    expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    // Collections' own answer, naming what failed: not the gateway's "The collections service is unavailable".
    expect(res.errors![0].message).toBe('The library calendar (staff-development) is unavailable');
    expect(ms).toBeGreaterThanOrEqual(INTERNAL_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(GATEWAY_TIMEOUT_MS);

    // Nothing was written, now or later.
    await sleep(GATEWAY_TIMEOUT_MS - ms + 200);
    expect((await db.getRepository(Item).findOneByOrFail({ id: here.items[0].id })).status).toBe(ItemStatus.AVAILABLE);
    expect(await db.getRepository(Loan).countBy({ itemId: here.items[0].id })).toBe(0);
    expect(await db.getRepository(Loan).countBy({ memberId: member.id })).toBe(0);
  });

  it('refuses a return whose copy a member of a library without a calendar waits for, in time, and leaves the loan as it was', async () => {
    const title = await newTitle(db, { kupang: 1 });
    const borrower = await newMember(db, 'kupang');
    const barcode = title.items[0].barcode;
    const loan = ok(await fed.query(CHECKOUT, { token: tokens.kupang, variables: { barcode, memberId: borrower.id } })).checkoutItem;
    // A pasuruan member waits for the title, to pick it up in pasuruan: the copy would go there.
    const waiting = await newMember(db, 'pasuruan');
    const hold = db.getRepository(Hold).create({
      id: randomUUID(),
      recordId: title.record.id,
      memberId: waiting.id,
      pickupLibraryId: 'pasuruan',
      status: HoldStatus.WAITING,
      position: 1,
      activeMemberId: waiting.id,
      itemId: null,
      placedAt: new Date(),
      notNeededAfter: null,
      pickupBy: null,
      closedAt: null,
    });
    await db.getRepository(Hold).insert(hold);

    const { res, ms } = await timed(fed.query(RETURN, { token: tokens.kupang, variables: { barcode } }));
    expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.errors![0].message).toBe('The library calendar (staff-development) is unavailable');
    expect(ms).toBeLessThan(GATEWAY_TIMEOUT_MS);
    expect((await db.getRepository(Loan).findOneByOrFail({ id: loan.id })).returnedAt).toBeNull();
    expect((await db.getRepository(Item).findOneByOrFail({ id: title.items[0].id })).status).toBe(ItemStatus.ON_LOAN);
    expect((await db.getRepository(Hold).findOneByOrFail({ id: hold.id })).status).toBe(HoldStatus.WAITING);
  });

  it('refuses the checkout itself, in time, when staff-development would answer only after the gateway has given up, and never writes it later', async () => {
    // staff-development answers, but 10 ms before the gateway's deadline counted from collections' call:
    // after the gateway has stopped listening for collections (which it called first).
    door.set({ kind: 'slow', delayMs: GATEWAY_TIMEOUT_MS - 10 });
    const title = await newTitle(db, { pasuruan: 1 });
    const member = await newMember(db, 'pasuruan');
    const { res, ms } = await timed(fed.query(CHECKOUT, { token: tokens.pasuruan, variables: { barcode: title.items[0].barcode, memberId: member.id } }));
    expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.errors![0].message).toBe('The library calendar (staff-development) is unavailable');
    expect(ms).toBeLessThan(GATEWAY_TIMEOUT_MS);

    // Once staff-development's late answer has come and gone: no loan, the copy still on its shelf.
    await sleep(GATEWAY_TIMEOUT_MS - ms + 300);
    expect(await db.getRepository(Loan).countBy({ itemId: title.items[0].id })).toBe(0);
    expect((await db.getRepository(Item).findOneByOrFail({ id: title.items[0].id })).status).toBe(ItemStatus.AVAILABLE);
  });
});
