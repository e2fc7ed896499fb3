/**
 * Prints a development token (HS256, signed with JWT_SECRET).
 *
 *   npm run token -- --role LIBRARY_ADMIN --library kupang
 *   npm run token -- --role MEMBER --library kupang --member <id>
 *   npm run token -- --role LIBRARIAN --library baubau --librarian <id>
 *   npm run token -- --role PARTNER --partner <id>
 *   npm run token -- --role GOVERNMENT [--province "Nusa Tenggara Timur"]
 *   npm run token -- --role ADMIN [--ttl 1h] [--sub someone]
 *
 * --ttl (default TOKEN_TTL) may not exceed TOKEN_MAX_TTL: the gateway refuses longer-lived tokens.
 */
import { parseArgs } from 'node:util';
import { ROLES, missingClaims, signUserToken, unusedClaims, type Identity, type Role } from '../shared/auth';
import { durationSeconds, loadConfig } from '../shared/config';

const FLAG: Partial<Record<keyof Identity, string>> = {
  libraryId: '--library',
  memberId: '--member',
  librarianId: '--librarian',
  partnerId: '--partner',
};

/** The identity the flags describe, or a message saying what is wrong with them. */
export function identityFromFlags(args: string[]): { identity: Omit<Identity, 'sub'> & { sub?: string }; ttl?: string } | string {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      library: { type: 'string' },
      member: { type: 'string' },
      librarian: { type: 'string' },
      partner: { type: 'string' },
      province: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const role = (values.role ?? '').toUpperCase() as Role;
  if (!(ROLES as readonly string[]).includes(role) || role === 'PUBLIC') {
    return `--role must be one of ${ROLES.filter((r) => r !== 'PUBLIC').join(', ')} (no token means PUBLIC)`;
  }
  const identity = {
    role,
    sub: values.sub,
    libraryId: values.library,
    memberId: values.member,
    librarianId: values.librarian,
    partnerId: values.partner,
    province: values.province,
  };
  const missing = missingClaims(identity);
  if (missing.length) return `A ${role} token needs ${missing.map((m) => FLAG[m]).join(' and ')}`;
  const unused = unusedClaims(identity);
  if (unused.length) return `A ${role} token takes no ${unused.map((m) => FLAG[m] ?? `--${m}`).join(' or ')} (the gateway refuses it)`;
  return { identity, ttl: values.ttl };
}

async function main() {
  const parsed = identityFromFlags(process.argv.slice(2));
  if (typeof parsed === 'string') {
    console.error(parsed);
    process.exit(2);
  }
  const config = loadConfig();
  const ttl = parsed.ttl ?? config.tokenTtl;
  const seconds = durationSeconds(ttl);
  if (!seconds) {
    console.error(`--ttl must be a duration such as 8h, 30m or 3600s, got "${ttl}"`);
    process.exit(2);
  }
  if (seconds > config.tokenMaxTtl) {
    console.error(`--ttl ${ttl} is longer than TOKEN_MAX_TTL (${config.tokenMaxTtl} s): the gateway would refuse the token`);
    process.exit(2);
  }
  process.stdout.write(`${await signUserToken(parsed.identity, config.jwtSecret, `${seconds}s`)}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
