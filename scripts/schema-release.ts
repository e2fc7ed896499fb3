/**
 * Releases the API schema: writes schema/released.graphql (the baseline `npm run schema:check`
 * compares with) from the current API schema and puts a section for the version at the top of
 * docs/schema-changelog.md listing graphql-inspector's changes since the previous release —
 * added, changed, deprecated, removed. Refuses what the contract refuses (the same check as CI)
 * and, for a deprecated field or enum value that goes, a removal earlier than the next minor
 * release or than 90 days after the release that deprecated it (read from the changelog).
 *
 *   npm run schema:release -- <version> [--date YYYY-MM-DD]
 *   npm run schema:release -- <version> --released <file> --changelog <file> --supergraph <file>
 */
import fs from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isIntrospectionType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { apiSchemaOf, CHANGELOG_PATH, RELEASED_PATH, supergraphPath } from './schema-api';
import { fieldsOf } from './schema-coverage';
import { inspectorChanges, inspectorDiff, POLICY_HINT, writeTempSchema } from './schema-check';

/** The least time between the release that deprecates an element and the one that removes it. */
export const DEPRECATION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

const HEADER = /^# API schema (\d+\.\d+\.\d+), released (\d{4}-\d{2}-\d{2})\b/;

const CHANGELOG_INTRO = `# Schema changelog

[← Using the API](api.md#schema-changes-and-deprecation)

What changed in the GraphQL API clients see — the API schema, \`schema/released.graphql\` at each release —
newest release first. Each section is written by \`npm run schema:release -- <version>\` from
graphql-inspector's list of changes since the previous release; changes of descriptions alone are
counted, not listed. CI (\`npm run schema:check\`) refuses any change that would break an app written
against the last release, except the removal of what that release had already deprecated, no earlier
than the next minor release and ${DEPRECATION_DAYS} days after it was deprecated.
`;

interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parseVersion(text: string): Version | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : null;
}

function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The release named by a released schema's first line. */
export function releasedVersion(sdl: string): { version: string; date: string } | null {
  const m = HEADER.exec(sdl);
  return m ? { version: m[1], date: m[2] } : null;
}

/** The deprecated elements' coordinates (`Type.field`, `Enum.VALUE`, `Input.field`, `Type.field(arg:)`) and reasons. */
export function deprecatedElements(schema: GraphQLSchema): Map<string, string> {
  const out = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    for (const field of fieldsOf(type)) {
      if (field.deprecationReason) out.set(`${type.name}.${field.name}`, field.deprecationReason);
      for (const arg of 'args' in field ? field.args : []) {
        if (arg.deprecationReason) out.set(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (value.deprecationReason) out.set(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return out;
}

/** For each coordinate listed under "### Deprecated" in the changelog: the release (version, date) that deprecated it. */
export function deprecationsInChangelog(changelog: string): Map<string, { version: string; date: string }> {
  const out = new Map<string, { version: string; date: string }>();
  let release: { version: string; date: string } | null = null;
  let inDeprecated = false;
  for (const line of changelog.split('\n')) {
    const heading = /^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})/.exec(line);
    if (heading) {
      release = { version: heading[1], date: heading[2] };
      inDeprecated = false;
      continue;
    }
    if (line.startsWith('### ')) {
      inDeprecated = line.trim() === '### Deprecated';
      continue;
    }
    const item = /^- `([^`]+)`/.exec(line);
    // Newest release first: the earliest release that lists a coordinate is the last one read.
    if (inDeprecated && release && item) out.set(item[1], release);
  }
  return out;
}

type Section = 'Added' | 'Changed' | 'Deprecated' | 'Removed';

/** Which section of the changelog an inspector change goes to; null for a change of description only. */
export function sectionOf(change: Change): Section | null {
  const type = String(change.type);
  if (type.includes('DESCRIPTION')) return null;
  if (type.includes('DEPRECATION') || (type.startsWith('DIRECTIVE_USAGE') && /deprecated/i.test(change.message))) {
    return type.endsWith('ADDED') || type.endsWith('CHANGED') ? 'Deprecated' : 'Changed';
  }
  if (type.endsWith('_ADDED')) return 'Added';
  if (type.endsWith('_REMOVED')) return 'Removed';
  return 'Changed';
}

/** The element a change is about: inspector's path without a directive's own step (`Type.field.@deprecated` → `Type.field`). */
function elementOf(change: Change): string | undefined {
  return change.path?.replace(/\.@[A-Za-z_]\w*$/, '');
}

/** The changelog section of one release; `reasons` gives a deprecated element's reason (its coordinate → reason). */
export function changelogSection(version: string, date: string, changes: Change[], reasons: Map<string, string>): string {
  const lists: Record<Section, string[]> = { Added: [], Changed: [], Deprecated: [], Removed: [] };
  const deprecated = new Set<string>();
  let descriptions = 0;
  for (const change of changes) {
    const section = sectionOf(change);
    if (!section) {
      descriptions += 1;
      continue;
    }
    const element = elementOf(change);
    // A deprecation is listed once per element (inspector may report the directive and its reason), with the reason.
    if (section === 'Deprecated' && element) {
      if (deprecated.has(element)) continue;
      deprecated.add(element);
      const reason = reasons.get(element);
      if (reason) {
        lists.Deprecated.push(`- \`${element}\`: ${reason}`);
        continue;
      }
    }
    const where = element ? `\`${element}\`: ` : '';
    const level = change.criticality.level === CriticalityLevel.Dangerous && section !== 'Removed' ? ' (dangerous: a client may need to handle it)' : '';
    lists[section].push(`- ${where}${change.message}${level}`);
  }
  const parts = [`## ${version} — ${date}`, ''];
  for (const section of ['Added', 'Changed', 'Deprecated', 'Removed'] as const) {
    if (lists[section].length) parts.push(`### ${section}`, '', ...lists[section].sort(), '');
  }
  if (descriptions) parts.push(`${descriptions} description${descriptions === 1 ? '' : 's'} added or changed.`, '');
  if (parts.length === 2) parts.push('No change to the API schema.', '');
  return parts.join('\n');
}

