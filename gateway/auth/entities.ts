import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The identity store's tables (database `identity`, at the gateway): accounts and their hashed
 * secrets, refresh-token families, failure counters, one-time reset codes and the sign-in log.
 * Nothing here is exposed through GraphQL; gateway/auth/routes.ts is the only way in.
 */

/** Who signs in: one row per person and role. Staff, partner, government and admin users sign in with `loginName` (a user name); members with their library and card number (`loginName` = `<libraryId>/<cardNumber>`). */
@Entity('auth_account')
@Index('UQ_auth_account_login', ['loginName'], { unique: true })
@Index('IDX_auth_account_library', ['libraryId', 'role'])
export class AuthAccount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  loginName: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  libraryId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  cardNumber: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  librarianId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  partnerId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  province: string | null;

  @Column({ type: 'varchar', length: 150 })
  displayName: string;

  /** `scrypt$N$r$p$salt$hash` (gateway/auth/secrets.ts). */
  @Column({ type: 'varchar', length: 255 })
  secretHash: string;

  /** The secret was set by someone else (an initial PIN, an admin reset, a demo password): the owner should change it. */
  @Column({ type: 'boolean', default: false })
  mustChange: boolean;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Where a reset code goes (e-mail, and a phone number for the WhatsApp/SMS webhook). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  contactEmail: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}

/** A refresh token, stored as the SHA-256 of the opaque string handed out. Tokens of one sign-in form a family. */
@Entity('auth_refresh_token')
@Index('UQ_auth_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_auth_refresh_token_family', ['familyId'])
@Index('IDX_auth_refresh_token_account', ['accountId'])
export class AuthRefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** Exchanged for a newer token (rotation): presenting it again revokes the family. */
  @Column({ type: 'datetime', nullable: true })
  spentAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;
}

/**
 * Failed sign-ins per key — `login:<loginName>` (whether or not such an account exists) and
 * `address:<client address>` — shared by every gateway replica. `blockedUntil`: no attempt is
 * checked before it (for a name: the exponential delay, then the lock; for an address: the lock
 * only, so that one person's typos do not hold up a whole library's shared address).
 */
@Entity('auth_throttle')
export class AuthThrottle {
  @PrimaryColumn({ type: 'varchar', length: 250 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'datetime', nullable: true })
  blockedUntil: Date | null;

  /** A series of failures is forgotten a lock's length after its last one. */
  @Column({ type: 'datetime', nullable: true })
  lastFailureAt: Date | null;

  /** Bumped by every write, so that concurrent attempts conflict on the row (Galera certifies written rows). */
  @Column({ type: 'int', default: 0 })
  version: number;
}

/** A one-time code for a forgotten secret: hashed, short-lived, single use, a few tries. */
@Entity('auth_reset_code')
@Index('IDX_auth_reset_code_account', ['accountId'])
export class AuthResetCode {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  @Column({ type: 'datetime', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;
}

/** Every sign-in attempt, refresh refusal and reset: what a user reads of their own account (GET /auth/sign-ins). */
@Entity('auth_sign_in')
@Index('IDX_auth_sign_in_account_at', ['accountId', 'at'])
export class AuthSignIn {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Null when no account has the name tried. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  @Column({ type: 'varchar', length: 200 })
  loginName: string;

  /** To the millisecond: the log's order. */
  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'varchar', length: 300 })
  userAgent: string;

  /** SUCCESS, BAD_CREDENTIALS, LOCKED, DISABLED, RESET. */
  @Column({ type: 'varchar', length: 30 })
  outcome: string;
}

export const AUTH_ENTITIES = [AuthAccount, AuthRefreshToken, AuthThrottle, AuthResetCode, AuthSignIn];
