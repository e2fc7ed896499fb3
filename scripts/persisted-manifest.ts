/**
 * `npm run persisted:manifest`: the registered clients' manifests, generated from their source
 * (docs/api.md, "Persisted queries and trusted documents"). For each client in CLIENTS, GraphQL
 * Code Generator's client preset plucks the operations marked `/* GraphQL *\/` (or tagged
 * gql/graphql) from its files, validates them against the committed supergraph and hashes them (sha256, its persisted documents); this
 * script writes them in Apollo's persisted query manifest format to `persisted/<client>.json`.
 *
 * `npm run persisted:manifest -- --check` writes nothing and exits 1 when a committed manifest is
 * not what its source gives (test/trusted-documents.test.ts checks the same).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { getOperationAST, parse } from 'graphql';
import { MANIFEST_FORMAT, sha256Hex, type ManifestOperation, type PersistedQueryManifest } from '../gateway/trusted-documents';

const ROOT = path.resolve(__dirname, '..');

/** The registered clients: a name (`apollographql-client-name`) and the files its operations are in. */
export const CLIENTS: { name: string; documents: string[] }[] = [{ name: 'console', documents: ['gateway/console/console.js'] }];

/** Where the committed manifests are (the default TRUSTED_DOCUMENTS_DIR). */
export const PERSISTED_DIR = path.join(ROOT, 'persisted');

/** The manifest of one client, from its source files, validated against `supergraphSdl`. */
export async function manifestOf(client: { name: string; documents: string[] }, supergraphSdl: string): Promise<PersistedQueryManifest> {
  // Nothing is written (saveToFile false); the output folder only names the preset's files.
  const out = path.join(os.tmpdir(), `persisted-${client.name}`) + path.sep;
  // Typed Promise<FileOutput[] | any>: the files, when nothing is saved.
  const files = (await generate(
    {
      cwd: ROOT,
      schema: supergraphSdl,
      documents: client.documents.map((file) => path.join(ROOT, file)),
      silent: true,
      generates: {
        [out]: {
          preset: 'client',
          // Apollo's ids are the bare hex digest (the preset's 'sha256' prefixes it with `sha256:`).
          presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: sha256Hex } },
        },
      },
    },
    false,
  )) as { filename: string; content: string }[];
  const persisted = files.find((file) => path.basename(file.filename) === 'persisted-documents.json');
  if (!persisted) throw new Error(`GraphQL Code Generator wrote no persisted documents for ${client.name}`);
  const documents = JSON.parse(persisted.content) as Record<string, string>;
  const operations: ManifestOperation[] = Object.entries(documents).map(([id, body]) => {
    if (id !== sha256Hex(body)) throw new Error(`${client.name}: the persisted document ${id} is not the sha256 of its text`);
    const operation = getOperationAST(parse(body));
    if (!operation?.name) throw new Error(`${client.name}: every operation needs a name (the page sends it with the hash): ${body}`);
    return { id, name: operation.name.value, type: operation.operation, body };
  });
  operations.sort((a, b) => a.name.localeCompare(b.name));
  const names = operations.map((op) => op.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`${client.name}: two operations are named ${twice}`);
  return { format: MANIFEST_FORMAT, version: 1, operations };
}

export const manifestText = (manifest: PersistedQueryManifest) => `${JSON.stringify(manifest, null, 2)}\n`;

async function main() {
  const check = process.argv.includes('--check');
  const supergraphSdl = fs.readFileSync(path.resolve(process.env.SUPERGRAPH_PATH || path.join(ROOT, 'supergraph.graphql')), 'utf8');
  let stale = false;
  for (const client of CLIENTS) {
    const file = path.join(PERSISTED_DIR, `${client.name}.json`);
    const manifest = await manifestOf(client, supergraphSdl);
    const text = manifestText(manifest);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (check) {
      if (committed !== text) {
        stale = true;
        console.error(`${path.relative(ROOT, file)} is stale: run npm run persisted:manifest`);
      }
      continue;
    }
    fs.mkdirSync(PERSISTED_DIR, { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`${path.relative(ROOT, file)}: ${manifest.operations.length} operations`);
  }
  if (stale) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
