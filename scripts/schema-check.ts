/**
 * The schema contract: compares the current API schema (of the committed supergraph.graphql) with
 * the last released one (schema/released.graphql) with graphql-inspector's own command line, and
 * fails on any change that breaks an app written against the release. A field or enum value that
 * was already deprecated in the release may go (inspector's suppressRemovalOfDeprecatedField
 * rule); dangerous changes (a new enum value, a changed default …) are printed and let through.
 * Inspector's ignoreDescriptionChanges rule keeps most changes of descriptions alone out of the
 * listing: they cannot break a client. On a refusal, each breaking change's reason (inspector's
 * criticality reason) and the policy follow. Run in CI (.ci/run) after the lint.
 *
 *   npm run schema:check
 *   npm run schema:check -- --released <file> --supergraph <file>   (other files; the tests use this)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CriticalityLevel, diff, DiffRule, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { apiSchemaOf, INSPECTOR_BIN, RELEASED_PATH, supergraphPath } from './schema-api';

/** The inspector rules the contract is checked with (names of @graphql-inspector/core's DiffRule). */
export const CONTRACT_RULES = ['suppressRemovalOfDeprecatedField', 'ignoreDescriptionChanges'] as const;

/** The policy in one line, printed under a refusal. */
export const POLICY_HINT =
  'schema:check: refused — this would break apps written against the released schema. Deprecate first: @deprecated(reason: "Use … instead") and release; ' +
  'remove it in a later minor release, at least 90 days on. Every other breaking change is refused (README, "Schema changes and deprecation").';

export interface CheckResult {
  /** True when inspector found nothing breaking. */
  ok: boolean;
  /** Inspector's exit status. */
  status: number | null;
  /** Inspector's output (stdout and stderr, in that order). */
  output: string;
}

/** Runs `graphql-inspector diff <released> <current>` with the contract's rules. */
export function inspectorDiff(releasedFile: string, currentFile: string): CheckResult {
  const args = ['diff', releasedFile, currentFile, ...CONTRACT_RULES.flatMap((rule) => ['--rule', rule])];
  const run = spawnSync(INSPECTOR_BIN, args, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (run.error) throw run.error;
  return { ok: run.status === 0, status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * Inspector's changes between two API schemas, computed as its diff command computes them (the
 * contract's removal rule, nested changes folded into their parent), descriptions included.
 */
export async function inspectorChanges(oldSdl: string, newSdl: string): Promise<Change[]> {
  return diff(buildSchema(oldSdl), buildSchema(newSdl), [DiffRule.suppressRemovalOfDeprecatedField, DiffRule.simplifyChanges]);
}

/** Writes an API schema to a temporary file (inspector's command line reads files) and returns its path. */
export function writeTempSchema(sdl: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-check-'));
  const file = path.join(dir, 'current.graphql');
  fs.writeFileSync(file, sdl);
  return file;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const released = path.resolve(option('--released') ?? RELEASED_PATH);
  const supergraph = path.resolve(option('--supergraph') ?? supergraphPath());
  if (!fs.existsSync(released)) {
    console.error(`schema:check: no released schema at ${released} (npm run schema:release -- <version> writes it)`);
    return 2;
  }
  const current = writeTempSchema(apiSchemaOf(supergraph));
  try {
    console.log(`schema:check: ${path.relative(process.cwd(), released) || released} (released) → the API schema of ${path.relative(process.cwd(), supergraph) || supergraph}`);
    const result = inspectorDiff(released, current);
    process.stdout.write(result.output);
    if (result.ok) return 0;
    if (!/breaking change/.test(result.output)) {
      console.error(`schema:check: graphql-inspector failed (exit ${result.status})`);
      return 1;
    }
    const breaking = (await inspectorChanges(fs.readFileSync(released, 'utf8'), fs.readFileSync(current, 'utf8'))).filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    for (const change of breaking) console.error(`  ${change.path ?? ''}: ${change.criticality.reason ?? change.message}`);
    console.error(POLICY_HINT);
    return 1;
  } finally {
    fs.rmSync(path.dirname(current), { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
