import { execFileSync } from 'node:child_process';
import { SignJWT } from 'jose';
import { INTERNAL_HEADER, signInternalToken } from '../shared/platform/auth';
import { codes, postGraphQL, startFederation, type Federation } from './helpers/federation';

const KUPANG_LIBRARIANS = '{ library(id: "kupang") { id librarians(first: 2) { totalCount } } }';

describe('identity and tenancy', () => {
  let fed: Federation;

  beforeAll(async () => {
    fed = await startFederation('sqlite');
  });
  afterAll(() => fed?.stop());

  describe('at the gateway', () => {
    it('treats a request without a token as PUBLIC: the directory is open', async () => {
      const res = await fed.query('{ libraries { id } }');
      expect(res.errors).toBeUndefined();
      expect(res.data.libraries).toHaveLength(4);
    });

    it('answers UNAUTHENTICATED, not an empty list, when PUBLIC asks for staff-only data', async () => {
      const res = await fed.query(KUPANG_LIBRARIANS);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data.library.id).toBe('kupang');
      expect(res.data.library.librarians).toBeNull();
    });

    it('refuses a malformed token with UNAUTHENTICATED and HTTP 401', async () => {
      const res = await fed.query('{ libraries { id } }', { token: 'not-a-jwt' });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough-000'));
      const res = await fed.query('{ libraries { id } }', { token: forged });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses an expired token', async () => {
      const expired = await fed.token({ role: 'ADMIN' }, '-1m');
      const res = await fed.query('{ libraries { id } }', { token: expired });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a token whose role lacks its scope claim (a LIBRARY_ADMIN without libraryId)', async () => {
      const res = await fed.query('{ libraries { id } }', { token: await fed.token({ role: 'LIBRARY_ADMIN' }) });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it("lets a library's own admin read its staff directory", async () => {
      const res = await fed.query(KUPANG_LIBRARIANS, { token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }) });
      expect(res.errors).toBeUndefined();
      expect(res.data.library.librarians.totalCount).toBeGreaterThan(0);
    });

    it("refuses another library's admin with FORBIDDEN, in every subgraph", async () => {
      const baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
      const res = await fed.query('{ library(id: "kupang") { librarians(first: 1) { totalCount } members(first: 1) { totalCount } partners(first: 1) { totalCount } } }', {
        token: baubauAdmin,
      });
      expect(codes(res).sort()).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    });

    it('refuses GOVERNMENT the personal data of members', async () => {
      const res = await fed.query('{ library(id: "kupang") { members(first: 1) { totalCount } } }', {
        token: await fed.token({ role: 'GOVERNMENT' }),
      });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('accepts the token printed by `npm run token`', async () => {
      const token = execFileSync(
        process.execPath,
        [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/token.ts', '--role', 'LIBRARY_ADMIN', '--library', 'kupang'],
        { encoding: 'utf8', env: { ...process.env, JWT_SECRET: fed.config.jwtSecret } },
      ).trim();
      const res = await fed.query(KUPANG_LIBRARIANS, { token });
      expect(res.errors).toBeUndefined();
    });
  });

  describe('at the subgraphs', () => {
    const subgraphNames = ['staff-development', 'collections', 'community-events', 'partnerships'] as const;

    it.each(subgraphNames)('%s refuses a direct call that carries a valid user token but not the gateway proof', async (name) => {
      const userToken = await fed.token({ role: 'ADMIN' });
      const res = await postGraphQL(fed.subgraphs[name].url, { query: '{ __typename }' }, { authorization: `Bearer ${userToken}` });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it.each(subgraphNames)('%s refuses a user token passed off as the gateway proof', async (name) => {
      const userToken = await fed.token({ role: 'ADMIN' });
      const res = await postGraphQL(fed.subgraphs[name].url, { query: '{ __typename }' }, { [INTERNAL_HEADER]: userToken });
      expect(res.status).toBe(401);
    });

    it('refuses a proof signed with the wrong gateway secret', async () => {
      const proof = await signInternalToken({ sub: 'x', role: 'ADMIN' }, 'not-the-gateway-secret-0123456789-abcdef');
      const res = await postGraphQL(fed.subgraphs.collections.url, { query: '{ __typename }' }, { [INTERNAL_HEADER]: proof });
      expect(res.status).toBe(401);
    });

    it('remembers a proof it verified only until the end of its life: an hour later the same proof is refused', async () => {
      const proof = await signInternalToken({ sub: 'admin:remembered', role: 'ADMIN' }, fed.config.gatewaySecret);
      const call = () => postGraphQL(fed.subgraphs.collections.url, { query: '{ __typename }' }, { [INTERNAL_HEADER]: proof });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      // Only the clock moves: the servers' timers run as they do.
      jest.useFakeTimers({
        doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
      });
      jest.setSystemTime(Date.now() + 3_600_000);
      try {
        const res = await call();
        expect(res.status).toBe(401);
        expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      } finally {
        jest.useRealTimers();
      }
    });

    it('remembers a sign-in token it verified only until the token expires: past its end the same token is refused', async () => {
      const token = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin:remembered-token')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(fed.config.jwtSecret));
      expect((await fed.query('{ libraries { id } }', { token })).errors).toBeUndefined();
      expect((await fed.query('{ libraries { id } }', { token })).errors).toBeUndefined();
      jest.useFakeTimers({
        doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
      });
      jest.setSystemTime(Date.now() + 12 * 60_000);
      try {
        const res = await fed.query('{ libraries { id } }', { token });
        expect(res.status).toBe(401);
        expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      } finally {
        jest.useRealTimers();
      }
    });

    it('checks tenancy inside reference resolvers: a member cannot fetch another member through _entities', async () => {
      const members = await fed.query('{ library(id: "kupang") { members(first: 5) { edges { node { id } } } } }', {
        token: await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }),
      });
      const [me, other] = members.data.library.members.edges.map((e: any) => e.node.id).slice(3);
      const proof = await signInternalToken({ sub: 'm', role: 'MEMBER', libraryId: 'kupang', memberId: me }, fed.config.gatewaySecret);
      const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id name } } }';
      const own = await postGraphQL(fed.subgraphs.collections.url, { query, variables: { r: [{ __typename: 'Member', id: me }] } }, { [INTERNAL_HEADER]: proof });
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].id).toBe(me);
      const theirs = await postGraphQL(fed.subgraphs.collections.url, { query, variables: { r: [{ __typename: 'Member', id: other }] } }, { [INTERNAL_HEADER]: proof });
      expect(codes(theirs)).toEqual(['FORBIDDEN']);
    });
  });
});
