import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { transaction } from '../../shared/platform/database';
import { DEMO_LIBRARIES, demoId } from '../../shared/domain/demo';
import type { Logger } from '../../shared/platform/logger';
import type { Directory } from './directory';
import { AuthAccount } from './entities';
import { DEMO_PASSWORD, DEMO_PIN } from './demo-secrets';

export { DEMO_PASSWORD, DEMO_PIN };
import { hashSecret } from './secrets';
import { memberLoginName } from './service';

/**
 * Demo accounts (docs/auth.md, "Demo accounts"): for each demo library a LIBRARY_ADMIN and a
 * LIBRARIAN (librarians 0 and 1 of its staff, the same ids in the fixture and the city demo:
 * demoId('librarian', library, i)) and a MEMBER (its first active individual card holder, whose
 * card number is read from collections); one PARTNER user (the first partner of the first
 * library), GOVERNMENT users for all provinces and one per province, one ADMIN. Never seeded in
 * production. Each step is idempotent: an account already there is left as it is.
 */

const demoHashes = new Map<string, Promise<string>>();
/** The hash of a demo secret, made once per process and cost: every demo account of a kind shares it (their secret is public anyway). */
function demoHash(secret: string, scryptN: number): Promise<string> {
  const key = `${scryptN}:${secret}`;
  let hash = demoHashes.get(key);
  if (!hash) {
    hash = hashSecret(secret, scryptN);
    demoHashes.set(key, hash);
  }
  return hash;
}

const slug = (province: string) => province.toLowerCase().replace(/[^a-z]+/g, '-');

export interface DemoStaffAccount {
  username: string;
  role: string;
  libraryId?: string;
  librarianId?: string;
  partnerId?: string;
  province?: string;
  displayName: string;
}

/** The staff, partner, government and admin demo accounts: their data needs no other service. */
export function demoStaffAccounts(): DemoStaffAccount[] {
  const out: DemoStaffAccount[] = [{ username: 'admin', role: 'ADMIN', displayName: 'Administrator (demo)' }];
  out.push({ username: 'pemerintah', role: 'GOVERNMENT', displayName: 'Analis pemerintah (demo, semua provinsi)' });
  for (const province of [...new Set(DEMO_LIBRARIES.map((l) => l.province))]) {
    out.push({ username: `pemerintah.${slug(province)}`, role: 'GOVERNMENT', province, displayName: `Analis ${province} (demo)` });
  }
  out.push({ username: 'mitra', role: 'PARTNER', partnerId: demoId('partner', DEMO_LIBRARIES[0].id, 0), displayName: 'Koordinator mitra (demo)' });
  for (const library of DEMO_LIBRARIES) {
    out.push({
      username: `admin.${library.id}`,
      role: 'LIBRARY_ADMIN',
      libraryId: library.id,
      librarianId: demoId('librarian', library.id, 0),
      displayName: `Admin ${library.city} (demo)`,
    });
    out.push({
      username: `pustakawan.${library.id}`,
      role: 'LIBRARIAN',
      libraryId: library.id,
      librarianId: demoId('librarian', library.id, 1),
      displayName: `Pustakawan ${library.city} (demo)`,
    });
  }
  return out;
}

const blank = { libraryId: null, memberId: null, cardNumber: null, librarianId: null, partnerId: null, province: null, contactEmail: null, contactPhone: null, createdBy: 'demo' };

/** Seeds the accounts that need no other service. Returns how many were added. */
export async function seedDemoStaff(db: DataSource, scryptN: number): Promise<number> {
  const accounts = demoStaffAccounts();
  const existing = new Set((await db.getRepository(AuthAccount).find({ select: { loginName: true } })).map((a) => a.loginName));
  const missing = accounts.filter((a) => !existing.has(a.username));
  if (!missing.length) return 0;
  const secretHash = await demoHash(DEMO_PASSWORD, scryptN);
  const at = new Date();
  await transaction(db, (tx) =>
    tx.getRepository(AuthAccount).insert(
      missing.map(({ username, ...a }) => ({
        ...blank,
        ...a,
        id: randomUUID(),
        loginName: username,
        secretHash,
        mustChange: false,
        disabled: false,
        createdAt: at,
        updatedAt: at,
      })),
    ),
  );
  return missing.length;
}

/** Candidates per library for the demo member: the first active individual card holder among the first few. */
const MEMBER_CANDIDATES = 12;

/** Seeds one member account per demo library, asking collections for the card numbers. Returns how many were added. */
export async function seedDemoMembers(db: DataSource, directory: Directory, log: Logger, scryptN: number): Promise<number> {
  const repo = db.getRepository(AuthAccount);
  const have = new Set((await repo.find({ where: { role: 'MEMBER', createdBy: 'demo' }, select: { libraryId: true } })).map((a) => a.libraryId));
  const libraries = DEMO_LIBRARIES.filter((l) => !have.has(l.id));
  if (!libraries.length) return 0;
  const ids = libraries.flatMap((l) => Array.from({ length: MEMBER_CANDIDATES }, (_, i) => demoId('member', l.id, i)));
  const members = await directory.members(ids);
  const secretHash = await demoHash(DEMO_PIN, scryptN);
  const at = new Date();
  const rows: Partial<AuthAccount>[] = [];
  for (const library of libraries) {
    const member = Array.from({ length: MEMBER_CANDIDATES }, (_, i) => members.get(demoId('member', library.id, i))).find(
      (m) => m && m.libraryId === library.id && m.status === 'ACTIVE' && m.memberType !== 'INSTITUTION',
    );
    if (!member) {
      log.warn({ libraryId: library.id }, 'no active demo member for a demo member account');
      continue;
    }
    rows.push({
      ...blank,
      id: randomUUID(),
      role: 'MEMBER',
      loginName: memberLoginName(library.id, member.cardNumber),
      libraryId: library.id,
      memberId: member.id,
      cardNumber: member.cardNumber,
      displayName: member.name,
      contactEmail: member.email,
      contactPhone: member.phone,
      secretHash,
      mustChange: false,
      disabled: false,
      createdAt: at,
      updatedAt: at,
    });
  }
  if (rows.length) await transaction(db, (tx) => tx.getRepository(AuthAccount).insert(rows));
  return rows.length;
}
