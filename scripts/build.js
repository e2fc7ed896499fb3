/**
 * `npm run build` (and so `npm start`): compiles into dist/ incrementally, so that a build with no
 * source change takes about half a second instead of a full compile.
 *
 * `tsc -b` alone would leave two traps behind, both handled here:
 * - the compiled output of a deleted or renamed source stays in dist/; `foo.ts` moved to
 *   `foo/index.ts` would even keep being loaded (`require('./foo')` finds the stale `foo.js`
 *   first). Output without its source is removed after every build;
 * - it trusts its build info: output deleted by hand is not rebuilt. A missing output, or a
 *   missing build info, means a full build from an empty dist/.
 *
 * Plain JavaScript: it runs before anything is compiled, without ts-node's start-up.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const project = path.join(root, 'tsconfig.build.json');
const buildInfo = path.join(dist, 'tsconfig.build.tsbuildinfo');

/** The sources the build compiles: the `include` of tsconfig.build.json (files and `dir/**\/*.ts`). */
function sources() {
  const include = /** @type {string[]} */ (JSON.parse(fs.readFileSync(project, 'utf8')).include);
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  for (const pattern of include) {
    const dir = pattern.replace(/\/\*\*\/\*\.ts$/, '');
    if (dir !== pattern) walk(path.join(root, dir));
    else found.push(path.join(root, pattern));
  }
  return found;
}

/** Where tsc writes a source's JavaScript. */
const outputOf = (source) => path.join(dist, path.relative(root, source)).replace(/\.ts$/, '.js');

const missingOutput = () => sources().some((source) => !fs.existsSync(outputOf(source)));
if (!fs.existsSync(buildInfo) || missingOutput()) fs.rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', project], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** Removes compiled files (`x.js`, `x.js.map`) whose `x.ts` is gone, then empty folders. */
function prune(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    const compiled = /^(.*)\.js(\.map)?$/.exec(path.relative(dist, full));
    if (!compiled) continue;
    // A JavaScript file of the sources themselves (the console's page, copied by the Dockerfile) stays.
    if (fs.existsSync(path.join(root, `${compiled[1]}.ts`)) || fs.existsSync(path.join(root, `${compiled[1]}.js`))) continue;
    fs.rmSync(full);
  }
}
prune(dist);
