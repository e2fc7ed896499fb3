/* eslint-disable */
import * as types from './graphql';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query PartnerOverview($partnerId: ID!) {\n    partner(id: $partnerId) {\n      id\n      name\n      kind\n      agreements {\n        id\n        title\n        status\n        startsOn\n        endsOn\n        library {\n          id\n          name\n        }\n      }\n      programmes(first: 20) {\n        totalCount\n        edges {\n          node {\n            id\n            kind\n            title\n            status\n            startsOn\n            endsOn\n          }\n        }\n      }\n    }\n  }\n': typeof types.PartnerOverviewDocument;
  '\n  mutation RegisterWebhook($url: String!, $events: [WebhookEventType!]) {\n    registerPartnerWebhook(input: { url: $url, events: $events }) {\n      id\n      url\n      events\n      active\n      signingSecret\n    }\n  }\n': typeof types.RegisterWebhookDocument;
  '\n  mutation DeactivateWebhook($id: ID!) {\n    deactivatePartnerWebhook(id: $id) {\n      id\n      active\n    }\n  }\n': typeof types.DeactivateWebhookDocument;
};
const documents: Documents = {
  '\n  query PartnerOverview($partnerId: ID!) {\n    partner(id: $partnerId) {\n      id\n      name\n      kind\n      agreements {\n        id\n        title\n        status\n        startsOn\n        endsOn\n        library {\n          id\n          name\n        }\n      }\n      programmes(first: 20) {\n        totalCount\n        edges {\n          node {\n            id\n            kind\n            title\n            status\n            startsOn\n            endsOn\n          }\n        }\n      }\n    }\n  }\n':
    types.PartnerOverviewDocument,
  '\n  mutation RegisterWebhook($url: String!, $events: [WebhookEventType!]) {\n    registerPartnerWebhook(input: { url: $url, events: $events }) {\n      id\n      url\n      events\n      active\n      signingSecret\n    }\n  }\n':
    types.RegisterWebhookDocument,
  '\n  mutation DeactivateWebhook($id: ID!) {\n    deactivatePartnerWebhook(id: $id) {\n      id\n      active\n    }\n  }\n': types.DeactivateWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query PartnerOverview($partnerId: ID!) {\n    partner(id: $partnerId) {\n      id\n      name\n      kind\n      agreements {\n        id\n        title\n        status\n        startsOn\n        endsOn\n        library {\n          id\n          name\n        }\n      }\n      programmes(first: 20) {\n        totalCount\n        edges {\n          node {\n            id\n            kind\n            title\n            status\n            startsOn\n            endsOn\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').PartnerOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RegisterWebhook($url: String!, $events: [WebhookEventType!]) {\n    registerPartnerWebhook(input: { url: $url, events: $events }) {\n      id\n      url\n      events\n      active\n      signingSecret\n    }\n  }\n',
): typeof import('./graphql').RegisterWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DeactivateWebhook($id: ID!) {\n    deactivatePartnerWebhook(id: $id) {\n      id\n      active\n    }\n  }\n',
): typeof import('./graphql').DeactivateWebhookDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
