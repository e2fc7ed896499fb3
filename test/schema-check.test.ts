import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, print, visit, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { apiSchemaOf, supergraphPath } from '../scripts/schema-api';

/**
 * `npm run schema:check` and `npm run schema:release` for real: the scripts run as CI runs them,
 * graphql-inspector's command line included, on temporary copies of the committed supergraph and
 * of its API schema as the released baseline, edited as a developer would edit the schema.
 */

const ROOT = path.resolve(__dirname, '..');
// Each run starts ts-node and inspector's command line: seconds each, more on a busy machine.
jest.setTimeout(240_000);
let dir: string;
let releasedFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-check-test-'));
  releasedFile = path.join(dir, 'released.graphql');
  fs.writeFileSync(releasedFile, `# API schema 0.1.0, released 2026-12-07: test baseline\n\n${apiSchemaOf(supergraphPath())}`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runScript(script: string, args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Runs schema:check with a supergraph (SDL) and a released baseline (file). */
function check(supergraph: string, released = releasedFile): { status: number | null; output: string } {
  const file = path.join(dir, `supergraph-${Math.random().toString(36).slice(2)}.graphql`);
  fs.writeFileSync(file, supergraph);
  return runScript('schema-check.ts', ['--released', released, '--supergraph', file]);
}

/** The document with one object type's fields rewritten. */
function editType(doc: DocumentNode, type: string, edit: (fields: readonly FieldDefinitionNode[]) => FieldDefinitionNode[]): DocumentNode {
  let found = false;
  const out = visit(doc, {
    ObjectTypeDefinition(node: ObjectTypeDefinitionNode) {
      if (node.name.value !== type) return undefined;
      found = true;
      return { ...node, fields: edit(node.fields ?? []) };
    },
  });
  if (!found) throw new Error(`no type ${type}`);
  return out;
}

function field(sdl: string): FieldDefinitionNode {
  const def = parse(`type T { ${sdl} }`).definitions[0] as ObjectTypeDefinitionNode;
  return def.fields![0];
}

const committed = () => parse(fs.readFileSync(supergraphPath(), 'utf8'));

/** The supergraph without Library.loanRules (collections' list of a library's loan rules). */
const withoutLoanRules = () => print(editType(committed(), 'Library', (fields) => fields.filter((f) => f.name.value !== 'loanRules')));

describe('npm run schema:check', () => {
  it('refuses a removed field, naming it, and says what the policy allows instead', () => {
    const { status, output } = check(withoutLoanRules());
    expect(status).not.toBe(0);
    expect(output).toContain('Field loanRules was removed from object type Library');
    expect(output).toMatch(/Detected 1 breaking change/);
    expect(output).toContain('Library.loanRules: Removing a field is a breaking change. It is preferable to deprecate the field before removing it.');
    expect(output).toContain('@deprecated(reason:');
  });

  it('lets the same field go when the released schema had already deprecated it', () => {
    const deprecated: ConstDirectiveNode = {
      kind: Kind.DIRECTIVE,
      name: { kind: Kind.NAME, value: 'deprecated' },
      arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'reason' }, value: { kind: Kind.STRING, value: 'Use loanRuleFor' } }],
    };
    const released = editType(parse(fs.readFileSync(releasedFile, 'utf8')), 'Library', (fields) =>
      fields.map((f) => (f.name.value === 'loanRules' ? { ...f, directives: [...(f.directives ?? []), deprecated] } : f)),
    );
    const releasedWithDeprecation = path.join(dir, 'released-deprecated.graphql');
    fs.writeFileSync(releasedWithDeprecation, print(released));

    const { status, output } = check(withoutLoanRules(), releasedWithDeprecation);
    expect(output).toContain('Field loanRules (deprecated) was removed from object type Library');
    expect(output).toContain('No breaking changes detected');
    expect(status).toBe(0);
  });

  it('lets a new field and a new type through, and lists them', () => {
    const doc = editType(
      parse(`${fs.readFileSync(supergraphPath(), 'utf8')}\n"""A library's motto"""\ntype LibraryMotto @join__type(graph: COLLECTIONS) {\n  """Its text"""\n  text: String!\n}\n`),
      'Library',
      (fields) => [...fields, field('"""The library\'s motto, if it has one""" motto: LibraryMotto @join__field(graph: COLLECTIONS)')],
    );
    const { status, output } = check(print(doc));
    expect(output).toContain('Field motto was added to object type Library');
    expect(output).toContain('Type LibraryMotto was added');
    expect(output).toContain('No breaking changes detected');
    expect(status).toBe(0);
  });

  it('refuses an argument made non-null, naming it', () => {
    const doc = editType(committed(), 'Library', (fields) =>
      fields.map((f) =>
        f.name.value === 'items'
          ? { ...f, arguments: f.arguments?.map((a) => (a.name.value === 'first' ? { ...a, type: { kind: Kind.NON_NULL_TYPE, type: a.type as never } } : a)) }
          : f,
      ),
    );
    const { status, output } = check(print(doc));
    expect(status).not.toBe(0);
    expect(output).toMatch(/Type for argument first on field Library\.items changed from Int to Int!/);
    expect(output).toMatch(/Detected 1 breaking change/);
  });
});

