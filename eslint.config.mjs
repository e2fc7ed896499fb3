// @ts-check
// `npm run lint` runs this (then `prettier --check`). Type-aware: typescript-eslint reads
// tsconfig.json through its project service, so every linted .ts file must be in that tsconfig.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import { configs as typescriptConfigs } from 'typescript-eslint';

export default defineConfig(
  // Build output, local databases, and migrations written by `npm run migration:generate`.
  globalIgnores(['**/dist/', 'data/', 'coverage/', 'artifacts/', '**/migrations/', 'examples/partner-client/src/gql/']),

  js.configs.recommended,
  typescriptConfigs.recommendedTypeChecked,
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,

  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Relative imports and node_modules only (no path aliases in tsconfig.json), so the node
      // resolver with TypeScript's extensions is enough.
      'import-x/resolver-next': [
        createNodeResolver({ conditionNames: ['types', 'node', 'require', 'default'], extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json', '.node'] }),
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Value imports only: `import type` is erased and cannot make a cycle at run time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // shared/ shows its direction: the platform uses no domain code (but the server and the
      // subgraph context, which put the calendar and the directory into every request), and no
      // shared module uses a subgraph's code (only the data-only registry of names and ports).
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './shared/platform/!(server|subgraph).ts', from: './shared/domain', message: 'platform code uses no domain code' },
            { target: './shared', from: './subgraphs', except: ['./registry.ts'], message: 'shared code uses no subgraph code' },
          ],
        },
      ],

      // Promises: the two rules this configuration is for, at their strictest.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',

      // Off or down; each for a reason of this codebase:
      // - `any` is reported but does not fail the build (the unsafe-* rules still catch it flowing on).
      '@typescript-eslint/no-explicit-any': 'warn',
      // - `Function` is the type TypeORM (`MixedList<Function | string | EntitySchema>`) and type-graphql
      //   (`NonEmptyArray<Function>`) take for entity and resolver lists; narrower types need casts back.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // - Apollo plugin hooks and interface methods must return a Promise; `async` without `await` is how.
      '@typescript-eslint/require-await': 'off',
      // - A leading underscore marks what is kept for its position (resolver and loader signatures,
      //   properties left out of a rest spread).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Tests read GraphQL answers as `any` (test/helpers/federation.ts: `GraphQLResponse<T = any>`) and
  // check them with expect(): the unsafe-* family would flag every `body.data.x`.
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An answer's enum value is a string compared with the entity's enum.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },

  // Plain JavaScript: no type information.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [typescriptConfigs.disableTypeChecked],
  },
  // CommonJS by design: it runs before anything is compiled.
  { files: ['scripts/build.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The console page runs in the browser, as a classic script (Chart.js is a global there).
  {
    files: ['gateway/console/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },

  // Last: turns off every stylistic rule that Prettier owns.
  prettier,
);
