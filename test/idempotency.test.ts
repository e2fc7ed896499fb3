import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { IdempotencyKey, purgeIdempotencyKeys } from '../shared/platform/idempotency';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * The mechanism every create mutation shares (shared/platform/idempotency.ts), through one of them:
 * createPartner. The other create mutations' retries are tested in idempotency-*.test.ts.
 */

const CREATE = `mutation ($input: CreatePartnerInput!, $key: String) { createPartner(input: $input, idempotencyKey: $key) { id name } }`;
const PARTNERS = `{ library(id: "kupang") { partners(first: 100) { totalCount edges { node { name } } } } }`;

const company = (name: string) => ({
  libraryId: 'kupang',
  kind: 'COMPANY',
  name,
  city: 'Kupang',
  address: 'Jl. El Tari No. 5, Kota Kupang',
  contactName: 'Maria Lay',
  contactEmail: 'csr@example.co.id',
});

describe.each(BACKENDS)('a create mutation sent again with its idempotency key (%s)', (backend) => {
  let fed: Federation;
  let admin: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    admin = await fed.token({ sub: 'librarian:admin-kupang', role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  });
  afterAll(() => fed?.stop());

  const named = async (name: string) =>
    ((await fed.query(PARTNERS, { token: admin })).data.library.partners.edges as { node: { name: string } }[]).filter((e) => e.node.name === name).length;

  it('returns the first outcome to a retry, and creates one partner', async () => {
    const input = company('PT Sasando Retry');
    const first = await fed.query(CREATE, { token: admin, variables: { input, key: 'b7d1f0a2-retry' } });
    const again = await fed.query(CREATE, { token: admin, variables: { input, key: 'b7d1f0a2-retry' } });
    expect(first.errors).toBeUndefined();
    expect(again.errors).toBeUndefined();
    expect(again.data.createPartner).toEqual(first.data.createPartner);
    expect(await named('PT Sasando Retry')).toBe(1);
  });

  it('creates one partner when five copies of a request race with one key, and answers all five with it', async () => {
    const input = company('PT Tenun Ikat Race');
    const answers = await Promise.all(Array.from({ length: 5 }, () => fed.query(CREATE, { token: admin, variables: { input, key: 'race-key-1' } })));
    expect(answers.flatMap((a) => codes(a))).toEqual([]);
    expect(new Set(answers.map((a) => a.data.createPartner.id)).size).toBe(1);
    expect(await named('PT Tenun Ikat Race')).toBe(1);
  });

  it('creates a second partner for a request without a key, or with a new key', async () => {
    const input = company('PT Tanpa Kunci');
    await fed.query(CREATE, { token: admin, variables: { input } });
    await fed.query(CREATE, { token: admin, variables: { input } });
    await fed.query(CREATE, { token: admin, variables: { input, key: 'new-key-1' } });
    expect(await named('PT Tanpa Kunci')).toBe(3);
  });

  it('refuses the same key with other arguments (BAD_USER_INPUT on idempotencyKey), writing nothing', async () => {
    await fed.query(CREATE, { token: admin, variables: { input: company('PT Kunci Pertama'), key: 'reused-key' } });
    const res = await fed.query(CREATE, { token: admin, variables: { input: company('PT Kunci Kedua'), key: 'reused-key' } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('idempotencyKey');
    expect(await named('PT Kunci Kedua')).toBe(0);
  });

  it("keeps callers' keys apart: another caller's same key creates its own partner", async () => {
    const otherAdmin = await fed.token({ sub: 'librarian:second-admin-kupang', role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    const input = company('PT Dua Pemanggil');
    const mine = await fed.query(CREATE, { token: admin, variables: { input, key: 'shared-key' } });
    const theirs = await fed.query(CREATE, { token: otherAdmin, variables: { input, key: 'shared-key' } });
    expect(theirs.data.createPartner.id).not.toBe(mine.data.createPartner.id);
    expect(await named('PT Dua Pemanggil')).toBe(2);
  });

  it('remembers no key for a request that failed: the retry runs afresh', async () => {
    const input = { ...company('SD Gagal Dulu'), kind: 'SCHOOL', npsn: '50309001' };
    await fed.query(CREATE, { token: admin, variables: { input: { ...company('SD Pemilik NPSN'), kind: 'SCHOOL', npsn: '50309001' } } });
    const failed = await fed.query(CREATE, { token: admin, variables: { input, key: 'failed-first' } });
    expect(codes(failed)).toEqual(['CONFLICT']);
    const keys = await fed.subgraphs.partnerships.db.getRepository(IdempotencyKey).countBy({ clientKey: 'failed-first' });
    expect(keys).toBe(0);
  });

  it('refuses a malformed key with BAD_USER_INPUT before writing', async () => {
    for (const key of ['', 'has space', 'x'.repeat(101)]) {
      const res = await fed.query(CREATE, { token: admin, variables: { input: company('PT Kunci Rusak'), key } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('idempotencyKey');
    }
    expect(await named('PT Kunci Rusak')).toBe(0);
  });

  it('does not let a caller who may not create use a key to read what another created', async () => {
    const input = company('PT Milik Kupang');
    await fed.query(CREATE, { token: admin, variables: { input, key: 'kupang-only' } });
    const baubau = await fed.token({ sub: 'librarian:admin-kupang', role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    const res = await fed.query(CREATE, { token: baubau, variables: { input, key: 'kupang-only' } });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('forgets keys older than the retention period: the purge deletes them', async () => {
    const repo = fed.subgraphs.partnerships.db.getRepository(IdempotencyKey);
    const before = await repo.count();
    expect(before).toBeGreaterThan(0);
    expect(await purgeIdempotencyKeys(fed.subgraphs.partnerships.db, 48)).toBe(0);
    expect(await purgeIdempotencyKeys(fed.subgraphs.partnerships.db, 48, new Date(Date.now() + 49 * 3_600_000))).toBe(before);
    expect(await repo.count()).toBe(0);
  });
});

/**
 * Every mutation that creates something takes an `idempotencyKey`, or says here why a retry of it
 * needs none. "Creates" is read off the name, so a new create mutation is caught too.
 */
const CREATES = /^(add|create|register|record|place|checkout|import|suggest|apply|enroll|award|answer|rate|evaluate|pay|charge|replace|access|declare|open)/;
const EXEMPT: Record<string, string> = {
  importMarcRecords:
    'a re-import matches every record to the one the first created (ISBN, control number, title/author/year) and its copies by barcode: it adds nothing (collections-marc.test.ts)',
  importRemoteRecord: 'imported as importMarcRecords: a re-import of the same remote record is UNCHANGED and adds nothing (collections-sru.test.ts)',
  openTrainingProgramme: 'a state change of an existing programme (DRAFT → OPEN), not a create: a retry creates nothing and is answered CONFLICT',
};

describe('the schema', () => {
  it('gives every create mutation an idempotencyKey argument', () => {
    const mutation = parse(readFileSync('supergraph.graphql', 'utf8')).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation',
    )!;
    const missing = mutation.fields!.filter((f) => CREATES.test(f.name.value) && !EXEMPT[f.name.value] && !f.arguments?.some((a) => a.name.value === 'idempotencyKey'));
    expect(missing.map((f) => f.name.value)).toEqual([]);
  });
});
