import type { DataSource } from 'typeorm';
import { setClock } from '../shared/platform/clock';
import { demoId } from '../shared/domain/demo';
import { AcquisitionOrder } from '../subgraphs/collections/acquisitions/acquisition-order.entity';
import { PurchaseSuggestion } from '../subgraphs/collections/acquisitions/purchase-suggestion.entity';
import { AuthorityHeading, AuthoritySeeReference } from '../subgraphs/collections/catalogue/authority.entity';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { Item } from '../subgraphs/collections/catalogue/item.entity';
import { FineEntry, FineKind } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Hold } from '../subgraphs/collections/circulation/hold.entity';
import { Loan } from '../subgraphs/collections/circulation/loan.entity';
import { DigitalResource } from '../subgraphs/collections/digital/digital-resource.entity';
import { DigitalUse } from '../subgraphs/collections/digital/digital-use.entity';
import { Member } from '../subgraphs/collections/members/member.entity';
import { StockTake } from '../subgraphs/collections/stocktake/stock-take.entity';
import { VisitCount } from '../subgraphs/collections/visits/visit-count.entity';
import { circulationViolations, newMember, newTitle, setToday } from './helpers/collections';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * The create mutations of the collections subgraph sent again with their idempotency key: the
 * retry answers what the first call answered and writes nothing more — even where the same call
 * without a key is refused (the copy is lent already, the card number taken, the day recorded).
 * The mechanism itself (other arguments, other callers, failures, purge) is idempotency.test.ts's.
 */

let n = 0;
const unique = () => `${process.pid % 1000}${String(++n).padStart(3, '0')}`;

