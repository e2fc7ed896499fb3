/**
 * The API schema: what clients of the gateway see — the composed supergraph without federation's
 * join__/link__ machinery and without @inaccessible elements, derived exactly as @apollo/gateway
 * derives the schema it serves (and gateway/explorer.ts introspects): `Supergraph.build(sdl).apiSchema()`.
 * schema/released.graphql is this schema at the last release; `npm run schema:check` compares the
 * current one with it, `npm run schema:release -- <version>` replaces it.
 *
 *   npm run -s schema:print                  the current API schema (of supergraph.graphql, or SUPERGRAPH_PATH)
 *   npm run -s schema:print -- other.graphql the API schema of another supergraph
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';

/** The project's root (this file is in scripts/). */
export const ROOT = path.resolve(__dirname, '..');
/** The API schema of the last release. */
export const RELEASED_PATH = path.join(ROOT, 'schema', 'released.graphql');
/** The schema changelog, newest release first. */
export const CHANGELOG_PATH = path.join(ROOT, 'docs', 'schema-changelog.md');
/** The graphql-inspector command line, as installed by npm. */
export const INSPECTOR_BIN = path.join(ROOT, 'node_modules', '.bin', 'graphql-inspector');

/** The committed supergraph (SUPERGRAPH_PATH as for `npm run compose`, else supergraph.graphql). */
export function supergraphPath(): string {
  return path.resolve(process.env.SUPERGRAPH_PATH || path.join(ROOT, 'supergraph.graphql'));
}

/** The API schema of a supergraph, printed as SDL (graphql-js's printer, in the supergraph's order). */
export function apiSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema())}\n`;
}

/** The API schema of a supergraph file. */
export function apiSchemaOf(file: string): string {
  return apiSchemaSdl(fs.readFileSync(file, 'utf8'));
}

if (require.main === module) {
  const file = process.argv.slice(2).find((a) => a.endsWith('.graphql')) ?? supergraphPath();
  process.stdout.write(apiSchemaOf(file));
}
