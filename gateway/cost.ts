import {
  GraphQLError,
  Kind,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  parse,
  type ASTVisitor,
  type DirectiveNode,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { createComplexityRule, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Static cost analysis at the gateway (docs/security.md, "Security limits"), run as a validation rule on the
 * client's document before any subgraph is called. It uses graphql-query-complexity (the rule and
 * its walk through fields, fragments, @skip/@include) with our own estimator:
 *
 * - every field costs 1; an object field costs 1 plus the cost of its selection;
 * - a field with a `first` or `last` argument (a connection or a paginated list) multiplies the cost
 *   of its selection by that number — by the largest page (`MAX_PAGE_SIZE`) when it is a variable,
 *   since the rule runs before variables are known; the `edges`/`nodes` list inside a connection is
 *   then not multiplied again;
 * - any other list multiplies its selection by `QUERY_COST_LIST_SIZE` (default 10);
 * - a field that crosses a subgraph boundary adds `CROSSING_WEIGHT` per object: that is, a field
 *   one of whose selected fields no subgraph resolving the field itself can resolve (the gateway
 *   must then send every object's representation to another subgraph in an `_entities` call).
 *   Which subgraph resolves which field is read from the supergraph's `@join__type`/`@join__field`.
 *
 * Apollo Server validates against the API schema (no join directives), so the ownership comes from
 * the supergraph SDL, parsed once.
 */

/** Extra cost per object of a field whose selection needs another subgraph. */
export const CROSSING_WEIGHT = 3;

export interface CostSettings {
  maxCost: number;
  /** Size assumed for a list without `first`/`last`. */
  listSize: number;
  /** Size assumed for a `first`/`last` given as a variable. */
  maxPageSize: number;
}

/** Type name → field name → the subgraphs that resolve it (the type's own subgraphs when the field has no @join__field). */
export type Ownership = Map<string, { graphs: Set<string>; fields: Map<string, Set<string>> }>;

function graphArg(directive: DirectiveNode): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === 'graph');
  return arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
}

/** Reads which subgraph resolves which field from a supergraph SDL. */
export function ownershipFromSupergraph(supergraphSdl: string): Ownership {
  const owners: Ownership = new Map();
  for (const def of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const entry = owners.get(def.name.value) ?? { graphs: new Set<string>(), fields: new Map<string, Set<string>>() };
    owners.set(def.name.value, entry);
    for (const d of def.directives ?? []) {
      const g = d.name.value === 'join__type' ? graphArg(d) : undefined;
      if (g) entry.graphs.add(g);
    }
    for (const field of def.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const resolving = joins
        .filter((d) => !d.arguments?.some((a) => a.name.value === 'external' && a.value.kind === Kind.BOOLEAN && a.value.value))
        .map(graphArg)
        .filter((g): g is string => !!g);
      if (resolving.length) entry.fields.set(field.name.value, new Set(resolving));
    }
  }
  return owners;
}

function resolvers(owners: Ownership, typeName: string, fieldName: string): Set<string> | undefined {
  const entry = owners.get(typeName);
  return entry ? (entry.fields.get(fieldName) ?? entry.graphs) : undefined;
}

/** The fields selected directly under `selectionSet`, with the type they are selected on (fragments expanded one level). */
function childFields(selectionSet: SelectionSetNode, typeName: string, context: ValidationContext, seen = new Set<string>()): { type: string; name: string }[] {
  const out: { type: string; name: string }[] = [];
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) out.push({ type: typeName, name: sel.name.value });
    else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...childFields(sel.selectionSet, sel.typeCondition?.name.value ?? typeName, context, seen));
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = context.getFragment(sel.name.value);
      if (fragment) out.push(...childFields(fragment.selectionSet, fragment.typeCondition.name.value, context, seen));
    }
  }
  return out;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function pageSize(node: FieldNode, args: Record<string, unknown>, field: GraphQLField<unknown, unknown>, settings: CostSettings): number | undefined {
  for (const name of ['first', 'last']) {
    if (!field.args.some((a) => a.name === name)) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    if (given?.value.kind === Kind.VARIABLE) return settings.maxPageSize;
    const value = args[name];
    if (typeof value === 'number' && value >= 0) return value;
  }
  return undefined;
}

