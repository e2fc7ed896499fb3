/**
 * Writes the schema reference (gateway/reference.ts) of the committed supergraph to one HTML file
 * that opens offline — styles and the index filter inside the page — to hand to a partner.
 *
 *   npm run -s schema:reference -- reference.html
 */
import fs from 'node:fs';
import { buildSchema } from 'graphql';
import { documentedExamples, renderSchemaReference } from '../gateway/reference';
import { apiSchemaOf, ROOT, supergraphPath } from './schema-api';

function main() {
  const out = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!out) {
    console.error('usage: npm run -s schema:reference -- <file.html>');
    process.exit(2);
  }
  const schema = buildSchema(apiSchemaOf(supergraphPath()));
  const examples = documentedExamples(ROOT);
  fs.writeFileSync(out, renderSchemaReference(schema, examples, { assets: 'inline' }));
  console.log(`wrote ${out}: ${Object.keys(schema.getTypeMap()).length} types, ${examples.length} examples`);
}

main();
