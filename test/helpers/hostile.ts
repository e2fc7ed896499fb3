/**
 * A corpus of hostile requests an outside tester sends to the gateway: each is refused with its
 * code and status before any subgraph works on it. Used by test/security.test.ts (the refusals)
 * and scripts/bench-hostile.ts (how long a refusal takes).
 */

export interface Hostile {
  name: string;
  /** The raw request body (most are JSON GraphQL requests). */
  body: string;
  code: string;
  status: number;
}

export const gql = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });

const fragmentBomb = Array.from({ length: 16 }, (_, i) =>
  i === 0 ? 'fragment F0 on Library { id name }' : `fragment F${i} on Library { ...F${i - 1} ... on Library { ...F${i - 1} } }`,
).join(' ');

export const CORPUS: Hostile[] = [
  {
    name: '15 aliases × 100 copies × their library × 100 copies',
    body: gql(
      `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: libraries { items(first: 100) { edges { node { library { items(first: 100) { edges { node { id barcode } } } } } } } }`).join(' ')} }`,
    ),
    code: 'QUERY_TOO_COSTLY',
    status: 400,
  },
  {
    name: 'page sizes hidden in a variable',
    body: gql('query($n: Int) { libraries { items(first: $n) { edges { node { library { items(first: $n) { edges { node { id } } } } } } } } }', { variables: { n: 100 } }),
    code: 'QUERY_TOO_COSTLY',
    status: 400,
  },
  {
    name: 'nested lists without arguments',
    body: gql('{ libraries { loanRules { id } events(first: 100) { edges { node { facilitators { facilitatedEvents(first: 100) { edges { node { id } } } } } } } } }'),
    code: 'QUERY_TOO_COSTLY',
    status: 400,
  },
  {
    name: '660 conflicting aliased fields',
    body: gql(`{ libraries { ${Array.from({ length: 330 }, () => 'a: id a: name').join(' ')} } }`),
    code: 'QUERY_TOO_LARGE',
    status: 400,
  },
  {
    name: '600 __typename aliases',
    body: gql(`{ ${Array.from({ length: 600 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    code: 'QUERY_TOO_LARGE',
    status: 400,
  },
  {
    name: '16 __typename aliases',
    body: gql(`{ ${Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  { name: 'one field 400 times', body: gql(`{ libraries { ${'id '.repeat(400)} } }`), code: 'QUERY_TOO_LARGE', status: 400 },
  { name: 'fragments doubling 16 times', body: gql(`{ libraries { ...F15 } } ${fragmentBomb}`), code: 'QUERY_TOO_LARGE', status: 400 },
  {
    name: 'nested deeper than the limit',
    body: gql(`{ libraries { ${'librarians(first: 1) { edges { node { library { '.repeat(3)}id${' } } } }'.repeat(3)} } }`),
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  { name: '5,000 tokens', body: gql(`{ libraries { ${'id '.repeat(5000)} } }`), code: 'GRAPHQL_PARSE_FAILED', status: 400 },
  { name: 'a 90 kB comment', body: gql(`# ${'x'.repeat(90_000)}\n{ libraries { id } }`), code: 'QUERY_TOO_LARGE', status: 400 },
  { name: 'a 200 kB body', body: gql('{ libraries { id } }', { variables: { pad: 'x'.repeat(200_000) } }), code: 'PAYLOAD_TOO_LARGE', status: 413 },
  { name: 'malformed JSON', body: '{"query": "{ libraries { id } }"', code: 'BAD_REQUEST', status: 400 },
  { name: 'JSON nested 50,000 deep', body: `{"query":"{ __typename }","variables":{"a":${'['.repeat(50_000)}`, code: 'BAD_REQUEST', status: 400 },
  {
    name: 'a persisted-query hash that does not match its query',
    body: gql('{ libraries { id } }', { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    code: 'BAD_USER_INPUT',
    status: 400,
  },
  { name: 'a subscription', body: gql('subscription { libraries { id } }'), code: 'GRAPHQL_VALIDATION_FAILED', status: 400 },
];
