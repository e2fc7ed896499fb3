import { spawnSync } from 'node:child_process';
import { ROLES } from '../shared/platform/auth';
import { identityFromFlags, USAGE } from '../scripts/token';

/** `npm run token`: what a newcomer types first, so it explains itself. */

const token = (args: string[]) =>
  spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/token.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test' },
  });

describe('npm run token', () => {
  it('prints its usage with --help (every role, its flags, examples) and exits 0', () => {
    const run = token(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(USAGE);
    for (const role of ROLES.filter((r) => r !== 'PUBLIC')) expect(USAGE).toMatch(new RegExp(`^  ${role}( |$)`, 'm'));
    expect(USAGE).toMatch(/^ {2}MEMBER +--library <id> --member <id>$/m);
    for (const flag of ['--role', '--library', '--member', '--librarian', '--partner', '--province', '--sub', '--ttl', '--help']) expect(USAGE).toContain(flag);
    expect(USAGE).toMatch(/Examples:\n {2}npm run token -- --role LIBRARY_ADMIN --library kupang/);
  });

  it('refuses an unknown flag in one line that points to --help, exit 2, no token', () => {
    const run = token(['--role', 'ADMIN', '--libary', 'kupang']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('unknown flag --libary (npm run token -- --help lists the flags)\n');
  });

  it('says in one line what else is wrong with the flags', () => {
    expect(identityFromFlags(['--role'])).toBe("Option '--role <value>' argument missing (npm run token -- --help lists the flags)");
    expect(identityFromFlags(['--role', 'ADMIN', 'kupang'])).toMatch(/^Unexpected argument 'kupang'.*--help lists the flags\)$/);
    expect(identityFromFlags(['-x'])).toMatch(/^unknown flag -x /);
  });
});
