import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import merge from 'lodash.merge';
import { buildSchema, createResolversMap } from 'type-graphql';
import { authChecker } from './auth';
import { DateTimeScalar } from './scalars';
import { validateArgument } from './validation';
import type { SubgraphDefinition } from './subgraph';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/**
 * The root types' descriptions. type-graphql has no option for them, so they are set on the built
 * schema; every subgraph gets the same text, which composition keeps as is.
 */
const ROOT_TYPE_DESCRIPTIONS = {
  query: 'What can be read. Each field says who may call it; a caller who may not gets an error with a code (UNAUTHENTICATED, FORBIDDEN)',
  mutation: 'What can be changed. Each field says who may call it; refusals and bad input are errors with a code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, CONFLICT)',
} as const;

async function typeGraphqlSchema(def: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    authChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    skipCheck: true,
  });
  const query = schema.getQueryType();
  if (query) query.description = ROOT_TYPE_DESCRIPTIONS.query;
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = ROOT_TYPE_DESCRIPTIONS.mutation;
  return schema;
}

const withFederationLink = (schema: GraphQLSchema): DocumentNode => parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);

/** The subgraph's SDL with the federation link: what `npm run compose` composes. */
export async function subgraphTypeDefs(def: SubgraphDefinition): Promise<DocumentNode> {
  return withFederationLink(await typeGraphqlSchema(def));
}

const federatedSchemas = new WeakMap<SubgraphDefinition, Promise<GraphQLSchema>>();

/**
 * type-graphql schema → Apollo subgraph schema, with the reference resolvers merged in. Built once
 * per definition and process (it depends on the code only, and a schema holds no request state):
 * a second server of the same subgraph in one process — tests, benchmarks — reuses it.
 */
export function buildFederatedSchema(def: SubgraphDefinition): Promise<GraphQLSchema> {
  let built = federatedSchemas.get(def);
  if (!built) {
    built = (async () => {
      const schema = await typeGraphqlSchema(def);
      const typeDefs = withFederationLink(schema);
      return buildSubgraphSchema([{ typeDefs, resolvers: merge(createResolversMap(schema), def.references) as never }]);
    })();
    built.catch(() => federatedSchemas.delete(def));
    federatedSchemas.set(def, built);
  }
  return built;
}
