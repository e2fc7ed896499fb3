import { demoId } from '../shared/domain/demo';
import { loadConfig } from '../shared/platform/config';
import { authCode, authRequest, credentials, demoAccounts, type DemoAccount } from './helpers/auth';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/notices';

/**
 * Accounts of the identity store (docs/auth.md): who creates, disables and resets which accounts,
 * own password and PIN changes, forgotten secrets by a one-time code sent through the notice
 * webhook, through real HTTP on every backend.
 */

describe.each(BACKENDS)('sign-in accounts (%s)', (backend) => {
  let fed: Federation;
  let webhook: WebhookReceiver;
  let demo: DemoAccount[];
  /** Access tokens of signed-in demo users, by user name. */
  const tokens: Record<string, string> = {};
  const login = (body: unknown) => authRequest(fed, 'POST', '/login', body);
  const post = (path: string, body: unknown, who?: string) => authRequest(fed, 'POST', path, body, who ? tokens[who] : undefined);
  /** Active individual members of a library without an account yet. */
  let freeMembers: { id: string; cardNumber: string }[];

  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    fed = await startFederation(backend, {
      config: { notices: { ...loadConfig({ ...process.env, NODE_ENV: 'test' }).notices, webhookUrl: webhook.url, allowPrivateAddresses: true } },
    });
    demo = await demoAccounts(fed);
    for (const a of demo.filter((d) => d.username)) {
      const res = await login(credentials(a));
      tokens[a.username!] = res.body.accessToken;
    }
    const member = demo.find((a) => a.role === 'MEMBER' && a.libraryId === 'kupang')!;
    tokens.member = (await login(credentials(member))).body.accessToken;
    const list = await fed.query('{ library(id: "kupang") { members(first: 40) { edges { node { id cardNumber status memberType } } } } }', { token: tokens.admin });
    freeMembers = list.data.library.members.edges
      .map((e: { node: { id: string; cardNumber: string; status: string; memberType: string } }) => e.node)
      .filter((m: { status: string; memberType: string; cardNumber: string }) => m.status === 'ACTIVE' && m.memberType !== 'INSTITUTION' && m.cardNumber !== member.cardNumber);
  }, 120_000);
  afterAll(async () => {
    await fed?.stop();
    await webhook?.stop();
  });

  describe('POST /auth/accounts', () => {
    it("lets a library admin create a librarian's account, linked to one of their library's librarians, with a one-time initial password", async () => {
      const res = await post('/accounts', { role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 3), username: 'pustakawan.baru' }, 'admin.kupang');
      expect(res.status).toBe(201);
      expect(res.body.account).toMatchObject({ role: 'LIBRARIAN', username: 'pustakawan.baru', libraryId: 'kupang', mustChange: true, disabled: false });
      expect(res.body.account).not.toHaveProperty('secretHash');
      expect(res.body.initialSecret).toMatch(/^\S{14}$/);
      const signedIn = await login({ username: 'pustakawan.baru', password: res.body.initialSecret });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.identity).toMatchObject({ role: 'LIBRARIAN', librarianId: demoId('librarian', 'kupang', 3), mustChange: true });
    });

    it('refuses a taken user name with CONFLICT', async () => {
      const res = await post('/accounts', { role: 'LIBRARY_ADMIN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 4), username: 'admin.kupang' }, 'admin.kupang');
      expect(res.status).toBe(409);
      expect(authCode(res)).toBe('CONFLICT');
    });

    it('refuses a librarian of another library, and an unknown one, with BAD_USER_INPUT on librarianId', async () => {
      for (const librarianId of [demoId('librarian', 'baubau', 3), demoId('librarian', 'kupang', 999)]) {
        const res = await post('/accounts', { role: 'LIBRARIAN', libraryId: 'kupang', librarianId, username: 'orang.lain' }, 'admin.kupang');
        expect(res.status).toBe(400);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'librarianId' });
      }
    });

    it.each([
      ['a librarian', 'pustakawan.kupang', 'FORBIDDEN'],
      ["another library's admin", 'admin.baubau', 'FORBIDDEN'],
      ['a member', 'member', 'FORBIDDEN'],
      ['a government user', 'pemerintah', 'FORBIDDEN'],
      ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
    ])("refuses %s creating a library's staff account", async (_who, who, code) => {
      const res = await post('/accounts', { role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 5), username: 'tidak.boleh' }, who);
      expect(authCode(res)).toBe(code);
    });

    it('lets ADMIN create partner and government users, and refuses a library admin doing so', async () => {
      const partner = await post('/accounts', { role: 'PARTNER', partnerId: demoId('partner', 'baubau', 1), username: 'mitra.baubau', email: 'mitra@example.com' }, 'admin');
      expect(partner.status).toBe(201);
      expect(partner.body.account).toMatchObject({ role: 'PARTNER', partnerId: demoId('partner', 'baubau', 1) });
      const government = await post('/accounts', { role: 'GOVERNMENT', province: 'Sulawesi Tenggara', username: 'analis.sultra' }, 'admin');
      expect(government.status).toBe(201);
      const signedIn = await login({ username: 'analis.sultra', password: government.body.initialSecret });
      expect(signedIn.body.identity).toMatchObject({ role: 'GOVERNMENT', province: 'Sulawesi Tenggara' });
      expect(authCode(await post('/accounts', { role: 'PARTNER', partnerId: demoId('partner', 'kupang', 1), username: 'mitra.x' }, 'admin.kupang'))).toBe('FORBIDDEN');
      expect(authCode(await post('/accounts', { role: 'GOVERNMENT', username: 'analis.x' }, 'admin.kupang'))).toBe('FORBIDDEN');
      expect(authCode(await post('/accounts', { role: 'ADMIN', username: 'admin.x' }, 'admin.kupang'))).toBe('FORBIDDEN');
      const unknown = await post('/accounts', { role: 'PARTNER', partnerId: demoId('partner', 'nowhere', 1), username: 'mitra.y' }, 'admin');
      expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
    });

    it("lets a librarian at the desk create a member's account: an initial PIN printed once, and the card number to sign in with", async () => {
      const target = freeMembers[0];
      const res = await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id }, 'pustakawan.kupang');
      expect(res.status).toBe(201);
      expect(res.body.account).toMatchObject({ role: 'MEMBER', memberId: target.id, cardNumber: target.cardNumber, mustChange: true });
      expect(res.body.initialSecret).toMatch(/^\d{6}$/);
      const signedIn = await login({ libraryId: 'kupang', cardNumber: target.cardNumber, pin: res.body.initialSecret });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.identity).toMatchObject({ role: 'MEMBER', memberId: target.id });
      // One account per card.
      expect(authCode(await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id }, 'admin.kupang'))).toBe('CONFLICT');
    });

    it("refuses a member account from another library's staff, a member, and for a member of another library", async () => {
      const target = freeMembers[1];
      expect(authCode(await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id }, 'pustakawan.baubau'))).toBe('FORBIDDEN');
      expect(authCode(await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id }, 'member'))).toBe('FORBIDDEN');
      const elsewhere = await post('/accounts', { role: 'MEMBER', libraryId: 'baubau', memberId: target.id }, 'pustakawan.baubau');
      expect(elsewhere.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'memberId' });
    });
  });

  describe('disabling and admin resets', () => {
    it('lets the library admin disable a librarian: no sign-in, no refresh; enabled again, they sign in', async () => {
      const created = await post('/accounts', { role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 4), username: 'akan.nonaktif' }, 'admin.baubau');
      const id = created.body.account.id;
      const first = await login({ username: 'akan.nonaktif', password: created.body.initialSecret });
      expect(first.status).toBe(200);

      expect(authCode(await post(`/accounts/${id}/disable`, {}, 'pustakawan.baubau'))).toBe('FORBIDDEN');
      expect(authCode(await post(`/accounts/${id}/disable`, {}, 'admin.kupang'))).toBe('FORBIDDEN');
      expect(authCode(await authRequest(fed, 'GET', `/accounts/${id}`, undefined, tokens['admin.kupang']))).toBe('FORBIDDEN');
      const disabled = await post(`/accounts/${id}/disable`, {}, 'admin.baubau');
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ disabled: true });

      const refused = await login({ username: 'akan.nonaktif', password: created.body.initialSecret });
      expect(refused.status).toBe(401);
      expect(authCode(await authRequest(fed, 'POST', '/refresh', { refreshToken: first.body.refreshToken }))).toBe('UNAUTHENTICATED');

      expect(authCode(await post(`/accounts/${id}/enable`, {}, 'pustakawan.baubau'))).toBe('FORBIDDEN');
      expect(authCode(await post(`/accounts/${id}/enable`, {}, 'admin.kupang'))).toBe('FORBIDDEN');
      expect((await post(`/accounts/${id}/enable`, {}, 'admin.baubau')).body).toMatchObject({ disabled: false });
      expect((await login({ username: 'akan.nonaktif', password: created.body.initialSecret })).status).toBe(200);
    });

    it('lets the admin reset a secret: a new one-time secret, the old one and the old sign-ins end', async () => {
      const created = await post(
        '/accounts',
        { role: 'LIBRARIAN', libraryId: 'pasuruan', librarianId: demoId('librarian', 'pasuruan', 4), username: 'lupa.sandi' },
        'admin.pasuruan',
      );
      const first = await login({ username: 'lupa.sandi', password: created.body.initialSecret });
      expect(authCode(await post(`/accounts/${created.body.account.id}/reset`, {}, 'pustakawan.pasuruan'))).toBe('FORBIDDEN');
      const reset = await post(`/accounts/${created.body.account.id}/reset`, {}, 'admin.pasuruan');
      expect(reset.status).toBe(200);
      expect(reset.body.initialSecret).not.toBe(created.body.initialSecret);
      expect(authCode(await authRequest(fed, 'POST', '/refresh', { refreshToken: first.body.refreshToken }))).toBe('UNAUTHENTICATED');
      expect((await login({ username: 'lupa.sandi', password: reset.body.initialSecret })).status).toBe(200);
    });

    it('answers NOT_FOUND for an unknown account', async () => {
      const res = await post('/accounts/00000000-0000-4000-8000-000000000000/disable', {}, 'admin');
      expect(res.status).toBe(404);
      expect(authCode(res)).toBe('NOT_FOUND');
    });
  });

  describe('POST /auth/password', () => {
    it('lets a member change their own PIN, refusing the obvious ones', async () => {
      const target = freeMembers[2];
      const created = await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id }, 'admin.kupang');
      const signedIn = await login({ libraryId: 'kupang', cardNumber: target.cardNumber, pin: created.body.initialSecret });
      const token = signedIn.body.accessToken;
      const cardDigits = target.cardNumber.replace(/\D/g, '').slice(-6);
      for (const weak of ['123456', '111111', '987654', '12345', 'abcdef', cardDigits, '121212']) {
        const res = await authRequest(fed, 'POST', '/password', { current: created.body.initialSecret, new: weak }, token);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'new' });
      }
      const wrong = await authRequest(fed, 'POST', '/password', { current: '000000', new: '730519' }, token);
      expect(wrong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'current' });
      const changed = await authRequest(fed, 'POST', '/password', { current: created.body.initialSecret, new: '730519' }, token);
      expect(changed.status).toBe(200);
      expect((await login({ libraryId: 'kupang', cardNumber: target.cardNumber, pin: '730519' })).body.identity).toMatchObject({ memberId: target.id });
    });

    it('refuses a short password, a common one and one holding the user name', async () => {
      const token = tokens['pustakawan.pematang-siantar'];
      const current = demo.find((a) => a.username === 'pustakawan.pematang-siantar')!.password;
      for (const weak of ['pendek1', 'password123', 'xx-pustakawan.pematang-siantar-xx']) {
        const res = await authRequest(fed, 'POST', '/password', { current, new: weak }, token);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'new' });
      }
    });

    it('refuses an anonymous caller and a token that names no account', async () => {
      expect(authCode(await authRequest(fed, 'POST', '/password', { current: 'a', new: 'b' }))).toBe('UNAUTHENTICATED');
      expect(authCode(await authRequest(fed, 'POST', '/password', { current: 'a', new: 'b' }, await fed.token({ role: 'ADMIN' })))).toBe('FORBIDDEN');
    });
  });

  describe('forgotten secrets', () => {
    it('sends a one-time code through the WhatsApp webhook, which sets a new PIN once', async () => {
      const target = freeMembers[3];
      const created = await post('/accounts', { role: 'MEMBER', libraryId: 'kupang', memberId: target.id, phone: '+6281200001111' }, 'pustakawan.kupang');
      expect(created.status).toBe(201);
      const before = webhook.calls.length;
      const requested = await authRequest(fed, 'POST', '/reset/request', { libraryId: 'kupang', cardNumber: target.cardNumber });
      expect(requested.status).toBe(202);
      await waitFor(() => webhook.calls.length > before);
      const call = webhook.calls[webhook.calls.length - 1];
      expect(call.body).toMatchObject({ kind: 'SIGN_IN_RESET_CODE', to: '+6281200001111', libraryId: 'kupang' });
      const code = /(\d{8})/.exec(call.body.text)![1];

      const wrong = await authRequest(fed, 'POST', '/reset/confirm', {
        libraryId: 'kupang',
        cardNumber: target.cardNumber,
        code: code === '00000000' ? '11111111' : '00000000',
        newSecret: '640281',
      });
      expect(wrong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      const confirmed = await authRequest(fed, 'POST', '/reset/confirm', { libraryId: 'kupang', cardNumber: target.cardNumber, code, newSecret: '640281' });
      expect(confirmed.status).toBe(200);
      expect((await login({ libraryId: 'kupang', cardNumber: target.cardNumber, pin: '640281' })).status).toBe(200);
      const again = await authRequest(fed, 'POST', '/reset/confirm', { libraryId: 'kupang', cardNumber: target.cardNumber, code, newSecret: '502817' });
      expect(authCode(again)).toBe('BAD_USER_INPUT');
    });

    it('answers the same 202 for an unknown account, and sends it nothing', async () => {
      const member = demo.find((a) => a.role === 'MEMBER' && a.libraryId === 'baubau')!;
      const before = webhook.calls.length;
      const unknown = await authRequest(fed, 'POST', '/reset/request', { libraryId: 'baubau', cardNumber: '0000.0000.00000' });
      await new Promise((r) => setTimeout(r, 300));
      expect(webhook.calls.length).toBe(before);
      const known = await authRequest(fed, 'POST', '/reset/request', { libraryId: 'baubau', cardNumber: member.cardNumber });
      expect(unknown.status).toBe(202);
      expect(known.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      await waitFor(() => webhook.calls.length === before + 1);
    });
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
