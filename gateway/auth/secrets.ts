import { createHash, randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords and PINs: scrypt (node:crypto; memory-hard, no native build), stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url) so that the cost can be raised later: a hash
 * is verified with the parameters it names. Refresh tokens and reset codes are random and only
 * their SHA-256 is stored.
 */

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCallback(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashSecret(secret: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time comparison against a stored hash; false for anything malformed. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const actual = await scrypt(secret, Buffer.from(parts[4], 'base64url'), N, r, p);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const dummies = new Map<number, Promise<string>>();
/** A hash of nothing anyone knows, at the current cost: verified when no account has the name, so an unknown name costs what a wrong secret costs. */
export function dummyHash(N: number): Promise<string> {
  let dummy = dummies.get(N);
  if (!dummy) {
    dummy = hashSecret(randomBytes(16).toString('hex'), N);
    dummies.set(N, dummy);
  }
  return dummy;
}

export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** An opaque refresh token: 32 random bytes. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

/** A one-time reset code: 8 random digits. */
export const newResetCode = (): string => String(randomInt(0, 100_000_000)).padStart(8, '0');

/** An initial PIN (6 digits, none of the obvious ones) or password (14 characters, no look-alikes). */
export function newInitialSecret(kind: 'PIN' | 'PASSWORD', cardNumber?: string | null): string {
  if (kind === 'PIN') {
    for (;;) {
      const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!pinWeakness(pin, cardNumber)) return pin;
    }
  }
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 14 }, () => alphabet[randomInt(0, alphabet.length)]).join('');
}

/** Refused whatever the user name: the most common passwords (short list) and their obvious forms. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '1234567891',
  '123456789a',
  'qwertyuiop',
  'qwerty12345',
  '1q2w3e4r5t',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'abcdefghij',
  'abc1234567',
  'aaaaaaaaaa',
  'perpustakaan',
  'perpustakaan123',
  'pustakawan123',
  'indonesia123',
  'bismillah123',
  'admin12345',
  'administrator',
  'rahasia123',
  'sayang12345',
  'welcome123',
  'letmein123',
]);

/** Why a password is refused (null: accepted). */
export function passwordWeakness(password: string, loginName: string): string | null {
  if (password.length < 10) return 'A password has at least 10 characters';
  if (password.length > 200) return 'A password has at most 200 characters';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is among the most common ones';
  if (/^(.)\1+$/.test(password)) return 'A password is not one character repeated';
  const name = loginName.toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return 'A password does not contain the user name';
  return null;
}

const RUNS = '01234567890';
/** Why a PIN is refused (null: accepted): at least 6 digits, not one digit repeated, not a run up or down, not the card's digits, not a year. */
export function pinWeakness(pin: string, cardNumber?: string | null): string | null {
  if (!/^\d{6,12}$/.test(pin)) return 'A PIN is 6 to 12 digits';
  if (/^(\d)\1+$/.test(pin)) return 'A PIN is not one digit repeated';
  if (RUNS.includes(pin) || [...RUNS].reverse().join('').includes(pin)) return 'A PIN is not a run of digits';
  if (/^(\d\d)\1+$/.test(pin) || /^(\d\d\d)\1+$/.test(pin)) return 'A PIN is not a repeated pattern';
  const card = (cardNumber ?? '').replace(/\D/g, '');
  if (card && (card.includes(pin) || card.endsWith(pin.slice(-6)))) return 'A PIN is not taken from the card number';
  if (/^(19|20)\d\d(0[1-9]|1[0-2])$/.test(pin)) return 'A PIN is not a year and month';
  if (/^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d\d)$/.test(pin)) return 'A PIN is not a date';
  return null;
}