describe('npm run schema:release', () => {
  let releaseDir: string;
  let released: string;
  let changelog: string;

  beforeAll(() => {
    releaseDir = fs.mkdtempSync(path.join(dir, 'release-'));
    released = path.join(releaseDir, 'released.graphql');
    changelog = path.join(releaseDir, 'schema-changelog.md');
    fs.copyFileSync(releasedFile, released);
    fs.writeFileSync(changelog, '# Schema changelog\n\n## 0.1.0 — 2026-12-07\n\nFirst release.\n');
  });

  function release(version: string, date: string, supergraph: string) {
    const file = path.join(releaseDir, `supergraph-${version}-${date}.graphql`);
    fs.writeFileSync(file, supergraph);
    return runScript('schema-release.ts', [version, '--date', date, '--released', released, '--changelog', changelog, '--supergraph', file]);
  }

  /** The supergraph with Library.motto added and Library.loanRules deprecated (or, with `removed`, gone). */
  function nextSupergraph(loanRules: 'deprecated' | 'removed'): string {
    const doc = editType(committed(), 'Library', (fields) => [
      ...fields.flatMap((f) => {
        if (f.name.value !== 'loanRules') return [f];
        return loanRules === 'removed' ? [] : [{ ...f, directives: [...(f.directives ?? []), ...field('x: Int @deprecated(reason: "Use loanRuleFor")').directives!] }];
      }),
      field('"""The library\'s motto, if it has one""" motto: String @join__field(graph: COLLECTIONS)'),
    ]);
    return print(doc);
  }

  it('writes the baseline and a changelog section listing what was added and deprecated, above the previous release', () => {
    const { status, output } = release('0.2.0', '2027-01-15', nextSupergraph('deprecated'));
    expect(output).not.toMatch(/refused|error/i);
    expect(status).toBe(0);
    expect(fs.readFileSync(released, 'utf8')).toMatch(/^# API schema 0\.2\.0, released 2027-01-15/);
    expect(fs.readFileSync(released, 'utf8')).toMatch(/loanRules: \[LoanRule!\]! @deprecated\(reason: "Use loanRuleFor"\)/);
    const text = fs.readFileSync(changelog, 'utf8');
    const section = text.slice(text.indexOf('## 0.2.0'), text.indexOf('## 0.1.0'));
    expect(text.indexOf('## 0.2.0 — 2027-01-15')).toBeGreaterThan(0);
    expect(text.indexOf('## 0.2.0')).toBeLessThan(text.indexOf('## 0.1.0'));
    expect(section).toMatch(/### Added\n\n- `Library\.motto`: Field 'motto' was added to object type 'Library'/);
    expect(section).toMatch(/### Deprecated\n\n- `Library\.loanRules`: /);
    expect(section).not.toContain('### Removed');
  });

  it('refuses to remove the deprecated field within 90 days, or in a patch release, and names the field', () => {
    const early = release('0.3.0', '2027-03-01', nextSupergraph('removed'));
    expect(early.status).not.toBe(0);
    expect(early.output).toContain('Library.loanRules: deprecated on 2027-01-15, removable from 2027-04-15');

    const patch = release('0.2.1', '2027-05-01', nextSupergraph('removed'));
    expect(patch.status).not.toBe(0);
    expect(patch.output).toContain('Library.loanRules: deprecated in 0.2.0, removable from the next minor release');
    expect(fs.readFileSync(released, 'utf8')).toMatch(/^# API schema 0\.2\.0/);
  });

  it('lets it go in the next minor release 90 days on, listed as removed', () => {
    const { status, output } = release('0.3.0', '2027-04-20', nextSupergraph('removed'));
    expect(output).not.toMatch(/refused|error/i);
    expect(status).toBe(0);
    const text = fs.readFileSync(changelog, 'utf8');
    expect(text.slice(text.indexOf('## 0.3.0 — 2027-04-20'), text.indexOf('## 0.2.0'))).toMatch(
      /### Removed\n\n- `Library\.loanRules`: Field 'loanRules' \(deprecated\) was removed from object type 'Library'/,
    );
  });

  it('refuses a version that is not after the released one', () => {
    const { status, output } = release('0.3.0', '2027-05-01', nextSupergraph('removed'));
    expect(status).not.toBe(0);
    expect(output).toContain('0.3.0 is not after the released 0.3.0');
  });
});
