import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { signUserToken, type Identity, type Role } from '../../shared/platform/auth';
import type { Config } from '../../shared/platform/config';
import { isMysql, isUniqueViolation, transaction } from '../../shared/platform/database';
import { AppError, BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/platform/errors';
import type { Logger } from '../../shared/platform/logger';
import { NoticeChannel, type Transports } from '../../shared/platform/transports';
import { DEMO_PASSWORD, DEMO_PIN } from './demo-secrets';
import type { Directory } from './directory';
import { AuthAccount, AuthRefreshToken, AuthResetCode, AuthSignIn, AuthThrottle } from './entities';
import { dummyHash, hashSecret, newInitialSecret, newRefreshToken, newResetCode, passwordWeakness, pinWeakness, sha256, verifySecret } from './secrets';

/**
 * The identity store's rules: sign-in (with the throttle), refresh-token rotation with reuse
 * detection, logout, accounts (who may create, disable, reset), own secret changes, forgotten
 * secrets by one-time code, and the sign-in log. Network calls (the owning subgraphs, the notice
 * transports) happen outside transactions. Time is the real time (token lifetimes and locks
 * follow the wall clock, not the business clock tests move).
 */

/** Refused sign-ins: too many failures (the delay or the lock). */
export class TooManyAttempts extends Error {
  constructor(readonly retryAfter: number) {
    super('Too many failed sign-ins: try again later');
  }
}

export interface Client {
  address: string;
  userAgent: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  identity: PublicIdentity;
}

/** What a sign-in answers about its account: the token's claims, the name to show, and whether the secret must change. */
export interface PublicIdentity extends Omit<Identity, 'service' | 'provinceLibraryIds'> {
  displayName: string;
  mustChange?: boolean;
}

export const ACCOUNT_ROLES = ['MEMBER', 'LIBRARIAN', 'LIBRARY_ADMIN', 'PARTNER', 'GOVERNMENT', 'ADMIN'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,59}$/;
const LIBRARY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CARD_NUMBER = /^[A-Za-z0-9.\-/]{1,20}$/;
const MAX_SIGN_INS = 50;
const RESET_CODE_TRIES = 5;

/** The login name of a member's account: their library and card number. */
export const memberLoginName = (libraryId: string, cardNumber: string): string => `${libraryId}/${cardNumber}`;

const str = (body: Record<string, unknown>, field: string, max = 200): string => {
  const v = body[field];
  if (typeof v !== 'string' || !v.length || v.length > max) throw new BadUserInputError(field, `${field} is required (text, at most ${max} characters)`);
  return v;
};
const optStr = (body: Record<string, unknown>, field: string, max = 200): string | null => (body[field] === undefined || body[field] === null ? null : str(body, field, max));

/** The login name the body names: `username`, or `libraryId` + `cardNumber`. */
export function loginNameOf(body: Record<string, unknown>): { loginName: string; member: boolean; cardNumber?: string } {
  if (body.username !== undefined) return { loginName: str(body, 'username', 60).trim().toLowerCase(), member: false };
  const libraryId = str(body, 'libraryId', 40).trim().toLowerCase();
  const cardNumber = str(body, 'cardNumber', 20).trim();
  return { loginName: memberLoginName(libraryId, cardNumber), member: true, cardNumber };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function publicIdentity(account: AuthAccount): PublicIdentity {
  const out: PublicIdentity = { sub: `account:${account.id}`, role: account.role as Role, displayName: account.displayName };
  if (account.libraryId) out.libraryId = account.libraryId;
  if (account.role === 'MEMBER') out.memberId = account.memberId!;
  // A LIBRARY_ADMIN account keeps its librarian link (for the "left" check) but its token carries only libraryId.
  if (account.role === 'LIBRARIAN') out.librarianId = account.librarianId!;
  if (account.partnerId) out.partnerId = account.partnerId;
  if (account.province) out.province = account.province;
  if (account.mustChange) out.mustChange = true;
  return out;
}

export interface AuthServiceDeps {
  db: DataSource;
  config: Config;
  directory: Directory;
  transports: Transports;
  log: Logger;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({ db, config, directory, transports, log }: AuthServiceDeps) {
  const settings = config.auth;
  const accounts = db.getRepository(AuthAccount);

  // ---- the throttle ------------------------------------------------------------------------

  const delayMs = (failures: number) => (failures <= 0 ? 0 : Math.min(settings.delayMaxMs, settings.delayBaseMs * 2 ** (failures - 1)));

  async function lockedRow(tx: EntityManager, key: string): Promise<AuthThrottle> {
    const repo = tx.getRepository(AuthThrottle);
    const find = () => (isMysql(tx) ? repo.createQueryBuilder('t').where('t.key = :key', { key }).setLock('pessimistic_write').getOne() : repo.findOneBy({ key }));
    let row = await find();
    if (!row) {
      try {
        await repo.insert({ key, failures: 0, blockedUntil: null, lastFailureAt: null, version: 0 });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      row = (await find())!;
    }
    // Failures count "in a row": a series forgotten for a lock's length is over.
    if (row.lastFailureAt && row.lastFailureAt.getTime() + settings.lockSeconds * 1000 < Date.now() && !(row.blockedUntil && row.blockedUntil.getTime() > Date.now()))
      row.failures = 0;
    return row;
  }

  /**
   * Before a secret is checked: refuses while the name or the address is blocked (the delay after
   * a failure, or the lock), and reserves the name for the time a failure would earn (at least a
   * second), so that parallel guesses at one account wait their turn instead of racing the
   * counter.
   */
  async function admit(loginName: string, address: string): Promise<void> {
    await transaction(db, async (tx) => {
      const at = new Date();
      const name = await lockedRow(tx, `login:${loginName}`);
      const addr = await lockedRow(tx, `address:${address}`);
      const blocked = [name.blockedUntil, addr.blockedUntil].filter((d): d is Date => !!d && d > at);
      if (blocked.length) {
        const until = Math.max(...blocked.map((d) => d.getTime()));
        throw new TooManyAttempts(Math.max(1, Math.ceil((until - at.getTime()) / 1000)));
      }
      const reserved = new Date(at.getTime() + Math.max(delayMs(name.failures + 1), 1000));
      await tx.getRepository(AuthThrottle).update({ key: name.key }, { blockedUntil: reserved, version: name.version + 1 });
    });
  }

  /** A failure: counts it for the name and the address; the delay, or the lock after too many. Returns the delay to wait before answering. */
  async function fail(loginName: string, address: string): Promise<number> {
    return transaction(db, async (tx) => {
      const at = Date.now();
      let wait = 0;
      for (const [key, lockAfter, blocksWhileDelayed] of [
        [`login:${loginName}`, settings.lockAfter, true],
        [`address:${address}`, settings.addressLockAfter, false],
      ] as const) {
        const row = await lockedRow(tx, key);
        const failures = row.failures + 1;
        const locked = failures >= lockAfter;
        const delay = delayMs(failures);
        wait = Math.max(wait, locked ? 0 : delay);
        const blockedUntil = locked ? new Date(at + settings.lockSeconds * 1000) : blocksWhileDelayed ? new Date(at + delay) : null;
        // After a lock the series starts again: the next failure earns the first delay.
        await tx.getRepository(AuthThrottle).update({ key }, { failures: locked ? 0 : failures, blockedUntil, lastFailureAt: new Date(at), version: row.version + 1 });
      }
      return wait;
    });
  }

  /** A success ends the name's series (not the address's: one good account must not launder guesses at others). */
  async function succeed(loginName: string): Promise<void> {
    await transaction(db, (tx) => tx.getRepository(AuthThrottle).delete({ key: `login:${loginName}` }));
  }

  async function record(accountId: string | null, loginName: string, client: Client, outcome: string): Promise<void> {
    await transaction(db, (tx) =>
      tx.getRepository(AuthSignIn).insert({
        id: randomUUID(),
        accountId,
        loginName: loginName.slice(0, 200),
        at: new Date(),
        address: client.address.slice(0, 64),
        userAgent: client.userAgent.slice(0, 300),
        outcome,
      }),
    );
  }

  // ---- tokens ------------------------------------------------------------------------------

  async function issue(tx: EntityManager, account: AuthAccount, familyId: string): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    const at = new Date();
    await tx.getRepository(AuthRefreshToken).insert({
      id: randomUUID(),
      tokenHash: sha256(refreshToken),
      familyId,
      accountId: account.id,
      createdAt: at,
      expiresAt: new Date(at.getTime() + settings.refreshTtl * 1000),
      spentAt: null,
      revokedAt: null,
    });
    const identity = publicIdentity(account);
    const { displayName: _name, mustChange: _must, ...claims } = identity;
    const accessToken = await signUserToken(claims, config.jwtSecret, `${settings.accessTtl}s`);
    return { accessToken, refreshToken, expiresIn: settings.accessTtl, tokenType: 'Bearer', identity };
  }

  const revokeFamily = (tx: EntityManager, familyId: string) => tx.getRepository(AuthRefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });

  /** Whether the person behind the account still holds the role: the librarian still works there, the member's card is ACTIVE and unexpired. */
  async function stillHolds(account: AuthAccount): Promise<boolean> {
    if ((account.role === 'LIBRARIAN' || account.role === 'LIBRARY_ADMIN') && account.librarianId) {
      const librarian = (await directory.librarians([account.librarianId])).get(account.librarianId);
      return !!librarian && librarian.libraryId === account.libraryId;
    }
    if (account.role === 'MEMBER') {
      const member = (await directory.members([account.memberId!])).get(account.memberId!);
      const today = new Date().toISOString().slice(0, 10);
      return !!member && member.libraryId === account.libraryId && member.status === 'ACTIVE' && member.expiresOn >= today;
    }
    if (account.role === 'PARTNER') return (await directory.partners([account.partnerId!])).has(account.partnerId!);
    return true;
  }

  // ---- who may manage whom -----------------------------------------------------------------

  function mayManage(caller: Identity, target: { role: string; libraryId: string | null }): boolean {
    if (caller.role === 'ADMIN') return true;
    if (target.role === 'LIBRARIAN' || target.role === 'LIBRARY_ADMIN') return caller.role === 'LIBRARY_ADMIN' && caller.libraryId === target.libraryId;
    if (target.role === 'MEMBER') return (caller.role === 'LIBRARIAN' || caller.role === 'LIBRARY_ADMIN') && caller.libraryId === target.libraryId;
    return false;
  }

  function requireSignedIn(caller: Identity): void {
    if (caller.role === 'PUBLIC') throw new UnauthenticatedError();
  }

  /** The caller's own account (tokens minted by `npm run token` name none). */
  async function ownAccount(caller: Identity): Promise<AuthAccount> {
    requireSignedIn(caller);
    const id = /^account:(.+)$/.exec(caller.sub)?.[1];
    const account = id ? await accounts.findOneBy({ id }) : null;
    if (!account) throw new ForbiddenError('This token names no account of the identity store');
    return account;
  }

  function checkSecret(account: Pick<AuthAccount, 'role' | 'loginName' | 'cardNumber'>, secret: string, field: string): void {
    const why = account.role === 'MEMBER' ? pinWeakness(secret, account.cardNumber) : passwordWeakness(secret, account.loginName);
    if (why) throw new BadUserInputError(field, why);
  }

  return {
    async login(body: Record<string, unknown>, client: Client): Promise<TokenPair> {
      const { loginName, member } = loginNameOf(body);
      const secret = str(body, member ? 'pin' : 'password', 200);
      await admit(loginName, client.address);
      const account = await accounts.findOneBy({ loginName });
      // The same work whether or not the account exists: an unknown name is checked against a dummy hash.
      const ok = await verifySecret(secret, account?.secretHash ?? (await dummyHash(settings.scryptN)));
      if (!account || !ok) {
        const wait = await fail(loginName, client.address);
        await record(account?.id ?? null, loginName, client, 'BAD_CREDENTIALS');
        await sleep(wait);
        throw new UnauthenticatedError('The user name or the password is wrong', 401);
      }
      await succeed(loginName);
      if (account.disabled) {
        await record(account.id, loginName, client, 'DISABLED');
        throw new UnauthenticatedError('This account is disabled', 401);
      }
      // The librarian still works there, the card is still valid: asked of the owners, as at every refresh.
      if (!(await stillHolds(account))) {
        await record(account.id, loginName, client, 'NO_LONGER_HELD');
        throw new UnauthenticatedError('This account no longer gives access: ask your library', 401);
      }
      await record(account.id, loginName, client, 'SUCCESS');
      return transaction(db, (tx) => issue(tx, account, randomUUID()));
    },

    async refresh(body: Record<string, unknown>, client: Client): Promise<TokenPair> {
      const presented = str(body, 'refreshToken', 100);
      const hash = sha256(presented);
      const refused = () => new UnauthenticatedError('The refresh token is not valid: sign in again', 401);
      const token = await db.getRepository(AuthRefreshToken).findOneBy({ tokenHash: hash });
      if (!token) throw refused();
      const account = await accounts.findOneBy({ id: token.accountId });
      if (token.revokedAt || token.expiresAt <= new Date() || !account) throw refused();
      if (token.spentAt) {
        // A spent token presented again: someone else holds a copy. The whole sign-in ends.
        await transaction(db, (tx) => revokeFamily(tx, token.familyId));
        await record(account.id, account.loginName, client, 'REFRESH_REUSED');
        log.warn({ accountId: account.id, familyId: token.familyId }, 'refresh token reused: family revoked');
        throw refused();
      }
      if (account.disabled || !(await stillHolds(account))) {
        await transaction(db, (tx) => revokeFamily(tx, token.familyId));
        await record(account.id, account.loginName, client, account.disabled ? 'DISABLED' : 'NO_LONGER_HELD');
        throw refused();
      }
      return transaction(db, async (tx) => {
        // Spend it once: of two concurrent refreshes with one token, one wins.
        const spent = await tx
          .createQueryBuilder()
          .update(AuthRefreshToken)
          .set({ spentAt: new Date() })
          .where('id = :id AND spentAt IS NULL AND revokedAt IS NULL', { id: token.id })
          .execute();
        if (!spent.affected) throw refused();
        return issue(tx, account, token.familyId);
      });
    },

    async logout(body: Record<string, unknown>): Promise<void> {
      const presented = str(body, 'refreshToken', 100);
      const token = await db.getRepository(AuthRefreshToken).findOneBy({ tokenHash: sha256(presented) });
      if (token) await transaction(db, (tx) => revokeFamily(tx, token.familyId));
    },

    /** Creates an account; for a member, a generated PIN (or password for staff) is returned once as `initialSecret`. */
    async createAccount(caller: Identity, body: Record<string, unknown>): Promise<{ account: PublicAccount; initialSecret: string }> {
      requireSignedIn(caller);
      const role = str(body, 'role', 20) as AccountRole;
      if (!ACCOUNT_ROLES.includes(role)) throw new BadUserInputError('role', `role is one of ${ACCOUNT_ROLES.join(', ')}`);
      const draft: Partial<AuthAccount> = { role, libraryId: null, memberId: null, cardNumber: null, librarianId: null, partnerId: null, province: null };
      if (role === 'MEMBER' || role === 'LIBRARIAN' || role === 'LIBRARY_ADMIN') {
        draft.libraryId = str(body, 'libraryId', 40);
        if (!LIBRARY_ID.test(draft.libraryId)) throw new BadUserInputError('libraryId', 'libraryId is a library slug');
      }
      if (role === 'GOVERNMENT') draft.province = optStr(body, 'province', 100);
      if (!mayManage(caller, { role, libraryId: draft.libraryId ?? null })) throw new ForbiddenError('You may not create this account');
      let displayName = optStr(body, 'displayName', 150);
      draft.contactEmail = optStr(body, 'email', 200);
      draft.contactPhone = optStr(body, 'phone', 30);
      // The person must exist where their data lives: asked before any transaction.
      if (role === 'MEMBER') {
        const memberId = str(body, 'memberId', 36);
        const member = (await directory.members([memberId])).get(memberId);
        if (!member || member.libraryId !== draft.libraryId) throw new BadUserInputError('memberId', `${memberId} is not a member of ${draft.libraryId}`);
        if (!CARD_NUMBER.test(member.cardNumber)) throw new BadUserInputError('memberId', 'The member has no usable card number');
        Object.assign(draft, { memberId, cardNumber: member.cardNumber, loginName: memberLoginName(draft.libraryId, member.cardNumber) });
        draft.contactEmail ??= member.email;
        draft.contactPhone ??= member.phone;
        displayName ??= member.name;
      } else {
        const username = str(body, 'username', 60).trim().toLowerCase();
        if (!USERNAME.test(username)) throw new BadUserInputError('username', 'A user name is 3-60 lower-case letters, digits, dots, dashes or underscores');
        draft.loginName = username;
        if (role === 'LIBRARIAN' || role === 'LIBRARY_ADMIN') {
          const librarianId = str(body, 'librarianId', 36);
          const librarian = (await directory.librarians([librarianId])).get(librarianId);
          if (!librarian || librarian.libraryId !== draft.libraryId) throw new BadUserInputError('librarianId', `${librarianId} is not a librarian of ${draft.libraryId}`);
          draft.librarianId = librarianId;
          draft.contactEmail ??= librarian.email;
          displayName ??= librarian.name;
        }
        if (role === 'PARTNER') {
          const partnerId = str(body, 'partnerId', 36);
          const partner = (await directory.partners([partnerId])).get(partnerId);
          if (!partner) throw new BadUserInputError('partnerId', `${partnerId} is not a partner`);
          draft.partnerId = partnerId;
          displayName ??= partner.name;
        }
      }
      const initialSecret = newInitialSecret(role === 'MEMBER' ? 'PIN' : 'PASSWORD', draft.cardNumber);
      const at = new Date();
      const account = accounts.create({
        ...draft,
        id: randomUUID(),
        displayName: displayName ?? draft.loginName!,
        secretHash: await hashSecret(initialSecret, settings.scryptN),
        mustChange: true,
        disabled: false,
        // The creating account's id (or a developer token's subject, cut to fit).
        createdBy: caller.sub.replace(/^account:/, '').slice(0, 36),
        createdAt: at,
        updatedAt: at,
      });
      try {
        await transaction(db, (tx) => tx.getRepository(AuthAccount).insert(account));
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(role === 'MEMBER' ? 'This card already has an account' : 'This user name is taken');
        throw err;
      }
      return { account: publicAccount(account), initialSecret };
    },

    async account(caller: Identity, id: string): Promise<AuthAccount> {
      requireSignedIn(caller);
      const account = await accounts.findOneBy({ id });
      if (!account) throw new NotFoundError('Account', id);
      if (!mayManage(caller, account)) throw new ForbiddenError('You may not manage this account');
      return account;
    },

    async publicAccountOf(caller: Identity, id: string): Promise<PublicAccount> {
      return publicAccount(await this.account(caller, id));
    },

    async setDisabled(caller: Identity, id: string, disabled: boolean): Promise<PublicAccount> {
      const account = await this.account(caller, id);
      await transaction(db, async (tx) => {
        await tx.getRepository(AuthAccount).update({ id }, { disabled, updatedAt: new Date() });
        if (disabled) await tx.getRepository(AuthRefreshToken).update({ accountId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      });
      return publicAccount({ ...account, disabled });
    },

    /** An admin reset: a new initial secret, returned once; every sign-in of the account ends. */
    async adminReset(caller: Identity, id: string): Promise<{ account: PublicAccount; initialSecret: string }> {
      const account = await this.account(caller, id);
      const initialSecret = newInitialSecret(account.role === 'MEMBER' ? 'PIN' : 'PASSWORD', account.cardNumber);
      const secretHash = await hashSecret(initialSecret, settings.scryptN);
      await transaction(db, async (tx) => {
        await tx.getRepository(AuthAccount).update({ id }, { secretHash, mustChange: true, updatedAt: new Date() });
        await tx.getRepository(AuthRefreshToken).update({ accountId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      });
      return { account: publicAccount({ ...account, mustChange: true }), initialSecret };
    },

    /** The owner changes their own password or PIN (the current one required); other sign-ins end. */
    async changeOwnSecret(caller: Identity, body: Record<string, unknown>, client: Client): Promise<void> {
      const account = await ownAccount(caller);
      const current = str(body, 'current', 200);
      const next = str(body, 'new', 200);
      await admit(account.loginName, client.address);
      if (!(await verifySecret(current, account.secretHash))) {
        const wait = await fail(account.loginName, client.address);
        await record(account.id, account.loginName, client, 'BAD_CREDENTIALS');
        await sleep(wait);
        throw new BadUserInputError('current', 'The current secret is wrong');
      }
      await succeed(account.loginName);
      checkSecret(account, next, 'new');
      if (next === current) throw new BadUserInputError('new', 'The new secret must differ from the current one');
      const secretHash = await hashSecret(next, settings.scryptN);
      await transaction(db, async (tx) => {
        await tx.getRepository(AuthAccount).update({ id: account.id }, { secretHash, mustChange: false, updatedAt: new Date() });
        await tx.getRepository(AuthRefreshToken).update({ accountId: account.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      });
    },

    /** A forgotten secret: sends a one-time code when the account exists, is enabled and has a contact. The caller always gets the same answer. */
    async requestReset(body: Record<string, unknown>, client: Client): Promise<void> {
      const { loginName } = loginNameOf(body);
      const account = await accounts.findOneBy({ loginName });
      await record(account?.id ?? null, loginName, client, 'RESET_REQUESTED');
      if (!account || account.disabled || (!account.contactEmail && !account.contactPhone)) return;
      const code = newResetCode();
      const at = new Date();
      const id = randomUUID();
      await transaction(db, async (tx) => {
        const repo = tx.getRepository(AuthResetCode);
        // One code at a time: a new request cancels the earlier ones.
        await repo.update({ accountId: account.id, usedAt: IsNull() }, { usedAt: at });
        await repo.insert({
          id,
          accountId: account.id,
          codeHash: sha256(`${account.id}:${code}`),
          createdAt: at,
          expiresAt: new Date(at.getTime() + settings.resetCodeTtl * 1000),
          usedAt: null,
          attempts: 0,
        });
      });
      const minutes = Math.round(settings.resetCodeTtl / 60);
      const notice = {
        id,
        kind: 'SIGN_IN_RESET_CODE',
        libraryId: account.libraryId ?? '',
        subject: 'Kode atur ulang / reset code',
        text: `Kode atur ulang kata sandi/PIN Anda: ${code} (berlaku ${minutes} menit). Your reset code: ${code} (valid ${minutes} minutes). Abaikan pesan ini jika Anda tidak memintanya.`,
      };
      const sends: Promise<void>[] = [];
      if (account.contactEmail && transports.available.has(NoticeChannel.EMAIL))
        sends.push(transports.send({ ...notice, channel: NoticeChannel.EMAIL, recipient: account.contactEmail }, at));
      if (account.contactPhone && transports.available.has(NoticeChannel.WEBHOOK))
        sends.push(transports.send({ ...notice, channel: NoticeChannel.WEBHOOK, recipient: account.contactPhone }, at));
      // The answer does not wait for, nor tell of, the delivery.
      void Promise.allSettled(sends).then((results) => {
        for (const r of results) if (r.status === 'rejected') log.warn({ accountId: account.id, reason: String(r.reason) }, 'reset code not delivered');
      });
    },

    async confirmReset(body: Record<string, unknown>, client: Client): Promise<void> {
      const { loginName } = loginNameOf(body);
      const code = str(body, 'code', 12);
      const next = str(body, 'newSecret', 200);
      const refused = () => new BadUserInputError('code', 'The code is wrong or has expired');
      await admit(loginName, client.address);
      const account = await accounts.findOneBy({ loginName });
      const current = account ? await db.getRepository(AuthResetCode).findOne({ where: { accountId: account.id, usedAt: IsNull() }, order: { createdAt: 'DESC' } }) : null;
      const valid = !!account && !!current && current.expiresAt > new Date() && current.attempts < RESET_CODE_TRIES && current.codeHash === sha256(`${account.id}:${code}`);
      if (!valid) {
        if (current) await transaction(db, (tx) => tx.getRepository(AuthResetCode).increment({ id: current.id }, 'attempts', 1));
        const wait = await fail(loginName, client.address);
        await sleep(wait);
        throw refused();
      }
      await succeed(loginName);
      checkSecret(account, next, 'newSecret');
      const secretHash = await hashSecret(next, settings.scryptN);
      await transaction(db, async (tx) => {
        const used = await tx.createQueryBuilder().update(AuthResetCode).set({ usedAt: new Date() }).where('id = :id AND usedAt IS NULL', { id: current.id }).execute();
        if (!used.affected) throw refused();
        await tx.getRepository(AuthAccount).update({ id: account.id }, { secretHash, mustChange: false, updatedAt: new Date() });
        await tx.getRepository(AuthRefreshToken).update({ accountId: account.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      });
      await record(account.id, loginName, client, 'RESET');
    },

    /** The caller's own sign-in log, newest first. */
    async signIns(caller: Identity): Promise<{ at: string; address: string; userAgent: string; outcome: string }[]> {
      const account = await ownAccount(caller);
      const rows = await db.getRepository(AuthSignIn).find({ where: { accountId: account.id }, order: { at: 'DESC' }, take: MAX_SIGN_INS });
      return rows.map((r) => ({ at: r.at.toISOString(), address: r.address, userAgent: r.userAgent, outcome: r.outcome }));
    },

    /** The demo accounts and their (public) secrets, outside production: member card numbers vary with the demo's load day. */
    async demoAccounts(): Promise<{ role: string; username?: string; libraryId?: string; cardNumber?: string; password?: string; pin?: string; displayName: string }[]> {
      if (config.production) throw new NotFoundError('Endpoint', 'demo-accounts');
      const rows = await accounts.find({ where: { createdBy: 'demo' }, order: { loginName: 'ASC' } });
      return rows.map((a) =>
        a.role === 'MEMBER'
          ? { role: a.role, libraryId: a.libraryId!, cardNumber: a.cardNumber!, pin: DEMO_PIN, displayName: a.displayName }
          : { role: a.role, username: a.loginName, ...(a.libraryId ? { libraryId: a.libraryId } : {}), password: DEMO_PASSWORD, displayName: a.displayName },
      );
    },

    async me(caller: Identity): Promise<PublicAccount> {
      return publicAccount(await ownAccount(caller));
    },
  };
}

export interface PublicAccount {
  id: string;
  username?: string;
  role: string;
  libraryId?: string;
  memberId?: string;
  cardNumber?: string;
  librarianId?: string;
  partnerId?: string;
  province?: string;
  displayName: string;
  disabled: boolean;
  mustChange: boolean;
}

/** What an account looks like to those who manage it: never its hash. */
export function publicAccount(a: AuthAccount): PublicAccount {
  const out: PublicAccount = { id: a.id, role: a.role, displayName: a.displayName, disabled: !!a.disabled, mustChange: !!a.mustChange };
  if (a.role !== 'MEMBER') out.username = a.loginName;
  for (const k of ['libraryId', 'memberId', 'cardNumber', 'librarianId', 'partnerId', 'province'] as const) if (a[k]) out[k] = a[k];
  return out;
}

export { AppError };
