import { GATEWAY_IDENTITY_SUB, INTERNAL_HEADER, signInternalToken, type Identity } from '../../shared/platform/auth';
import type { Config, SubgraphName } from '../../shared/platform/config';
import { AppError } from '../../shared/platform/errors';

/**
 * What the identity store asks the owning subgraphs about the people its accounts stand for: is
 * this librarian one of that library's staff, this member a card holder of it (and is the card
 * still ACTIVE), does this partner exist. The gateway asks with its own proof (the identity
 * `gateway:identity`, role ADMIN, like a client's request it forwards), over the subgraphs' HTTP,
 * with the subgraph timeout; never inside a database transaction. A subgraph that does not answer
 * is SERVICE_UNAVAILABLE naming the owner.
 */

const IDENTITY_SERVICE: Identity = { sub: GATEWAY_IDENTITY_SUB, role: 'ADMIN' };

export interface LibrarianFacts {
  id: string;
  name: string;
  libraryId: string;
  email: string | null;
}

export interface MemberFacts {
  id: string;
  name: string;
  libraryId: string;
  cardNumber: string;
  status: string;
  memberType: string;
  expiresOn: string;
  email: string | null;
  phone: string | null;
}

export interface PartnerFacts {
  id: string;
  name: string;
}

export type Directory = ReturnType<typeof subgraphDirectory>;

export function subgraphDirectory(config: Pick<Config, 'gatewaySecret' | 'subgraphTimeoutMs'>, urls: Record<SubgraphName, string>) {
  async function ask<T>(target: SubgraphName, what: string, query: string, variables: Record<string, unknown>): Promise<T> {
    let body: { data?: T; errors?: { extensions?: { code?: string } }[] };
    try {
      const res = await fetch(urls[target], {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: await signInternalToken(IDENTITY_SERVICE, config.gatewaySecret) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(config.subgraphTimeoutMs),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', `${what} (${target}) is unavailable`);
    }
    if (!body.data) throw new AppError('SERVICE_UNAVAILABLE', `${what} (${target}) is unavailable`);
    return body.data;
  }

  return {
    /** The librarians staff-development knows (absent ids: no such librarian). */
    async librarians(ids: readonly string[]): Promise<Map<string, LibrarianFacts>> {
      if (!ids.length) return new Map();
      const data = await ask<{ _entities: ({ id: string; name: string; email: string | null; library: { id: string } } | null)[] }>(
        'staff-development',
        'The staff directory',
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Librarian { id name email library { id } } } }',
        { r: ids.map((id) => ({ __typename: 'Librarian', id })) },
      );
      return new Map(data._entities.filter((l) => !!l).map((l) => [l.id, { id: l.id, name: l.name, email: l.email, libraryId: l.library.id }]));
    },

    /** The members collections knows (absent ids: no such member). */
    async members(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
      if (!ids.length) return new Map();
      const data = await ask<{
        _entities: ({
          id: string;
          name: string;
          cardNumber: string;
          status: string;
          memberType: string;
          expiresOn: string;
          email: string;
          phone: string;
          library: { id: string };
        } | null)[];
      }>(
        'collections',
        'The member register',
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id name cardNumber status memberType expiresOn email phone library { id } } } }',
        { r: ids.map((id) => ({ __typename: 'Member', id })) },
      );
      return new Map(
        data._entities
          .filter((m) => !!m)
          .map((m) => [
            m.id,
            {
              id: m.id,
              name: m.name,
              cardNumber: m.cardNumber,
              status: m.status,
              memberType: m.memberType,
              expiresOn: m.expiresOn,
              email: m.email || null,
              phone: m.phone || null,
              libraryId: m.library.id,
            },
          ]),
      );
    },

    /** The partners partnerships knows. */
    async partners(ids: readonly string[]): Promise<Map<string, PartnerFacts>> {
      if (!ids.length) return new Map();
      const data = await ask<{ _entities: ({ id: string; name: string } | null)[] }>(
        'partnerships',
        'The partner directory',
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id name } } }',
        { r: ids.map((id) => ({ __typename: 'Partner', id })) },
      );
      return new Map(data._entities.filter((p) => !!p).map((p) => [p.id, { id: p.id, name: p.name }]));
    },
  };
}
