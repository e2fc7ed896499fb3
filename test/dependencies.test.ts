import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Every package our code imports is declared in package.json: one that is only installed because
 * something else depends on it disappears (or changes major version) under us the day that
 * dependency changes.
 */

const FOLDERS = ['gateway', 'shared', 'subgraphs', 'scripts', 'test'];
const FILES = ['main.ts', 'jest.config.ts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** The module specifiers of a file: import/export … from, import '…', import(…), require(…), require.resolve(…), jest.mock(…). */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\b(?:import|require|require\.resolve|jest\.(?:mock|requireActual))\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

/** What npm accepts as a package name (code that writes code has `${…}` in its templates). */
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`; null for relative paths and Node's own modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  return PACKAGE_NAME.test(name) && !builtinModules.includes(name) ? name : null;
}

describe('dependencies', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
  const files = [...FOLDERS.flatMap(sourceFiles), ...FILES];
  const imported = new Map<string, string>(); // package → first file importing it
  for (const file of files) {
    for (const name of specifiers(fs.readFileSync(file, 'utf8')).map(packageOf)) {
      if (name && !imported.has(name)) imported.set(name, file);
    }
  }

  it('finds the imports it checks (the scan itself works)', () => {
    expect(imported.get('@apollo/gateway')).toBeDefined();
    expect(imported.get('typeorm')).toBeDefined();
    expect(imported.has('fs')).toBe(false);
  });

  it('declares every package imported by our code in package.json', () => {
    const undeclared = [...imported].filter(([name]) => !declared.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(undeclared).toEqual([]);
  });
});
