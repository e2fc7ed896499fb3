import fs from 'node:fs';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { loadConfig } from '../shared/platform/config';

/**
 * How @apollo/gateway plans the regional report over the committed supergraph: staff-development
 * lists the rows, then collections, community-events and partnerships are each asked once, for
 * every row at the same time (one `_entities` fetch each), in parallel.
 */
const supergraph = Supergraph.build(fs.readFileSync(loadConfig({ ...process.env, NODE_ENV: 'test' }).supergraphPath, 'utf8'));
const planner = new QueryPlanner(supergraph);
const plan = (query: string): PlanNode => planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))).node as PlanNode;

const INDICATORS = 'staff { librarians } collections { loans loansPerCapita } events { events } partnerships { activePartners }';

function expectOneParallelFetchPerSubgraph(node: PlanNode, rowsPath: string[]) {
  expect(node.kind).toBe('Sequence');
  const [first, second, ...rest] = (node as Extract<PlanNode, { kind: 'Sequence' }>).nodes;
  expect(rest).toEqual([]);
  expect(first).toMatchObject({ kind: 'Fetch', serviceName: 'staff-development' });
  expect(second.kind).toBe('Parallel');
  const fetches = (second as Extract<PlanNode, { kind: 'Parallel' }>).nodes.map((n) => {
    expect(n).toMatchObject({ kind: 'Flatten', path: rowsPath, node: { kind: 'Fetch' } });
    return (n as any).node.serviceName as string;
  });
  expect(fetches.sort()).toEqual(['collections', 'community-events', 'partnerships']);
}

describe('the query plan of the regional report', () => {
  it('lists the rows in staff-development, then asks each other subgraph once for all rows, in parallel', () => {
    const node = plan(`{ regionalReport(from: "2026-01-01", to: "2026-03-31") { library { id name } ${INDICATORS} } }`);
    expectOneParallelFetchPerSubgraph(node, ['regionalReport', '@']);
  });

  it('sends collections the population it requires with each row', () => {
    const node: any = plan(`{ regionalReport(from: "2026-01-01", to: "2026-03-31") { collections { loansPerCapita } } }`);
    const collections = node.nodes[1].node;
    expect(collections.serviceName).toBe('collections');
    // The representations it receives: the key and the required population.
    const sent = JSON.stringify(collections.requires);
    for (const field of ['libraryId', 'from', 'to', 'population']) expect(sent).toContain(`"${field}"`);
  });

  it('plans the monthly trends the same way: one fetch per subgraph for every library and month', () => {
    const node = plan(`{ regionalTrends(year: 2026) { library { name } months { from ${INDICATORS} } } }`);
    expectOneParallelFetchPerSubgraph(node, ['regionalTrends', '@', 'months', '@']);
  });
});