/** The first release's section: what the baseline holds, and what it already deprecates. */
function firstSection(version: string, date: string, schema: GraphQLSchema): string {
  const deprecated = deprecatedElements(schema);
  const types = Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
  const fields = types.reduce((n, t) => n + fieldsOf(t).length, 0);
  const operations = Object.keys(schema.getQueryType()?.getFields() ?? {}).length + Object.keys(schema.getMutationType()?.getFields() ?? {}).length;
  const parts = [
    `## ${version} — ${date}`,
    '',
    `First release: the schema as of ${date} — ${types.length} types, ${fields} fields and input fields, ${operations} queries and mutations. ` +
      'From here on, a change that would break an app written against it is refused (`npm run schema:check`).',
    '',
  ];
  if (deprecated.size) {
    parts.push('### Deprecated', '', ...[...deprecated].map(([coordinate, reason]) => `- \`${coordinate}\`: ${reason}`), '');
  }
  return parts.join('\n');
}

/** Puts a section at the top of the changelog (under its introduction), creating the file if need be. */
function prependSection(changelog: string | null, section: string): string {
  const text = changelog ?? CHANGELOG_INTRO;
  const first = text.search(/^## /m);
  if (first < 0) return `${text.trimEnd()}\n\n${section}`;
  return `${text.slice(0, first)}${section}\n${text.slice(first)}`;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(`schema:release: ${message}`);
  process.exit(1);
}

async function main() {
  const version = process.argv[2] ?? '';
  const next = parseVersion(version);
  if (!next) fail('usage: npm run schema:release -- <major.minor.patch> [--date YYYY-MM-DD]');
  const date = option('--date') ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) fail(`--date ${date} is not a date (YYYY-MM-DD)`);
  const releasedFile = path.resolve(option('--released') ?? RELEASED_PATH);
  const changelogFile = path.resolve(option('--changelog') ?? CHANGELOG_PATH);
  const supergraph = path.resolve(option('--supergraph') ?? supergraphPath());

  const releasedSdl = fs.existsSync(releasedFile) ? fs.readFileSync(releasedFile, 'utf8') : null;
  const previous = releasedSdl === null ? null : releasedVersion(releasedSdl);
  if (releasedSdl !== null) {
    if (!previous) fail(`${releasedFile} does not start with "# API schema <version>, released <date>"`);
    if (compareVersions(next, parseVersion(previous.version)!) <= 0) fail(`${version} is not after the released ${previous.version}`);
    if (date < previous.date) fail(`${date} is before the release of ${previous.version} (${previous.date})`);
  }
  const current = apiSchemaOf(supergraph);
  const currentSchema = buildSchema(current);
  const changelog = fs.existsSync(changelogFile) ? fs.readFileSync(changelogFile, 'utf8') : null;
  let section: string;

  if (releasedSdl === null) {
    section = firstSection(version, date, currentSchema);
  } else {
    // The same check as CI, with inspector's command line.
    const currentFile = writeTempSchema(current);
    const check = inspectorDiff(releasedFile, currentFile);
    fs.rmSync(path.dirname(currentFile), { recursive: true, force: true });
    if (!check.ok) {
      process.stdout.write(check.output);
      fail(POLICY_HINT);
    }

    const releasedSchema = buildSchema(releasedSdl);
    const changes = await inspectorChanges(releasedSdl, current);

    // A deprecated element goes no earlier than the next minor release and DEPRECATION_DAYS after its deprecation.
    const wasDeprecated = deprecatedElements(releasedSchema);
    const deprecations = changelog ? deprecationsInChangelog(changelog) : new Map<string, { version: string; date: string }>();
    const early: string[] = [];
    for (const change of changes) {
      const element = elementOf(change);
      if (!element || !String(change.type).endsWith('_REMOVED') || !wasDeprecated.has(element)) continue;
      const since = deprecations.get(element);
      if (!since) {
        early.push(`${element}: its deprecation is in no release of ${path.basename(changelogFile)}`);
        continue;
      }
      const then = parseVersion(since.version)!;
      const earliest = new Date(Date.parse(since.date) + DEPRECATION_DAYS * DAY_MS).toISOString().slice(0, 10);
      if (next.major === then.major && next.minor <= then.minor) early.push(`${element}: deprecated in ${since.version}, removable from the next minor release`);
      else if (date < earliest) early.push(`${element}: deprecated on ${since.date}, removable from ${earliest}`);
    }
    if (early.length) fail(`a deprecated element goes too early:\n  ${[...new Set(early)].join('\n  ')}`);
    section = changelogSection(version, date, changes, deprecatedElements(currentSchema));
  }

  fs.mkdirSync(path.dirname(releasedFile), { recursive: true });
  const header = `# API schema ${version}, released ${date}: what clients see, the baseline of npm run schema:check. Written by npm run schema:release; do not edit.\n\n`;
  fs.writeFileSync(releasedFile, header + current);
  fs.writeFileSync(changelogFile, prependSection(changelog, section));
  console.log(`schema:release: ${path.relative(process.cwd(), releasedFile)} is ${version}; ${path.relative(process.cwd(), changelogFile)} has its section`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
