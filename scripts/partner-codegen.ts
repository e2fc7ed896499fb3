/**
 * Refreshes the partner client example (examples/partner-client/): its schema.graphql, the API
 * schema of the composed supergraph (what the gateway serves: no join__/link__ machinery), and the
 * types GraphQL Code Generator's client preset makes from it and the example's operations
 * (src/gql/), both in the repository's Prettier layout. test/partner-client.test.ts runs it with
 * --out and fails when the committed files differ from what it makes.
 *
 *   npm run codegen:partner                   after a schema change (npm run compose) or a change to src/operations.ts
 *   npm run -s codegen:partner -- --out DIR   the same files under DIR instead (what the test compares)
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import * as prettier from 'prettier';
import codegenConfig from '../examples/partner-client/codegen';
import { apiSchemaSdl } from './schema-api';

const ROOT = path.resolve(__dirname, '..');
export const PARTNER_CLIENT_DIR = path.join(ROOT, 'examples', 'partner-client');
const SCHEMA_PATH = path.join(PARTNER_CLIENT_DIR, 'schema.graphql');

export interface GeneratedFile {
  /** Absolute path. */
  file: string;
  content: string;
}

/** Prettier's layout of a file, with the repository's settings (.prettierrc.json). */
async function formatted(file: string, content: string): Promise<string> {
  const options = await prettier.resolveConfig(file);
  return prettier.format(content, { ...options, filepath: file });
}

/**
 * What the example's generated files should hold for a supergraph: schema.graphql and every file
 * of src/gql/ (codegen.ts's settings, given the schema's text instead of its file, so that
 * nothing is written).
 */
export async function partnerClientFiles(supergraphSdl: string): Promise<GeneratedFile[]> {
  const schema = await formatted(SCHEMA_PATH, apiSchemaSdl(supergraphSdl));
  // Without writing, generate() answers the files it would write (typed `any` by the package).
  const outputs = (await generate({ ...codegenConfig, schema, silent: true }, false)) as { filename: string; content: string }[];
  const files = [{ file: SCHEMA_PATH, content: schema }];
  for (const { filename, content } of outputs) {
    const file = path.resolve(filename);
    files.push({ file, content: await formatted(file, content) });
  }
  return files;
}

async function main() {
  const supergraph = path.resolve(process.env.SUPERGRAPH_PATH || path.join(ROOT, 'supergraph.graphql'));
  const out = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1] ?? '') : PARTNER_CLIENT_DIR;
  for (const { file, content } of await partnerClientFiles(fs.readFileSync(supergraph, 'utf8'))) {
    const target = path.join(out, path.relative(PARTNER_CLIENT_DIR, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    console.log(`wrote ${path.relative(ROOT, target)}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
