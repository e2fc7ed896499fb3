import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { gatewayPublicKeyFor, INTERNAL_HEADER, signInternalToken, signServiceToken, type Identity } from '../shared/platform/auth';
import { dropDatabase } from '../shared/platform/database';
import { demoId } from '../shared/domain/demo';
import { INTERNAL_OPERATIONS } from '../shared/platform/internal-operations';
import { startSubgraph } from '../shared/platform/server';
import { startGateway } from '../gateway/gateway';
import { identityFromFlags } from '../scripts/token';
import { subgraphByName } from '../subgraphs';
import { BACKENDS, codes, postGraphQL, startFederation, subgraphUrlsOf, testConfig, type Federation } from './helpers/federation';

/**
 * Holes an outside security tester found in tokens and in the trust between the services. Every
 * test names a caller who must be refused.
 */

const KUPANG_LIBRARIANS = '{ library(id: "kupang") { id librarians(first: 1) { totalCount } } }';
const MEMBER = 'query ($id: ID!) { member(id: $id) { id name } }';
const kupangMember = demoId('member', 'kupang', 5);
const HOUR = 3600;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A user token signed with the right secret, with exactly the claims given (no defaults). */
function rawToken(secret: string, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** A well-formed token but for what `claims` overrides (`undefined` drops a claim). */
function tokenWith(secret: string, claims: Record<string, unknown>): Promise<string> {
  const now = nowSeconds();
  const all: Record<string, unknown> = { sub: 'mallory', role: 'ADMIN', iat: now, exp: now + HOUR, ...claims };
  for (const key of Object.keys(all)) if (all[key] === undefined) delete all[key];
  return rawToken(secret, all);
}

const scriptEnv = (extra: Record<string, string>) => ({ ...process.env, NODE_ENV: 'test', ...extra });
const runScript = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', script, ...args], { encoding: 'utf8', env: scriptEnv(env) });

describe.each(BACKENDS)('tokens and service trust (%s)', (backend) => {
  let fed: Federation;
  const gateway = (query: string, token: string, variables?: Record<string, unknown>) => fed.query(query, { token, variables });
  const proofTo = (name: keyof Federation['subgraphs'], proof: string, body: Record<string, unknown> = { query: '{ __typename }' }) =>
    postGraphQL(fed.subgraphs[name].url, body, { [INTERNAL_HEADER]: proof });

  beforeAll(async () => {
    fed = await startFederation(backend);
  });
  afterAll(() => fed?.stop());

  describe('a user token that never expires, or lives too long, is refused at the gateway (HTTP 401)', () => {
    const refused = async (token: string) => {
      const res = await gateway('{ libraries { id } }', token);
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    };

    it('refuses a correctly signed ADMIN token without exp', async () => {
      await refused(await tokenWith(fed.config.jwtSecret, { exp: undefined }));
    });

    it('refuses a token whose exp is a century away', async () => {
      await refused(await tokenWith(fed.config.jwtSecret, { exp: nowSeconds() + 100 * 365 * 24 * HOUR }));
    });

    it('refuses a token living longer than TOKEN_MAX_TTL (24 h) even when issued an hour ago', async () => {
      const now = nowSeconds();
      await refused(await tokenWith(fed.config.jwtSecret, { iat: now - HOUR, exp: now + 24 * HOUR }));
    });

    it('refuses a token without iat', async () => {
      await refused(await tokenWith(fed.config.jwtSecret, { iat: undefined }));
    });

    it('refuses a token issued in the future beyond the clock skew', async () => {
      const now = nowSeconds();
      await refused(await tokenWith(fed.config.jwtSecret, { iat: now + 10 * 60, exp: now + HOUR }));
    });

    it('refuses a token issued longer ago than TOKEN_MAX_TTL, though not expired', async () => {
      const now = nowSeconds();
      await refused(await tokenWith(fed.config.jwtSecret, { iat: now - 25 * HOUR, exp: now + 60 }));
    });

    it('refuses a token with a numeric or string exp and iat that are not numbers', async () => {
      await refused(await tokenWith(fed.config.jwtSecret, { exp: String(nowSeconds() + HOUR) }));
      await refused(await tokenWith(fed.config.jwtSecret, { iat: 'yesterday' }));
    });

    it('still accepts a 24-hour token, and one issued a few seconds ahead of our clock', async () => {
      const now = nowSeconds();
      for (const claims of [
        { iat: now, exp: now + 24 * HOUR },
        { iat: now + 20, exp: now + HOUR },
      ]) {
        const res = await gateway(KUPANG_LIBRARIANS, await tokenWith(fed.config.jwtSecret, claims));
        expect(res.errors).toBeUndefined();
      }
    });

    it('honours a shorter TOKEN_MAX_TTL: a gateway configured with 1 h refuses a 2-hour token', async () => {
      const gw = await startGateway({ ...fed.config, tokenMaxTtl: HOUR }, { port: 0, subgraphUrls: subgraphUrlsOf(fed) });
      try {
        const now = nowSeconds();
        const long = await postGraphQL(
          gw.url,
          { query: '{ libraries { id } }' },
          { authorization: `Bearer ${await tokenWith(fed.config.jwtSecret, { iat: now, exp: now + 2 * HOUR })}` },
        );
        expect(long.status).toBe(401);
        const short = await postGraphQL(
          gw.url,
          { query: '{ libraries { id } }' },
          { authorization: `Bearer ${await tokenWith(fed.config.jwtSecret, { iat: now, exp: now + HOUR })}` },
        );
        expect(short.errors).toBeUndefined();
      } finally {
        await gw.stop();
      }
    });

    it('`npm run token -- --ttl` refuses more than TOKEN_MAX_TTL, and TOKEN_TTL may not exceed it', () => {
      const tooLong = runScript('scripts/token.ts', ['--role', 'ADMIN', '--ttl', '25h']);
      expect(tooLong.status).toBe(2);
      expect(tooLong.stderr).toMatch(/TOKEN_MAX_TTL/);
      expect(tooLong.stdout).toBe('');
      const overMax = runScript('scripts/token.ts', ['--role', 'ADMIN', '--ttl', '2h'], { TOKEN_MAX_TTL: '1h' });
      expect(overMax.status).toBe(2);
      const badDefault = runScript('scripts/token.ts', ['--role', 'ADMIN'], { TOKEN_TTL: '48h' });
      expect(badDefault.status).not.toBe(0);
      expect(badDefault.stderr).toMatch(/TOKEN_TTL .* must not exceed TOKEN_MAX_TTL/);
    });
  });

  describe('claims are read with their exact types, never coerced (HTTP 401)', () => {
    const refused = async (claims: Record<string, unknown>) => {
      const res = await gateway(KUPANG_LIBRARIANS, await tokenWith(fed.config.jwtSecret, claims));
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    };

    it('refuses libraryId: ["baubau"], which used to act as Baubau\'s admin', async () => {
      await refused({ role: 'LIBRARY_ADMIN', libraryId: ['baubau'] });
    });

    it('refuses a numeric, an empty, an over-long and an odd-charactered libraryId', async () => {
      await refused({ role: 'LIBRARY_ADMIN', libraryId: 42 });
      await refused({ role: 'LIBRARY_ADMIN', libraryId: '' });
      await refused({ role: 'LIBRARY_ADMIN', libraryId: 'k'.repeat(200) });
      await refused({ role: 'LIBRARY_ADMIN', libraryId: "kupang' OR '1'='1" });
      await refused({ role: 'LIBRARY_ADMIN', libraryId: { id: 'kupang' } });
    });

    it('refuses province: "" (which used to mean the whole region) and a non-string province', async () => {
      await refused({ role: 'GOVERNMENT', province: '' });
      await refused({ role: 'GOVERNMENT', province: ['Nusa Tenggara Timur'] });
    });

    it('refuses a missing, empty or non-string sub', async () => {
      await refused({ sub: undefined });
      await refused({ sub: '' });
      await refused({ sub: 42 });
    });

    it('refuses an unknown role, a lower-case role, and SERVICE in a user token', async () => {
      await refused({ role: 'SUPERUSER' });
      await refused({ role: 'admin' });
      await refused({ role: 'SERVICE', service: 'collections' });
      await refused({ role: ['ADMIN'] });
    });

    it('refuses a scope claim the role does not use: memberId on a LIBRARY_ADMIN token, libraryId on a PARTNER or ADMIN token', async () => {
      await refused({ role: 'LIBRARY_ADMIN', libraryId: 'kupang', memberId: kupangMember });
      await refused({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0), libraryId: 'kupang' });
      await refused({ role: 'ADMIN', libraryId: 'kupang' });
      await refused({ role: 'GOVERNMENT', service: 'collections' });
    });

    it('`npm run token` will not print such a token either', () => {
      expect(identityFromFlags(['--role', 'ADMIN', '--library', 'kupang'])).toMatch(/takes no --library/);
      expect(identityFromFlags(['--role', 'LIBRARY_ADMIN', '--library', 'kupang', '--member', kupangMember])).toMatch(/takes no --member/);
    });

    it('still accepts a province name with spaces', async () => {
      const res = await gateway(KUPANG_LIBRARIANS, await tokenWith(fed.config.jwtSecret, { role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' }));
      expect(res.errors).toBeUndefined();
    });
  });

  describe("a MEMBER token's memberId must be a member of its libraryId (collections, UNAUTHENTICATED)", () => {
    it("refuses a Kupang member's id under libraryId baubau", async () => {
      const token = await fed.token({ role: 'MEMBER', libraryId: 'baubau', memberId: kupangMember });
      const res = await gateway(MEMBER, token, { id: kupangMember });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data?.member ?? null).toBeNull();
    });

    it('refuses a memberId that is no member at all', async () => {
      const token = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 9999) });
      const res = await gateway(MEMBER, token, { id: kupangMember });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses the mismatched member also on a path that takes the library from the token (suggesting a purchase to Baubau)', async () => {
      const token = await fed.token({ role: 'MEMBER', libraryId: 'baubau', memberId: kupangMember });
      const res = await gateway('mutation { suggestPurchase(input: { title: "Laskar Pelangi", authors: ["Andrea Hirata"] }) { id } }', token);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses it at the subgraph too, whatever the gateway forwarded', async () => {
      const proof = await signInternalToken({ sub: 'm', role: 'MEMBER', libraryId: 'baubau', memberId: kupangMember }, fed.config.gatewaySecret);
      const res = await proofTo('collections', proof, { query: MEMBER, variables: { id: kupangMember } });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('lets the member with the right library read their own record', async () => {
      const token = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: kupangMember });
      const res = await gateway(MEMBER, token, { id: kupangMember });
      expect(res.errors).toBeUndefined();
      expect(res.data.member.id).toBe(kupangMember);
    });
  });

  describe("the gateway's proof is asymmetric: subgraphs can verify it, never mint it", () => {
    const admin: Identity = { sub: 'mallory', role: 'ADMIN' };

    it('refuses a proof in the old scheme: HS256 signed with GATEWAY_SECRET', async () => {
      const now = nowSeconds();
      const old = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer('library-gateway')
        .setAudience('library-subgraphs')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(new TextEncoder().encode(fed.config.gatewaySecret));
      for (const name of ['staff-development', 'collections', 'community-events', 'partnerships'] as const) {
        const res = await proofTo(name, old);
        expect(res.status).toBe(401);
        expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      }
    });

    it('refuses a proof signed with another Ed25519 key', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const now = nowSeconds();
      const forged = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('mallory')
        .setIssuer('library-gateway')
        .setAudience('library-subgraphs')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(privateKey);
      const res = await proofTo('collections', forged);
      expect(res.status).toBe(401);
    });

    it('refuses a proof carrying role SERVICE', async () => {
      const proof = await signInternalToken({ sub: 'service:collections', role: 'SERVICE', service: 'collections' }, fed.config.gatewaySecret);
      const res = await proofTo('staff-development', proof, { query: INTERNAL_OPERATIONS.LibraryDirectory.query });
      expect(res.status).toBe(401);
    });

    it('refuses a service token carrying a user role', async () => {
      const now = nowSeconds();
      const token = await new SignJWT({ role: 'ADMIN', service: 'collections' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('service:collections')
        .setIssuer('library-service')
        .setAudience('library-subgraphs')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(new TextEncoder().encode(fed.config.serviceSecret));
      expect((await proofTo('collections', token)).status).toBe(401);
    });

    it("a subgraph given only the public key accepts the gateway's proof and refuses one minted with its own secret", async () => {
      const def = subgraphByName('staff-development');
      const ownSecret = 'a-subgraph-secret-that-is-not-the-gateway-one-0123456789';
      const config = testConfig(backend, { gatewaySecret: ownSecret, gatewayPublicKey: gatewayPublicKeyFor(fed.config.gatewaySecret) });
      const sub = await startSubgraph(def, config, { port: 0, seed: false, background: false });
      try {
        const real = await postGraphQL(sub.url, { query: '{ __typename }' }, { [INTERNAL_HEADER]: await signInternalToken(admin, fed.config.gatewaySecret) });
        expect(real.errors).toBeUndefined();
        const minted = await postGraphQL(sub.url, { query: '{ __typename }' }, { [INTERNAL_HEADER]: await signInternalToken(admin, ownSecret) });
        expect(minted.status).toBe(401);
      } finally {
        await sub.stop();
        await dropDatabase(config, def);
      }
    });

    it('`npm run keys` prints the public key of the configured GATEWAY_SECRET', () => {
      const printed = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/keys.ts'], {
        encoding: 'utf8',
        env: scriptEnv({ GATEWAY_SECRET: fed.config.gatewaySecret }),
      }).trim();
      expect(printed).toBe(gatewayPublicKeyFor(fed.config.gatewaySecret));
      expect(printed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('a SERVICE caller runs only its registered documents (FORBIDDEN)', () => {
    const asService = async (service: string, target: keyof Federation['subgraphs'], query: string, variables: Record<string, unknown> = {}) =>
      postGraphQL(fed.subgraphs[target].url, { query, variables }, { [INTERNAL_HEADER]: await signServiceToken(service, fed.config.serviceSecret) });

    it('refuses an unregistered document: collections asked for members by a service', async () => {
      const res = await asService('community-events', 'collections', `query { library(id: "kupang") { members(first: 5) { edges { node { id name } } } } }`);
      expect(res.status).toBe(403);
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('refuses a registered document sent to the wrong subgraph', async () => {
      const res = await asService('collections', 'partnerships', INTERNAL_OPERATIONS.LibraryDirectory.query);
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('refuses a registered document from a service that is not among its callers', async () => {
      const res = await asService('collections', 'staff-development', INTERNAL_OPERATIONS.TrainingProgrammeLibraries.query, { r: [] });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('answers a registered document from one of its callers', async () => {
      const res = await asService('collections', 'staff-development', INTERNAL_OPERATIONS.LibraryDirectory.query);
      expect(res.errors).toBeUndefined();
      expect(res.data.libraries.length).toBeGreaterThan(0);
    });

    it('refuses a service token replayed as a user bearer token at the gateway (HTTP 401)', async () => {
      const token = await signServiceToken('collections', fed.config.serviceSecret);
      const res = await gateway('{ libraries { id } }', token);
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });
  });
});