/** A valid ISBN-13 no other test uses (978-602-…, the check digit computed). */
function isbn13(): string {
  const body = `978602${String(process.pid % 1000).padStart(3, '0')}${String(++n).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** One mutation's call: what to send, as whom, and how many of what it creates there are afterwards. */
interface Call {
  token: string;
  query: string;
  variables: Record<string, unknown>;
  /** The rows the call creates, counted in the collections database after the calls. */
  count(): Promise<number>;
}

interface Case {
  mutation: string;
  thing: string;
  /** The same call without a key is refused with this code once the first went through. */
  plainRetry?: 'CONFLICT';
  prepare(): Promise<Call>;
}

describe.each(BACKENDS)('create mutations of collections sent again with their idempotency key (%s)', (backend) => {
  let fed: Federation;
  let db: DataSource;
  const tokens: Record<string, string> = {};

  /** A copy on loan to a member of Kupang, lent through the API (without a key). */
  const lentCopy = async () => {
    const { items } = await newTitle(db, { kupang: 1 });
    const member = await newMember(db, 'kupang');
    const res = await fed.query(`mutation ($barcode: String!, $memberId: ID!) { checkoutItem(barcode: $barcode, memberId: $memberId) { id } }`, {
      token: tokens.librarian,
      variables: { barcode: items[0].barcode, memberId: member.id },
    });
    expect(res.errors).toBeUndefined();
    return { loanId: res.data.checkoutItem.id as string, item: items[0], member };
  };

  /** A member of Kupang who owes `amount` rupiah (a damage charge without a loan). */
  const memberOwing = async (amount: number) => {
    const member = await newMember(db, 'kupang');
    const charge = db.getRepository(FineEntry).create({
      id: `idem-fine-${unique()}`,
      memberId: member.id,
      libraryId: 'kupang',
      loanId: null,
      kind: FineKind.DAMAGE,
      amount,
      note: 'Sampul robek',
      createdAt: new Date('2026-10-30T02:00:00Z'),
      receiptNumber: null,
      itemId: null,
      chargeId: null,
      recordedBy: 'LIBRARIAN test',
    });
    await db.getRepository(FineEntry).insert(charge);
    return member;
  };

  const PAY = `mutation ($memberId: ID!, $amount: Int!, $key: String) {
    payFine(memberId: $memberId, amount: $amount, idempotencyKey: $key) { payment { id amount receiptNumber } balance }
  }`;

  const cases: Case[] = [
    {
      mutation: 'addBibliographicRecord',
      thing: 'catalogue record',
      plainRetry: 'CONFLICT',
      async prepare() {
        const title = `Judul Idem ${unique()}`;
        return {
          token: tokens.librarian,
          query: `mutation ($input: AddBibliographicRecordInput!, $key: String) { addBibliographicRecord(input: $input, idempotencyKey: $key) { id title isbn authors callNumber } }`,
          variables: {
            input: { title, authors: ['Penulis Uji'], publisher: 'Penerbit Uji', publishedYear: 2020, language: 'ind', materialType: 'BOOK', ddc: '899.221 3', isbn: isbn13() },
          },
          count: () => db.getRepository(BibliographicRecord).countBy({ title }),
        };
      },
    },
    {
      mutation: 'addItem',
      thing: 'copy',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { record } = await newTitle(db, {});
        const barcode = `IDEM-${unique()}`;
        return {
          token: tokens.librarian,
          query: `mutation ($input: AddItemInput!, $key: String) { addItem(input: $input, idempotencyKey: $key) { item { id barcode status } hold { id } sendTo { id } } }`,
          variables: { input: { recordId: record.id, libraryId: 'kupang', barcode, location: 'Rak Umum', acquiredOn: '2026-11-01', price: 50_000 } },
          count: () => db.getRepository(Item).countBy({ barcode }),
        };
      },
    },
    {
      mutation: 'checkoutItem',
      thing: 'loan',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { items } = await newTitle(db, { kupang: 1 });
        const member = await newMember(db, 'kupang');
        return {
          token: tokens.librarian,
          query: `mutation ($barcode: String!, $memberId: ID!, $key: String) { checkoutItem(barcode: $barcode, memberId: $memberId, idempotencyKey: $key) { id dueOn } }`,
          variables: { barcode: items[0].barcode, memberId: member.id },
          count: () => db.getRepository(Loan).countBy({ memberId: member.id }),
        };
      },
    },
    {
      mutation: 'placeHold',
      thing: 'hold',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { record } = await newTitle(db, { kupang: 1 });
        const member = await newMember(db, 'kupang');
        return {
          token: tokens.librarian,
          query: `mutation ($recordId: ID!, $memberId: ID!, $key: String) {
            placeHold(recordId: $recordId, memberId: $memberId, pickupLibraryId: "kupang", idempotencyKey: $key) { id status queuePosition }
          }`,
          variables: { recordId: record.id, memberId: member.id },
          count: () => db.getRepository(Hold).countBy({ memberId: member.id }),
        };
      },
    },
    {
      mutation: 'payFine',
      thing: 'payment',
      plainRetry: 'CONFLICT',
      async prepare() {
        const member = await memberOwing(15_000);
        return {
          token: tokens.librarian,
          query: PAY,
          variables: { memberId: member.id, amount: 15_000 },
          count: () => db.getRepository(FineEntry).countBy({ memberId: member.id, kind: FineKind.PAYMENT }),
        };
      },
    },
    {
      mutation: 'registerMember',
      thing: 'member',
      plainRetry: 'CONFLICT',
      async prepare() {
        const cardNumber = `IDEM-${unique()}`;
        return {
          token: tokens.librarian,
          query: `mutation ($input: RegisterMemberInput!, $key: String) { registerMember(input: $input, idempotencyKey: $key) { id cardNumber name expiresOn } }`,
          variables: { input: { libraryId: 'kupang', memberType: 'ADULT', name: 'Yohana Ndún', cardNumber } },
          count: () => db.getRepository(Member).countBy({ cardNumber }),
        };
      },
    },
    {
      mutation: 'replaceMemberCard',
      thing: 'card',
      async prepare() {
        const member = await newMember(db, 'kupang');
        return {
          token: tokens.librarian,
          query: `mutation ($id: ID!, $key: String) { replaceMemberCard(id: $id, reason: "Kartu hilang", idempotencyKey: $key) { id cardNumber } }`,
          variables: { id: member.id },
          // One replacement: the member's number is the first answer's, and the old number is gone.
          count: async () => {
            const now = await db.getRepository(Member).findOneByOrFail({ id: member.id });
            return now.cardNumber !== member.cardNumber ? 1 : 0;
          },
        };
      },
    },
    {
      mutation: 'recordVisits',
      thing: 'visitor count',
      plainRetry: 'CONFLICT',
      async prepare() {
        // Before the demo's counts begin (May 2026): a day nobody recorded.
        const date = `2026-04-${String(1 + (n++ % 28)).padStart(2, '0')}`;
        const libraryId = 'kupang';
        return {
          token: tokens.librarian,
          query: `mutation ($input: RecordVisitsInput!, $key: String) { recordVisits(input: $input, idempotencyKey: $key) { id date count source } }`,
          variables: { input: { libraryId, date, count: 120, source: 'MANUAL' } },
          count: () => db.getRepository(VisitCount).countBy({ libraryId, visitDate: date }),
        };
      },
    },
    {
      mutation: 'addDigitalResource',
      thing: 'digital resource',
      async prepare() {
        const title = `Buku Digital Idem ${unique()}`;
        return {
          token: tokens.libraryAdmin,
          query: `mutation ($input: AddDigitalResourceInput!, $key: String) { addDigitalResource(input: $input, idempotencyKey: $key) { id title licence concurrentUsers } }`,
          variables: {
            input: {
              title,
              authors: ['Penulis Uji'],
              kind: 'EBOOK',
              format: 'EPUB',
              accessUrl: `https://pustaka-digital.example.id/idem/${n}`,
              licence: 'CONCURRENT_USERS',
              concurrentUsers: 3,
              sessionMinutes: 60,
              libraryId: 'kupang',
            },
          },
          count: () => db.getRepository(DigitalResource).countBy({ title }),
        };
      },
    },
    {
      mutation: 'accessDigitalResource',
      thing: 'use',
      async prepare() {
        const added = await fed.query(`mutation ($input: AddDigitalResourceInput!) { addDigitalResource(input: $input) { id } }`, {
          token: tokens.libraryAdmin,
          variables: {
            input: {
              title: `Jurnal Idem ${unique()}`,
              authors: [],
              kind: 'EBOOK',
              format: 'PDF',
              accessUrl: 'https://pustaka-digital.example.id/jurnal',
              licence: 'OPEN',
              sessionMinutes: 30,
              libraryId: 'kupang',
            },
          },
        });
        expect(added.errors).toBeUndefined();
        const resourceId = added.data.addDigitalResource.id as string;
        const member = await newMember(db, 'kupang');
        return {
          token: await fed.token({ sub: `member:${member.id}`, role: 'MEMBER', libraryId: 'kupang', memberId: member.id }),
          // `resumed` too: the retry answers the first opening (false), not a resumed one.
          query: `mutation ($resourceId: ID!, $key: String) { accessDigitalResource(resourceId: $resourceId, idempotencyKey: $key) { url resumed use { id startedAt expiresAt } } }`,
          variables: { resourceId },
          count: () => db.getRepository(DigitalUse).countBy({ resourceId }),
        };
      },
    },
    {
      mutation: 'placeAcquisitionOrder',
      thing: 'order',
      async prepare() {
        const { record } = await newTitle(db, {});
        const vendor = `CV Idem ${unique()}`;
        return {
          token: tokens.librarian,
          query: `mutation ($input: AcquisitionOrderInput!, $key: String) { placeAcquisitionOrder(input: $input, idempotencyKey: $key) { id number cost status lines { lineNo copies } } }`,
          variables: { input: { libraryId: 'kupang', vendor, budgetLine: '5.2.2.23.01 Belanja Buku Bacaan', lines: [{ recordId: record.id, copies: 1, unitPrice: 50_000 }] } },
          count: () => db.getRepository(AcquisitionOrder).countBy({ vendor }),
        };
      },
    },
    {
      mutation: 'suggestPurchase',
      thing: 'suggestion',
      async prepare() {
        const member = await newMember(db, 'kupang');
        const title = `Buku yang diminta ${unique()}`;
        return {
          token: await fed.token({ sub: `member:${member.id}`, role: 'MEMBER', libraryId: 'kupang', memberId: member.id }),
          query: `mutation ($input: SuggestPurchaseInput!, $key: String) { suggestPurchase(input: $input, idempotencyKey: $key) { id title status } }`,
          variables: { input: { title, authors: ['Penulis Uji'] } },
          count: () => db.getRepository(PurchaseSuggestion).countBy({ title }),
        };
      },
    },
    {
      mutation: 'addAuthorityHeading',
      thing: 'heading',
      plainRetry: 'CONFLICT',
      async prepare() {
        const heading = `Idem, Penulis ${unique()}`;
        return {
          token: tokens.librarian,
          query: `mutation ($input: AddAuthorityHeadingInput!, $key: String) { addAuthorityHeading(input: $input, idempotencyKey: $key) { id kind heading seeFrom } }`,
          variables: { input: { kind: 'PERSONAL_NAME', heading, seeFrom: [`Penulis ${n} Idem`] } },
          count: () => db.getRepository(AuthorityHeading).countBy({ heading }),
        };
      },
    },
    {
      mutation: 'addSeeReference',
      thing: 'see reference',
      plainRetry: 'CONFLICT',
      async prepare() {
        const added = await fed.query(`mutation ($input: AddAuthorityHeadingInput!) { addAuthorityHeading(input: $input) { id } }`, {
          token: tokens.librarian,
          variables: { input: { kind: 'SUBJECT', heading: `Tenun Ikat ${unique()}` } },
        });
        expect(added.errors).toBeUndefined();
        const variant = `Kain tenun ${n}`;
        return {
          token: tokens.librarian,
          query: `mutation ($headingId: ID!, $variant: String!, $key: String) { addSeeReference(headingId: $headingId, variant: $variant, idempotencyKey: $key) { id heading seeFrom } }`,
          variables: { headingId: added.data.addAuthorityHeading.id, variant },
          count: () => db.getRepository(AuthoritySeeReference).countBy({ variant }),
        };
      },
    },
    {
      mutation: 'declareLoanLost',
      thing: 'lost-copy charge',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { loanId } = await lentCopy();
        return {
          token: tokens.librarian,
          query: `mutation ($loanId: ID!, $key: String) {
            declareLoanLost(loanId: $loanId, note: "Hilang di angkot", idempotencyKey: $key) { loan { id returnedAt } charge { id amount note } item { id status } }
          }`,
          variables: { loanId },
          count: () => db.getRepository(FineEntry).countBy({ loanId, kind: FineKind.LOST }),
        };
      },
    },
    {
      mutation: 'chargeDamage',
      thing: 'damage charge',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { loanId } = await lentCopy();
        return {
          token: tokens.librarian,
          query: `mutation ($loanId: ID!, $key: String) { chargeDamage(loanId: $loanId, amount: 25000, reason: "Sampul robek", idempotencyKey: $key) { id amount note } }`,
          variables: { loanId },
          count: () => db.getRepository(FineEntry).countBy({ loanId, kind: FineKind.DAMAGE }),
        };
      },
    },
    {
      mutation: 'openStockTake',
      thing: 'stock-take',
      plainRetry: 'CONFLICT',
      async prepare() {
        const { items } = await newTitle(db, { kupang: 1 });
        const location = `Rak Idem ${unique()}`;
        await db.getRepository(Item).update({ id: items[0].id }, { location });
        return {
          token: tokens.librarian,
          query: `mutation ($input: OpenStockTakeInput!, $key: String) { openStockTake(input: $input, idempotencyKey: $key) { id status location } }`,
          variables: { input: { libraryId: 'kupang', location } },
          count: () => db.getRepository(StockTake).countBy({ libraryId: 'kupang', location }),
        };
      },
    },
  ];

  beforeAll(async () => {
    fed = await startFederation(backend);
    db = fed.subgraphs.collections.db;
    tokens.librarian = await fed.token({ sub: 'librarian:idem-kupang', role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3) });
    tokens.libraryAdmin = await fed.token({ sub: 'librarian:idem-admin-kupang', role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  });
  beforeEach(() => setToday('2026-11-02'));
  afterEach(async () => expect(await circulationViolations(db)).toEqual([]));
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  const data = (res: GraphQLResponse, mutation: string) => {
    expect(res.errors).toBeUndefined();
    return res.data[mutation];
  };

  // Where the plain retry is refused (plainRetry), the keyed retry before it answered the first outcome all the same.
  it.each(cases)('a retry of $mutation with its key returns the first outcome and creates one $thing', async (c) => {
    const call = await c.prepare();
    const send = (key?: string) => fed.query(call.query, { token: call.token, variables: { ...call.variables, key } });
    const key = `idem-${c.mutation}-${unique()}`;
    const first = data(await send(key), c.mutation);
    const again = data(await send(key), c.mutation);
    expect(again).toEqual(first);
    if (c.plainRetry) expect(codes(await send())).toEqual([c.plainRetry]);
    expect(await call.count()).toBe(1);
  });

  it('takes one payment when five copies of a payFine race with one key, and answers all five with it', async () => {
    const member = await memberOwing(40_000);
    // Part of what is owed: without the key, each of the five would be taken.
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fed.query(PAY, { token: tokens.librarian, variables: { memberId: member.id, amount: 10_000, key: 'idem-pay-race' } })),
    );
    expect(answers.flatMap((a) => codes(a))).toEqual([]);
    expect(new Set(answers.map((a) => JSON.stringify(a.data.payFine))).size).toBe(1);
    expect(answers[0].data.payFine.balance).toBe(30_000);
    expect(await db.getRepository(FineEntry).countBy({ memberId: member.id, kind: FineKind.PAYMENT })).toBe(1);
  });
});
