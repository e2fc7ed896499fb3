/**
 * Description coverage of the public schema (the composed supergraph without federation's own
 * join__/link__ types and directives): every type, field, input field, argument and enum value
 * should say what it is. Prints the coverage and, with --missing, each element without a
 * description and the subgraph(s) that own it (from the supergraph's join__ directives).
 * test/schema-contract.test.ts holds the committed supergraph to 100 %.
 *
 *   npm run -s schema:coverage                          coverage of supergraph.graphql
 *   npm run -s schema:coverage -- --missing             and every element without a description
 *   npm run -s schema:coverage -- --json                the same as JSON
 *   npm run -s schema:coverage -- other.graphql         another supergraph
 */
import fs from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

export interface CoverageElement {
  /** `field` covers the fields of object types and interfaces and the fields of input types. */
  kind: 'type' | 'field' | 'argument' | 'enum value';
  /** The schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
  coordinate: string;
  /** The owning subgraphs' names (`staff-development` …); empty when the supergraph says none. */
  subgraphs: string[];
  described: boolean;
}

/** Federation's own definitions in a supergraph: not part of the API clients see. */
function isFederationInternal(name: string): boolean {
  return name.startsWith('join__') || name.startsWith('link__') || name === '_Service' || name === '_Any';
}

type WithDirectives = { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined;

/** The `graph:` enum values (STAFF_DEVELOPMENT …) of the given join__ directive on a node. */
function graphsOf(node: WithDirectives, directive: string): string[] {
  return (node?.directives ?? [])
    .filter((d) => d.name.value === directive)
    .flatMap((d) => {
      const graph = d.arguments?.find((a) => a.name.value === 'graph')?.value;
      return graph?.kind === Kind.ENUM ? [graph.value] : [];
    });
}

/** join__Graph's values to the subgraph names of their @join__graph(name:) (STAFF_DEVELOPMENT → staff-development). */
function subgraphNames(schema: GraphQLSchema): Map<string, string> {
  const names = new Map<string, string>();
  const graphs = schema.getType('join__Graph');
  if (!isEnumType(graphs)) return names;
  for (const value of graphs.getValues()) {
    const joinGraph = value.astNode?.directives?.find((d) => d.name.value === 'join__graph');
    const name = joinGraph?.arguments?.find((a) => a.name.value === 'name')?.value;
    names.set(value.name, name?.kind === Kind.STRING ? name.value : value.name.toLowerCase().replace(/_/g, '-'));
  }
  return names;
}

/** The fields of an object type or interface, or the input fields of an input type; none for other types. */
export function fieldsOf(type: GraphQLNamedType): (GraphQLField<unknown, unknown> | GraphQLInputField)[] {
  if (isObjectType(type) || isInterfaceType(type)) return Object.values<GraphQLField<unknown, unknown>>(type.getFields());
  if (isInputObjectType(type)) return Object.values<GraphQLInputField>(type.getFields());
  return [];
}

function isDescribed(description: string | null | undefined): boolean {
  return typeof description === 'string' && description.trim().length > 0;
}

/** Every type, field, input field, argument and enum value of a supergraph (or any schema), in schema order. */
export function coverageElements(schema: GraphQLSchema): CoverageElement[] {
  const names = subgraphNames(schema);
  const owners = (node: WithDirectives, directive: string) => graphsOf(node, directive).map((g) => names.get(g) ?? g);
  const out: CoverageElement[] = [];
  const types = Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t) && !isFederationInternal(t.name));
  for (const type of types) {
    const typeOwners = owners(type.astNode, 'join__type');
    out.push({ kind: 'type', coordinate: type.name, subgraphs: typeOwners, described: isDescribed(type.description) });
    for (const field of fieldsOf(type)) {
      const fieldOwners = owners(field.astNode, 'join__field');
      const fo = fieldOwners.length ? fieldOwners : typeOwners;
      out.push({ kind: 'field', coordinate: `${type.name}.${field.name}`, subgraphs: fo, described: isDescribed(field.description) });
      for (const arg of 'args' in field ? field.args : []) {
        out.push({ kind: 'argument', coordinate: `${type.name}.${field.name}(${arg.name}:)`, subgraphs: fo, described: isDescribed(arg.description) });
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        const valueOwners = owners(value.astNode, 'join__enumValue');
        out.push({
          kind: 'enum value',
          coordinate: `${type.name}.${value.name}`,
          subgraphs: valueOwners.length ? valueOwners : typeOwners,
          described: isDescribed(value.description),
        });
      }
    }
  }
  return out;
}

/** The elements of a supergraph's SDL (join__/link__ definitions need not validate: they are left out). */
export function supergraphCoverage(sdl: string): CoverageElement[] {
  return coverageElements(buildSchema(sdl, { assumeValidSDL: true }));
}

function percent(part: number, all: number): string {
  return `${(all ? (100 * part) / all : 100).toFixed(1)} %`;
}

function main() {
  const file = process.argv.slice(2).find((a) => a.endsWith('.graphql')) ?? 'supergraph.graphql';
  const elements = supergraphCoverage(fs.readFileSync(file, 'utf8'));
  const missing = elements.filter((e) => !e.described);
  const byKind = new Map<string, { all: number; described: number }>();
  for (const e of elements) {
    const k = byKind.get(e.kind) ?? { all: 0, described: 0 };
    k.all += 1;
    k.described += e.described ? 1 : 0;
    byKind.set(e.kind, k);
  }
  const total = elements.length;
  const described = total - missing.length;
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ total, described, byKind: Object.fromEntries(byKind), missing }, null, 2));
    return;
  }
  console.log(`described: ${described} of ${total} (${percent(described, total)})`);
  for (const [kind, k] of byKind) console.log(`  ${kind}: ${k.described} of ${k.all} (${percent(k.described, k.all)})`);
  const bySubgraph = new Map<string, number>();
  for (const e of missing) {
    const key = e.subgraphs.join('+') || '(none)';
    bySubgraph.set(key, (bySubgraph.get(key) ?? 0) + 1);
  }
  console.log('missing by subgraph:', Object.fromEntries(bySubgraph));
  if (process.argv.includes('--missing')) {
    for (const e of missing) console.log(`${e.subgraphs.join('+') || '-'}\t${e.kind}\t${e.coordinate}`);
  }
}

if (require.main === module) main();