function estimator(owners: Ownership, context: ValidationContext, settings: CostSettings): ComplexityEstimator {
  return ({ type, field, node, args, childComplexity }) => {
    const named = getNamedType(field.type);
    if (!isCompositeType(named) || !node.selectionSet) return 1;
    const first = pageSize(node, args, field, settings);
    // The list inside a connection is already counted by the connection's `first`.
    const insideConnection = /Connection$/.test(type.name) && (field.name === 'edges' || field.name === 'nodes');
    const size = first ?? (isList(field.type) && !insideConnection ? settings.listSize : 1);
    const own = resolvers(owners, type.name, field.name);
    const crossing =
      !!own &&
      childFields(node.selectionSet, named.name, context).some(({ type: t, name }) => {
        if (name.startsWith('__')) return false;
        const child = resolvers(owners, t, name);
        return !!child && ![...child].some((g) => own.has(g));
      });
    return size * (1 + childComplexity + (crossing ? CROSSING_WEIGHT : 0));
  };
}

export function queryTooCostly(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`This query would cost ${cost}, more than the ${maxCost} one request may cost: ask for smaller pages or fewer fields`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
  });
}

/**
 * The validation rule: reports QUERY_TOO_COSTLY (with `cost` and `maxCost`) when the document's
 * operations cost more than the budget. `onCost` receives each operation's running total.
 *
 * graphql-query-complexity coerces the request's variables, which a validation rule does not
 * have (Apollo caches validated documents whatever the variables): every variable is given a
 * placeholder instead, a `first`/`last` variable counts as the largest page, and a @skip/@include
 * on a variable counts the field as included — the cost is the worst case over all variables.
 */
export function costRule(owners: Ownership, settings: CostSettings, onCost?: (cost: number) => void) {
  return (context: ValidationContext): ASTVisitor => {
    // Argument errors are other rules' business: the analysis reports nothing but its verdict.
    const quiet = Object.create(context, { reportError: { value: () => undefined } }) as ValidationContext;
    // The library's walker (fields, fragments, @skip/@include, abstract types), driven below.
    const analysis = createComplexityRule({
      maximumComplexity: settings.maxCost,
      estimators: [estimator(owners, context, settings)],
      // Fragments spread inside fragments can multiply a small document: stop walking early.
      maxQueryNodes: 20_000,
    })(quiet);
    let overrun = false;
    return {
      OperationDefinition: {
        enter(operation: OperationDefinitionNode) {
          if (overrun) return;
          const schema = context.getSchema();
          const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
          if (!root) return; // refused by graphql's own rules
          analysis.variableValues = Object.fromEntries((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, 1]));
          try {
            analysis.complexity += analysis.nodeComplexity(operation, root);
          } catch {
            // More nodes than worth walking (fragments multiplying each other): over any budget.
            overrun = true;
            context.reportError(queryTooCostly(Number.MAX_SAFE_INTEGER, settings.maxCost));
          }
        },
        leave() {
          if (overrun) return;
          onCost?.(analysis.complexity);
          if (analysis.complexity > settings.maxCost) context.reportError(queryTooCostly(analysis.complexity, settings.maxCost));
        },
      },
    };
  };
}

/** The cost of a document against the API schema (the docs examples, tests), without a budget. */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, owners: Ownership, settings: Omit<CostSettings, 'maxCost'>): number {
  let cost = 0;
  validate(schema, document, [costRule(owners, { ...settings, maxCost: Number.MAX_SAFE_INTEGER }, (c) => (cost = c))]);
  return cost;
}
