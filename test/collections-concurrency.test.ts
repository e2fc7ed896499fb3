import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Hold, HoldStatus } from '../subgraphs/collections/circulation/hold.entity';
import { Item, ItemStatus } from '../subgraphs/collections/catalogue/item.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { MemberType } from '../subgraphs/collections/members/member.entity';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * Circulation under concurrency, through the gateway, on SQLite and MariaDB/MySQL: requests fired
 * together with Promise.all reach the collections subgraph at the same time. Whatever the
 * interleaving, the outcome must be one a librarian can trust.
 */

const CHECKOUT = 'mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }';
const RETURN = 'mutation ($barcode: String!) { returnItem(barcode: $barcode) { fine { amount } item { status } hold { id } } }';
const RENEW = 'mutation ($loanId: ID!) { renewLoan(loanId: $loanId) { dueOn renewals } }';
const PLACE = 'mutation ($recordId: ID!, $memberId: ID!) { placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: "kupang") { id status queuePosition } }';
const CANCEL = 'mutation ($holdId: ID!) { cancelHold(holdId: $holdId) { id } }';
const PAY = 'mutation ($memberId: ID!, $amount: Int!) { payFine(memberId: $memberId, amount: $amount) { balance } }';

describe.each(BACKENDS)('circulation under concurrency (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  let desk: string;
  const succeeded = (rs: GraphQLResponse[]) => rs.filter((r) => !r.errors);
  const refused = (rs: GraphQLResponse[]) => rs.filter((r) => r.errors);

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    desk = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 2) });
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });
  beforeEach(() => setToday('2026-11-02'));
  afterEach(async () => {
    expect(await circulationViolations(db)).toEqual([]);
  });

  it('lends one copy exactly once when twenty desks check it out at the same moment', async () => {
    const { items } = await newTitle(db, { kupang: 1 });
    const members = await Promise.all(Array.from({ length: 20 }, () => newMember(db, 'kupang')));
    const results = await Promise.all(members.map((m) => fed.query(CHECKOUT, { token: desk, variables: { barcode: items[0].barcode, memberId: m.id } })));
    expect(succeeded(results)).toHaveLength(1);
    expect(refused(results).map((r) => codes(r)[0])).toEqual(Array(19).fill('CONFLICT'));
    expect(await db.getRepository(Loan).countBy({ itemId: items[0].id })).toBe(1);
    expect((await db.getRepository(Item).findOneByOrFail({ id: items[0].id })).status).toBe(ItemStatus.ON_LOAN);
  });

  it('keeps a member to their loan limit when their copies are checked out all at once', async () => {
    const { items } = await newTitle(db, { kupang: 8 });
    const child = await newMember(db, 'kupang', { memberType: MemberType.CHILD }); // three at most
    const results = await Promise.all(items.map((i) => fed.query(CHECKOUT, { token: desk, variables: { barcode: i.barcode, memberId: child.id } })));
    expect(succeeded(results)).toHaveLength(3);
    expect(refused(results).every((r) => codes(r)[0] === 'CONFLICT')).toBe(true);
    expect(await db.getRepository(Loan).countBy({ memberId: child.id, returnedAt: IsNull() })).toBe(3);
  });

  it('leaves a consistent loan when a return races a renewal: renewed then returned on time, or returned late and not renewed', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      setToday('2026-11-02');
      const { items } = await newTitle(db, { kupang: 1 });
      const member = await newMember(db, 'kupang');
      const loan = (await fed.query(CHECKOUT, { token: desk, variables: { barcode: items[0].barcode, memberId: member.id } })).data.checkoutItem;
      const borrower = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: member.id });
      setToday('2026-11-20'); // four days after the due date, 16 November
      // Sent in alternating order (the return first in even rounds, the renewal first in odd ones).
      const sendReturn = () => fed.query(RETURN, { token: desk, variables: { barcode: items[0].barcode } });
      const sendRenewal = () => fed.query(RENEW, { token: borrower, variables: { loanId: loan.id } });
      const [returned, renewed] =
        round % 2 ? await Promise.all([sendRenewal(), sendReturn()]).then(([renewal, ret]) => [ret, renewal]) : await Promise.all([sendReturn(), sendRenewal()]);
      expect(returned.errors).toBeUndefined();
      const stored = await db.getRepository(Loan).findOneByOrFail({ id: loan.id });
      const charges = await db.getRepository(FineEntry).findBy({ loanId: loan.id });
      expect(stored.returnedAt).not.toBeNull();
      if (renewed.errors) {
        expect(codes(renewed)).toEqual(['CONFLICT']);
        expect(stored).toMatchObject({ renewals: 0, dueOn: '2026-11-16', daysOverdue: 4 });
        expect(charges.map((c) => c.amount)).toEqual([2000]);
        expect(returned.data.returnItem.fine.amount).toBe(2000);
        outcomes.add('returned first');
      } else {
        expect(renewed.data.renewLoan).toEqual({ dueOn: '2026-12-04', renewals: 1 });
        expect(stored).toMatchObject({ renewals: 1, dueOn: '2026-12-04', daysOverdue: 0 });
        expect(charges).toEqual([]);
        expect(returned.data.returnItem.fine).toBeNull();
        outcomes.add('renewed first');
      }
      expect((await db.getRepository(Item).findOneByOrFail({ id: items[0].id })).status).toBe(ItemStatus.AVAILABLE);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });

  it('gives every one of many simultaneous holds its own place in the queue, and one member only one hold', async () => {
    const { record, items } = await newTitle(db, { kupang: 1 });
    const borrower = await newMember(db, 'kupang');
    await fed.query(CHECKOUT, { token: desk, variables: { barcode: items[0].barcode, memberId: borrower.id } });
    const members = await Promise.all(Array.from({ length: 15 }, () => newMember(db, 'kupang')));
    const results = await Promise.all(members.map((m) => fed.query(PLACE, { token: desk, variables: { recordId: record.id, memberId: m.id } })));
    expect(refused(results)).toEqual([]);
    const holds = await db.getRepository(Hold).findBy({ recordId: record.id });
    expect(holds).toHaveLength(15);
    expect(new Set(holds.map((h) => h.position)).size).toBe(15);
    expect(new Set(holds.map((h) => h.memberId)).size).toBe(15);
    const positions = await fed.query(`{ library(id: "kupang") { holds(first: 100, status: [WAITING]) { edges { node { queuePosition record { id } } } } } }`, { token: desk });
    const mine = positions.data.library.holds.edges.map((e: any) => e.node).filter((n: any) => n.record.id === record.id);
    expect(mine.map((n: any) => n.queuePosition).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const eager = await newMember(db, 'kupang');
    const twice = await Promise.all(Array.from({ length: 6 }, () => fed.query(PLACE, { token: desk, variables: { recordId: record.id, memberId: eager.id } })));
    expect(succeeded(twice)).toHaveLength(1);
    expect(refused(twice).map((r) => codes(r)[0])).toEqual(Array(5).fill('CONFLICT'));
    expect(await db.getRepository(Hold).countBy({ recordId: record.id, memberId: eager.id })).toBe(1);
  });

  it('neither loses nor doubles a hold when holds, cancellations and the return of the copy arrive together', async () => {
    const { record, items } = await newTitle(db, { kupang: 1 });
    const borrower = await newMember(db, 'kupang');
    await fed.query(CHECKOUT, { token: desk, variables: { barcode: items[0].barcode, memberId: borrower.id } });
    const early = await Promise.all(Array.from({ length: 4 }, () => newMember(db, 'kupang')));
    const earlyHolds = [];
    for (const m of early) earlyHolds.push((await fed.query(PLACE, { token: desk, variables: { recordId: record.id, memberId: m.id } })).data.placeHold);
    const late = await Promise.all(Array.from({ length: 6 }, () => newMember(db, 'kupang')));
    const results = await Promise.all([
      fed.query(RETURN, { token: desk, variables: { barcode: items[0].barcode } }),
      fed.query(CANCEL, { token: desk, variables: { holdId: earlyHolds[0].id } }),
      fed.query(CANCEL, { token: desk, variables: { holdId: earlyHolds[2].id } }),
      ...late.map((m) => fed.query(PLACE, { token: desk, variables: { recordId: record.id, memberId: m.id } })),
    ]);
    expect(refused(results)).toEqual([]);
    const holds = await db.getRepository(Hold).findBy({ recordId: record.id });
    expect(holds).toHaveLength(10);
    expect(
      holds
        .filter((h) => h.status === HoldStatus.CANCELLED)
        .map((h) => h.id)
        .sort(),
    ).toEqual([earlyHolds[0].id, earlyHolds[2].id].sort());
    // the copy went to exactly one hold: the first left in the queue (if it came back before the
    // first hold was cancelled, the cancellation passed it on)
    const ready = holds.filter((h) => h.status === HoldStatus.READY);
    expect(ready).toHaveLength(1);
    expect(ready[0].id).toBe(earlyHolds[1].id);
    expect(holds.filter((h) => h.status === HoldStatus.WAITING)).toHaveLength(7);
  });

  it('never takes more than is owed when two desks record the same payment at once', async () => {
    const member = await newMember(db, 'kupang');
    await db.getRepository(FineEntry).insert({
      id: randomUUID(),
      memberId: member.id,
      libraryId: 'kupang',
      loanId: null,
      kind: FineKind.OVERDUE,
      amount: 5000,
      note: 'uji',
      createdAt: new Date('2026-11-01T00:00:00Z'),
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => fed.query(PAY, { token: desk, variables: { memberId: member.id, amount: 5000 } })));
    expect(succeeded(results)).toHaveLength(1);
    for (const r of refused(results)) expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(codes(r)[0]);
    expect(await db.getRepository(FineEntry).countBy({ memberId: member.id, kind: FineKind.PAYMENT })).toBe(1);
  });
});
