import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { demoId } from '../shared/domain/demo';
import { identityFromAuthorization } from '../shared/platform/auth';
import { DEV_JWT_SECRET, StartupError, loadConfig, type OidcSettings } from '../shared/platform/config';
import { createOidcVerifier } from '../shared/platform/oidc';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

/**
 * A city's own identity provider: a real OIDC provider's surface (discovery document and JWKS)
 * served over HTTP by the test, keys generated here, tokens signed with SignJWT; the gateway
 * verifies them with jose's remote JWK set, nothing mocked.
 */

const REALM = '/realms/kupang';
const COOLDOWN_MS = 300;
const CACHE_MAX_AGE_MS = 5000;
const kupangLibrarian = demoId('librarian', 'kupang', 0);
const MEMBERS = `query ($id: ID!) { library(id: $id) { id members(first: 1) { totalCount } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

async function newKey(kid: string, alg: SigningKey['alg'] = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair<KeyObject>(alg);
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A Keycloak-shaped provider: discovery under the realm, the JWKS at .../protocol/openid-connect/certs; counts what it is asked. */
interface Provider {
  issuer: string;
  jwksUrl: string;
  requests: { discovery: number; jwks: number };
  down: boolean;
  publish(key: SigningKey): void;
  withdraw(kid: string): void;
  stop(): Promise<void>;
}

async function startProvider(): Promise<Provider> {
  const keys = new Map<string, JWK>();
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === `${REALM}/.well-known/openid-configuration`) {
      provider.requests.discovery += 1;
      if (provider.down) return send(503, { error: 'unavailable' });
      return send(200, { issuer: provider.issuer, jwks_uri: provider.jwksUrl, id_token_signing_alg_values_supported: ['RS256', 'ES256'] });
    }
    if (req.url === `${REALM}/protocol/openid-connect/certs`) {
      provider.requests.jwks += 1;
      if (provider.down) return send(503, { error: 'unavailable' });
      return send(200, { keys: [...keys.values()] });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: Provider = {
    issuer: `${origin}${REALM}`,
    jwksUrl: `${origin}${REALM}/protocol/openid-connect/certs`,
    requests: { discovery: 0, jwks: 0 },
    down: false,
    publish: (key) => void keys.set(key.kid, key.publicJwk),
    withdraw: (kid) => void keys.delete(kid),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return provider;
}

interface TokenOptions {
  issuer?: string;
  audience?: string;
  iat?: number;
  exp?: number;
  kid?: string;
}

function signWith(provider: Provider, key: SigningKey, claims: Record<string, unknown>, options: TokenOptions = {}): Promise<string> {
  const iat = options.iat ?? nowSeconds();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? provider.issuer)
    .setAudience(options.audience ?? 'library-api')
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 300)
    .sign(key.privateKey);
}

/** What a Keycloak realm sends for a librarian of Kupang: realm roles, a user-attribute mapper per scope claim, an audience mapper. */
const keycloakLibrarian = (extra: Record<string, unknown> = {}) => ({
  sub: '5f1c9a2e-7b1d-4c55-9a0e-1d2f3a4b5c6d',
  typ: 'Bearer',
  azp: 'library-web',
  preferred_username: 'siti.kupang',
  realm_access: { roles: ['offline_access', 'default-roles-kupang', 'uma_authorization', 'library-librarian'] },
  resource_access: { account: { roles: ['manage-account'] } },
  library_id: 'kupang',
  pustakawan: { id: kupangLibrarian },
  ...extra,
});

/** The gateway's settings for that realm (docs/oidc.md's Keycloak example). */
const keycloakEnv = (provider: Provider) => ({
  NODE_ENV: 'test',
  OIDC_ISSUER: provider.issuer,
  OIDC_AUDIENCE: 'library-api',
  OIDC_ROLE_CLAIM: 'realm_access.roles',
  OIDC_ROLE_PREFIX: 'library-',
  OIDC_CLAIM_LIBRARY_ID: 'library_id',
  OIDC_CLAIM_LIBRARIAN_ID: 'pustakawan.id',
  OIDC_CLAIM_MEMBER_ID: 'member_id',
  OIDC_CLAIM_PARTNER_ID: 'partner_id',
  OIDC_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
  OIDC_JWKS_CACHE_MAX_AGE_MS: String(CACHE_MAX_AGE_MS),
  OIDC_TIMEOUT_MS: '2000',
});

describe.each(BACKENDS)("tokens of the city's identity provider at the gateway (%s)", (backend) => {
  let provider: Provider;
  let fed: Federation;
  let k1: SigningKey;
  let ours: string;
  const kc = (key: SigningKey, extra: Record<string, unknown> = {}, options: TokenOptions = {}) => signWith(provider, key, keycloakLibrarian(extra), options);
  const members = (token: string, library = 'kupang') => fed.query(MEMBERS, { token, variables: { id: library } });
  const refused = async (token: string) => {
    const res = await members(token);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data?.library ?? null).toBeNull();
    return res.errors![0].message;
  };
  const reads = async (token: string) => {
    const res = await members(token);
    expect(res.errors).toBeUndefined();
    expect(res.data.library.members.totalCount).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    provider = await startProvider();
    k1 = await newKey('k1');
    provider.publish(k1);
    provider.down = true; // the provider is down while the gateway starts
    const oidc = loadConfig(keycloakEnv(provider)).oidc;
    fed = await startFederation(backend, { config: { oidc } });
    ours = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: kupangLibrarian });
  });
  afterAll(async () => {
    await fed?.stop();
    await provider?.stop();
  });

  describe('with the provider down when the gateway starts', () => {
    it('starts, serves our own HS256 tokens, and refuses provider tokens UNAUTHENTICATED, asking the provider at most once per cooldown', async () => {
      await reads(ours);
      expect(await refused(await kc(k1))).toMatch(/keys cannot be fetched/);
      const asked = provider.requests.discovery + provider.requests.jwks;
      expect(asked).toBe(1);
      for (let i = 0; i < 5; i += 1) await refused(await kc(k1));
      expect(provider.requests.discovery + provider.requests.jwks).toBe(asked);
      await reads(ours);
    });

    it('accepts them once the provider is back, without a restart, discovering and fetching the JWKS once for many requests', async () => {
      provider.down = false;
      await sleep(COOLDOWN_MS + 50);
      const before = { ...provider.requests };
      const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => kc(k1, { sub: `user-${i}` })));
      const answers = await Promise.all(tokens.map((token) => members(token)));
      for (const res of answers) expect(res.errors).toBeUndefined();
      expect(provider.requests.discovery - before.discovery).toBe(1);
      expect(provider.requests.jwks - before.jwks).toBe(1);
      for (const token of tokens.slice(0, 10)) await reads(token);
      expect(provider.requests.discovery - before.discovery).toBe(1);
      expect(provider.requests.jwks - before.jwks).toBe(1);
    });
  });

  describe('a LIBRARIAN of Kupang signed in at the provider (Keycloak-shaped claims)', () => {
    it("reads Kupang's members, as a librarian may", async () => {
      await reads(await kc(k1));
    });

    it("is refused Baubau's members with FORBIDDEN", async () => {
      const res = await members(await kc(k1), 'baubau');
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data.library.members).toBeNull();
    });

    it('is refused what only a LIBRARY_ADMIN may do: creating a training programme (FORBIDDEN)', async () => {
      const input = { libraryId: 'kupang', title: 'Pelatihan OIDC', module: 'MANAGEMENT', lessonHours: 8, capacity: 5, startsOn: '2027-03-01', endsOn: '2027-03-02' };
      const res = await fed.query(`mutation ($input: CreateTrainingProgrammeInput!) { createTrainingProgramme(input: $input) { id } }`, {
        token: await kc(k1),
        variables: { input },
      });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('works with an ES256 key of the provider too', async () => {
      const es = await newKey('es1', 'ES256');
      provider.publish(es);
      await sleep(COOLDOWN_MS + 50); // an unknown kid fetches the JWKS again, once the cooldown has passed
      await reads(await kc(es));
    });

    it('serves the regional CSV to a provider GOVERNMENT token and refuses it to the provider LIBRARIAN (FORBIDDEN)', async () => {
      const base = fed.gateway.url.replace(/\/graphql$/, '');
      const government = await signWith(provider, k1, { sub: 'analyst-1', realm_access: { roles: ['library-government'] } });
      const get = (token: string) => fetch(`${base}/reports/regional.csv?from=2026-10-01&to=2026-10-31`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get(government)).status).toBe(200);
      const librarian = await get(await kc(k1));
      expect(librarian.status).toBe(403);
      expect(((await librarian.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      const expired = await get(await kc(k1, {}, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }));
      expect(expired.status).toBe(401);
    });
  });

  describe('refuses with UNAUTHENTICATED', () => {
    it('a token of another issuer', async () => {
      expect(await refused(await kc(k1, {}, { issuer: 'http://127.0.0.1:9/realms/other' }))).toMatch(/identity provider/);
    });

    it('a token for another audience', async () => {
      expect(await refused(await kc(k1, {}, { audience: 'account' }))).toMatch(/aud/);
    });

    it('an expired token, and one that lives longer than TOKEN_MAX_TTL', async () => {
      expect(await refused(await kc(k1, {}, { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))).toMatch(/expired/);
      expect(await refused(await kc(k1, {}, { exp: nowSeconds() + 3 * 24 * 3600 }))).toMatch(/lives longer/);
      expect(await refused(await kc(k1, {}, { iat: nowSeconds() + 600, exp: nowSeconds() + 900 }))).toMatch(/iat/);
    });

    it('a token signed by a key the provider does not publish', async () => {
      expect(await refused(await kc(await newKey('stranger')))).toMatch(/no key/);
    });

    it('a token signed by another key under the kid of a published one', async () => {
      const impostor = await newKey('k1');
      expect(await refused(await kc(impostor))).toMatch(/signature/);
    });

    it('an unsigned token (alg none)', async () => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const claims = { ...keycloakLibrarian(), iss: provider.issuer, aud: 'library-api', iat: nowSeconds(), exp: nowSeconds() + 300 };
      await refused(`${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`);
      await refused(`${part({ alg: 'none', kid: 'k1' })}.${part(claims)}.`);
    });

    it("an HS256 token keyed with the JWKS's public material (the PEM, the modulus)", async () => {
      const pem = k1.publicKey.export({ type: 'spki', format: 'pem' }) as string;
      for (const secret of [new TextEncoder().encode(pem), Buffer.from(k1.publicJwk.n!, 'base64url'), new TextEncoder().encode(JSON.stringify(k1.publicJwk))]) {
        const token = await new SignJWT(keycloakLibrarian())
          .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
          .setIssuer(provider.issuer)
          .setAudience('library-api')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(secret);
        await refused(token);
      }
    });

    it('a provider token claiming SERVICE, or ADMIN while OIDC_ALLOW_ADMIN is off', async () => {
      expect(await refused(await kc(k1, { realm_access: { roles: ['library-service'] }, library_id: undefined, pustakawan: undefined }))).toMatch(/SERVICE/);
      expect(await refused(await kc(k1, { realm_access: { roles: ['library-admin'] }, library_id: undefined, pustakawan: undefined }))).toMatch(/ADMIN/);
    });

    it('a provider token that maps to no valid identity: no role of ours, a missing or an unused scope claim, a claim of the wrong type', async () => {
      expect(await refused(await kc(k1, { realm_access: { roles: ['offline_access'] } }))).toMatch(/none of our roles/);
      expect(await refused(await kc(k1, { realm_access: { roles: ['librarian'] } }))).toMatch(/none of our roles/); // no prefix: not ours
      expect(await refused(await kc(k1, { pustakawan: undefined }))).toMatch(/librarianId/);
      expect(await refused(await kc(k1, { member_id: 'm-1' }))).toMatch(/memberId/);
      expect(await refused(await kc(k1, { library_id: ['kupang'] }))).toMatch(/libraryId/);
    });

    it('an ID token of the realm used as an access token', async () => {
      expect(await refused(await kc(k1, { typ: 'ID' }))).toMatch(/no access token/);
    });
  });

  describe('key rotation at the provider', () => {
    let k2: SigningKey;

    it('verifies tokens of a new key as soon as it is published, without a restart, old-key tokens still valid', async () => {
      k2 = await newKey('k2');
      provider.publish(k2);
      await sleep(COOLDOWN_MS + 50);
      const fetched = provider.requests.jwks;
      await reads(await kc(k2));
      expect(provider.requests.jwks).toBe(fetched + 1);
      await reads(await kc(k1));
      await reads(await kc(k2));
      expect(provider.requests.jwks).toBe(fetched + 1);
    });

    it('refuses tokens of the old key once the provider withdraws it from its JWKS (after the cache age)', async () => {
      const old = await kc(k1);
      provider.withdraw(k1.kid);
      await sleep(CACHE_MAX_AGE_MS + 100);
      expect(await refused(old)).toMatch(/no key/);
      await reads(await kc(k2));
      await reads(ours);
    });
  });

  it('keeps our own HS256 tokens working with the provider on, ADMIN included', async () => {
    await reads(ours);
    await reads(await fed.token({ role: 'ADMIN' }));
  });
});

describe('the mapping of provider claims (real JWKS over HTTP, OIDC_JWKS_URL given)', () => {
  let provider: Provider;
  let key: SigningKey;
  const settings = (env: Record<string, string> = {}): OidcSettings =>
    loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: provider.issuer, OIDC_JWKS_URL: provider.jwksUrl, OIDC_JWKS_COOLDOWN_MS: '0', ...env }).oidc!;
  const verify = (token: string, oidc: OidcSettings) => identityFromAuthorization(`Bearer ${token}`, DEV_JWT_SECRET, { provider: createOidcVerifier(oidc) });

  beforeAll(async () => {
    provider = await startProvider();
    key = await newKey('m1', 'ES256');
    provider.publish(key);
  });
  afterAll(() => provider?.stop());

  it('reads the default claim names (role, libraryId, memberId …) and prefixes the subject with the issuer host, fetching no discovery document', async () => {
    const token = await signWith(provider, key, { sub: 'abc', role: 'MEMBER', libraryId: 'kupang', memberId: 'm-7' });
    const host = new URL(provider.issuer).host;
    expect(await verify(token, settings())).toEqual({ sub: `oidc:${host}:abc`, role: 'MEMBER', libraryId: 'kupang', memberId: 'm-7' });
    expect(provider.requests.discovery).toBe(0);
  });

  it('checks OIDC_AUDIENCE only when set, and then accepts any of its values', async () => {
    const token = await signWith(provider, key, { sub: 'g', role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' }, { audience: 'console' });
    expect(await verify(token, settings())).toMatchObject({ role: 'GOVERNMENT', province: 'Nusa Tenggara Timur' });
    expect(await verify(token, settings({ OIDC_AUDIENCE: 'library-api, console' }))).toMatchObject({ role: 'GOVERNMENT' });
    await expect(verify(token, settings({ OIDC_AUDIENCE: 'library-api' }))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('grants ADMIN only with OIDC_ALLOW_ADMIN=true, and never SERVICE', async () => {
    const admin = await signWith(provider, key, { sub: 'root', role: 'admin' });
    await expect(verify(admin, settings())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await verify(admin, settings({ OIDC_ALLOW_ADMIN: 'true' }))).toMatchObject({ role: 'ADMIN' });
    const service = await signWith(provider, key, { sub: 's', role: 'SERVICE', service: 'collections' });
    await expect(verify(service, settings({ OIDC_ALLOW_ADMIN: 'true' }))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('takes the first of our roles from an array claim, and reads a namespaced claim whose name contains dots', async () => {
    const token = await signWith(provider, key, { sub: 'p', 'https://perpustakaan.example/roles': ['staff', 'library-partner', 'library-librarian'], partner: 'p-9' });
    const oidc = settings({ OIDC_ROLE_CLAIM: 'https://perpustakaan.example/roles', OIDC_ROLE_PREFIX: 'library-', OIDC_CLAIM_PARTNER_ID: 'partner' });
    expect(await verify(token, oidc)).toMatchObject({ role: 'PARTNER', partnerId: 'p-9' });
  });

  it('refuses a provider whose discovery document names another issuer', async () => {
    const oidc = loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: `${provider.issuer}/`, OIDC_JWKS_COOLDOWN_MS: '0' }).oidc!;
    const token = await signWith(provider, key, { sub: 'x', role: 'ADMIN' }, { issuer: `${provider.issuer}/` });
    await expect(verify(token, oidc)).rejects.toThrow(/keys cannot be fetched/);
  });
});

describe('OIDC settings', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: 'test', ...env });
  const production = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_SECRET: 'g'.repeat(40), SERVICE_SECRET: 's'.repeat(40) };

  it('is off without OIDC_ISSUER, and refuses other OIDC_* settings without it', () => {
    expect(load({})().oidc).toBeUndefined();
    expect(load({ OIDC_AUDIENCE: 'library-api' })).toThrow(StartupError);
  });

  it('takes the defaults: RS256 and ES256, claim names as our own tokens spell them, no ADMIN', () => {
    expect(load({ OIDC_ISSUER: 'https://sso.kupangkota.go.id/realms/perpustakaan' })().oidc).toMatchObject({
      audience: [],
      algorithms: ['RS256', 'ES256'],
      claims: { role: 'role', libraryId: 'libraryId', librarianId: 'librarianId', memberId: 'memberId', partnerId: 'partnerId', province: 'province' },
      rolePrefix: '',
      allowAdmin: false,
      jwksCacheMaxAgeMs: 600_000,
      jwksCooldownMs: 30_000,
    });
  });

  it('wants https, allowing http only on loopback outside production', () => {
    expect(load({ OIDC_ISSUER: 'http://127.0.0.1:8080/realms/x' })().oidc?.issuer).toBe('http://127.0.0.1:8080/realms/x');
    expect(load({ OIDC_ISSUER: 'http://sso.example/realms/x' })).toThrow(/https/);
    expect(load({ OIDC_ISSUER: 'https://sso.example/realms/x', OIDC_JWKS_URL: 'http://sso.example/certs' })).toThrow(/OIDC_JWKS_URL/);
    expect(load({ ...production, OIDC_ISSUER: 'http://localhost:8080/realms/x', OIDC_AUDIENCE: 'a' })).toThrow(/https in production/);
  });

  it('wants OIDC_AUDIENCE in production', () => {
    expect(load({ ...production, OIDC_ISSUER: 'https://sso.example/realms/x' })).toThrow(/OIDC_AUDIENCE/);
    expect(load({ ...production, OIDC_ISSUER: 'https://sso.example/realms/x', OIDC_AUDIENCE: 'library-api' })().oidc?.audience).toEqual(['library-api']);
  });

  it('refuses symmetric or unknown algorithms, a bad claim path and a bad OIDC_ALLOW_ADMIN', () => {
    const issuer = { OIDC_ISSUER: 'https://sso.example/realms/x' };
    expect(load({ ...issuer, OIDC_ALGORITHMS: 'HS256' })).toThrow(/OIDC_ALGORITHMS/);
    expect(load({ ...issuer, OIDC_ALGORITHMS: 'none' })).toThrow(/OIDC_ALGORITHMS/);
    expect(load({ ...issuer, OIDC_ROLE_CLAIM: 'realm_access..roles' })).toThrow(/OIDC_ROLE_CLAIM/);
    expect(load({ ...issuer, OIDC_ALLOW_ADMIN: 'maybe' })).toThrow(/OIDC_ALLOW_ADMIN/);
  });
});
