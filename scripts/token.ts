/**
 * Prints a development token (HS256, signed with JWT_SECRET).
 *
 *   npm run token -- --role LIBRARY_ADMIN --library kupang
 *   npm run token -- --role MEMBER --library kupang --member <id>
 *   npm run token -- --role LIBRARIAN --library baubau --librarian <id>
 *   npm run token -- --role PARTNER --partner <id>
 *   npm run token -- --role GOVERNMENT [--province "Nusa Tenggara Timur"]
 *   npm run token -- --role ADMIN [--ttl 1h] [--sub someone]
 */
import { parseArgs } from 'node:util';
import { ROLES, missingClaims, signUserToken, type Role } from '../shared/auth';
import { loadConfig } from '../shared/config';

async function main() {
  const { values } = parseArgs({
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
  if (!ROLES.includes(role) || role === 'PUBLIC') {
    console.error(`--role must be one of ${ROLES.filter((r) => r !== 'PUBLIC').join(', ')} (no token means PUBLIC)`);
    process.exit(2);
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
  if (missing.length) {
    const flag: Record<string, string> = { libraryId: '--library', memberId: '--member', librarianId: '--librarian', partnerId: '--partner' };
    console.error(`A ${role} token needs ${missing.map((m) => flag[m]).join(' and ')}`);
    process.exit(2);
  }
  const config = loadConfig();
  const token = await signUserToken(
    identity,
    config.jwtSecret,
    values.ttl ?? config.tokenTtl,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
