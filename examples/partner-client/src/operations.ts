import { graphql } from './gql';

/** The partner, its agreements with the libraries and its programmes under them. */
export const PartnerOverview = graphql(`
  query PartnerOverview($partnerId: ID!) {
    partner(id: $partnerId) {
      id
      name
      kind
      agreements {
        id
        title
        status
        startsOn
        endsOn
        library {
          id
          name
        }
      }
      programmes(first: 20) {
        totalCount
        edges {
          node {
            id
            kind
            title
            status
            startsOn
            endsOn
          }
        }
      }
    }
  }
`);

/** A webhook for the partner's own events; the answer carries the signing secret, once. */
export const RegisterWebhook = graphql(`
  mutation RegisterWebhook($url: String!, $events: [WebhookEventType!]) {
    registerPartnerWebhook(input: { url: $url, events: $events }) {
      id
      url
      events
      active
      signingSecret
    }
  }
`);

/** Stops the deliveries to a webhook (the library stops retrying a receiver that is gone). */
export const DeactivateWebhook = graphql(`
  mutation DeactivateWebhook($id: ID!) {
    deactivatePartnerWebhook(id: $id) {
      id
      active
    }
  }
`);
