/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** DRAFT (not signed), SIGNED (signed, start date still ahead), ACTIVE (signed, between its start and end dates), EXPIRED (end date passed), TERMINATED (ended early, from the termination date) */
export type AgreementStatus =
  /** Signed and in force: from its start date to its end date, both included */
  | 'ACTIVE'
  /** Not signed yet: still being negotiated, or proposed by the library for the partner to sign */
  | 'DRAFT'
  /** Signed, its end date has passed */
  | 'EXPIRED'
  /** Signed, its start date still ahead in the library's time zone */
  | 'SIGNED'
  /** Ended early: from the day terminateAgreement named (terminatedOn) on */
  | 'TERMINATED';

/** What kind of institution a partner is */
export type PartnerKind =
  /** A community organisation */
  | 'COMMUNITY_ORGANISATION'
  /** A company */
  | 'COMPANY'
  /** A government agency */
  | 'GOVERNMENT_AGENCY'
  /** Another library; library exchanges are with libraries */
  | 'LIBRARY'
  /** A medium: press, radio, television or online */
  | 'MEDIA'
  /** A school (it may carry an NPSN); school visits and school lending are with schools */
  | 'SCHOOL'
  /** A university; internships and research collaborations are with universities */
  | 'UNIVERSITY';

/** SCHOOL_VISIT (librarians visit a school), SCHOOL_LENDING (copies lent to a school), WORKSHOP and SEMINAR (with a university or other partner), LIBRARY_EXCHANGE (collections, information, practice), RESEARCH_COLLABORATION */
export type PartnershipProgrammeKind =
  /** An exchange of collections, information or practice with another library (a LIBRARY partner) */
  | 'LIBRARY_EXCHANGE'
  /** Research with a university (a UNIVERSITY partner) */
  | 'RESEARCH_COLLABORATION'
  /** The library lends copies to a school (with a SCHOOL partner) */
  | 'SCHOOL_LENDING'
  /** Librarians visit a school (with a SCHOOL partner) */
  | 'SCHOOL_VISIT'
  /** A seminar with the partner (any kind); it may be given as a training programme */
  | 'SEMINAR'
  /** A workshop with the partner (any kind); it may be given as a training programme */
  | 'WORKSHOP';

/** PROPOSED (by the partner) → PLANNED (confirmed by the library) → IN_PROGRESS → COMPLETED (with outcomes); PLANNED may complete directly; CANCELLED from any state that is not final */
export type PartnershipProgrammeStatus =
  /** Cancelled, with a reason (final) */
  | 'CANCELLED'
  /** Done, with its outcomes recorded (final) */
  | 'COMPLETED'
  /** Started (startPartnershipProgramme), not completed yet */
  | 'IN_PROGRESS'
  /** Planned by the library, or confirmed by it; not started yet */
  | 'PLANNED'
  /** Proposed by the partner, waiting for the library to confirm it */
  | 'PROPOSED';

/** PROGRAMME_CHANGED (a programme under the partner's agreements was created or changed status), INTERNSHIP_CHANGED (an internship of the partner's students changed) */
export type WebhookEventType =
  /** An internship of the partner's students was applied for, changed status, or got a logbook week or an evaluation (body type internship.changed) */
  | 'INTERNSHIP_CHANGED'
  /** A programme under the partner's agreements was created or changed status (body type programme.changed) */
  | 'PROGRAMME_CHANGED';

export type PartnerOverviewQueryVariables = Exact<{
  partnerId: string | number;
}>;

export type PartnerOverviewQuery = {
  partner: {
    id: string;
    name: string;
    kind: PartnerKind;
    agreements: Array<{ id: string; title: string; status: AgreementStatus; startsOn: string; endsOn: string; library: { id: string; name: string } }> | null;
    programmes: {
      totalCount: number;
      edges: Array<{ node: { id: string; kind: PartnershipProgrammeKind; title: string; status: PartnershipProgrammeStatus; startsOn: string; endsOn: string } }>;
    } | null;
  } | null;
};

export type RegisterWebhookMutationVariables = Exact<{
  url: string;
  events?: Array<WebhookEventType> | WebhookEventType | null | undefined;
}>;

export type RegisterWebhookMutation = {
  registerPartnerWebhook: { id: string; url: string; events: Array<WebhookEventType>; active: boolean; signingSecret: string | null } | null;
};

export type DeactivateWebhookMutationVariables = Exact<{
  id: string | number;
}>;

export type DeactivateWebhookMutation = { deactivatePartnerWebhook: { id: string; active: boolean } | null };

export class TypedDocumentString<TResult, TVariables> extends String implements DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PartnerOverviewDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<PartnerOverviewQuery, PartnerOverviewQueryVariables>;
export const RegisterWebhookDocument = new TypedDocumentString(`
    mutation RegisterWebhook($url: String!, $events: [WebhookEventType!]) {
  registerPartnerWebhook(input: {url: $url, events: $events}) {
    id
    url
    events
    active
    signingSecret
  }
}
    `) as unknown as TypedDocumentString<RegisterWebhookMutation, RegisterWebhookMutationVariables>;
export const DeactivateWebhookDocument = new TypedDocumentString(`
    mutation DeactivateWebhook($id: ID!) {
  deactivatePartnerWebhook(id: $id) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<DeactivateWebhookMutation, DeactivateWebhookMutationVariables>;
