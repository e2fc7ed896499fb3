/**
 * GraphQL Code Generator's client preset: the result and variables types of every operation in
 * src/operations.ts, checked against the library's API schema (schema.graphql), into src/gql/.
 *
 *   npx graphql-codegen --config codegen.ts
 *
 * In the library's repository `npm run codegen:partner` refreshes schema.graphql from the
 * composed supergraph first and formats the output with the repository's Prettier settings.
 */
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

/** Paths from this folder, so the command works from any directory. */
const here = (file: string) => path.join(__dirname, file);

const config: CodegenConfig = {
  schema: here('schema.graphql'),
  documents: [here('src/operations.ts')],
  generates: {
    [here('src/gql/')]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Each document is a string with its types attached: sent with fetch, no GraphQL client needed.
        documentMode: 'string',
        useTypeImports: true,
        // Enums as unions of string literals: nothing to import to compare a status.
        enumType: 'string-literal',
        // Every custom scalar has a type here: a new one fails the generation instead of becoming `any`.
        strictScalars: true,
        scalars: { Date: 'string', DateTime: 'string', SafeInt: 'number' },
      },
    },
  },
};

export default config;
