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
 * `npm run token -- --help` prints the roles, flags and examples.
 */
import { parseArgs } from 'node:util';
import { ROLES, missingClaims, signUserToken, unusedClaims, type Identity, type Role } from '../shared/platform/auth';
import { durationSeconds, loadConfig, StartupError } from '../shared/platform/config';

const FLAG: Partial<Record<keyof Identity, string>> = {
  libraryId: '--library',
  memberId: '--member',
  librarianId: '--librarian',
  partnerId: '--partner',
};

/** The roles a token may carry, each with the flags it needs (from shared/platform/auth.ts's rules). */
const roleLines = ROLES.filter((role) => role !== 'PUBLIC').map((role) => {
  const needs = missingClaims({ role }).map((claim) => `${FLAG[claim]} <id>`);
  if (role === 'GOVERNMENT') needs.push('[--province <name>]   (without it: every province)');
  return `  ${role.padEnd(15)} ${needs.join(' ')}`.trimEnd();
});

export const USAGE = `Usage: npm run token -- --role <ROLE> [flags]

Prints a development token (HS256, signed with JWT_SECRET) to send to the gateway as
\`Authorization: Bearer <token>\`. Without a token a caller is PUBLIC.

Roles, and the flags each needs:
${roleLines.join('\n')}

Flags:
  --role <ROLE>        one of the roles above (required)
  --library <id>       the library (MEMBER, LIBRARIAN, LIBRARY_ADMIN), e.g. kupang
  --member <id>        the member (MEMBER)
  --librarian <id>     the librarian (LIBRARIAN)
  --partner <id>       the partner organisation (PARTNER)
  --province <name>    GOVERNMENT only: limits the token to one province's libraries
  --sub <subject>      the token's subject (default: <role>:<library, partner or "all">)
  --ttl <duration>     lifetime, e.g. 3600, 90s, 30m, 8h, 1d (default TOKEN_TTL; at most TOKEN_MAX_TTL)
  -h, --help           prints this text

Examples:
  npm run token -- --role LIBRARY_ADMIN --library kupang
  npm run token -- --role MEMBER --library kupang --member <id>
  npm run token -- --role LIBRARIAN --library baubau --librarian <id>
  npm run token -- --role PARTNER --partner <id>
  npm run token -- --role GOVERNMENT --province "Nusa Tenggara Timur"
  npm run token -- --role ADMIN --ttl 1h
  TOKEN=$(npm run -s token -- --role ADMIN)   # -s: only the token, without npm's banner
`;

/** parseArgs' refusals (an unknown flag, a flag without its value, a stray word) as one line. */
function flagError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (!e.code?.startsWith('ERR_PARSE_ARGS_')) throw err;
  const unknown = /^Unknown option '([^']+)'/.exec(e.message ?? '');
  const what = unknown ? `unknown flag ${unknown[1]}` : (e.message ?? '').split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
  return `${what} (npm run token -- --help lists the flags)`;
}

/** The identity the flags describe, or a message saying what is wrong with them. */
export function identityFromFlags(args: string[]): { identity: Omit<Identity, 'sub'> & { sub?: string }; ttl?: string } | string {
  let values;
  try {
    ({ values } = parseArgs({
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
    }));
  } catch (err) {
    return flagError(err);
  }
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
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const parsed = identityFromFlags(args);
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
    console.error(err instanceof StartupError ? err.message : err);
    process.exit(1);
  });
}
