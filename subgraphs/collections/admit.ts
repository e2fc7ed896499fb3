import type { Identity } from '../../shared/platform/auth';
import { UnauthenticatedError } from '../../shared/platform/errors';
import type { CollectionsLoaders } from './loaders';

/**
 * Collections owns the members, so it decides whether a MEMBER token is one: its `memberId` must
 * be a member of its `libraryId`. Checked once per request, before any resolver (the subgraph's
 * `admit` hook, shared/platform/server.ts), with one primary-key lookup through the request's DataLoader
 * (which the resolvers then reuse). Every member-self path — "my" loans, holds, fines, notices,
 * digital uses, suggestions, and the `libraryId` those take from the token — can so trust both
 * claims. Community-events' member paths go by `memberId` alone (registrations, ratings,
 * surveys) and never by the token's `libraryId`.
 */
export async function admitMember(identity: Identity, loaders: Pick<CollectionsLoaders, 'memberById'>): Promise<void> {
  if (identity.role !== 'MEMBER') return;
  const member = await loaders.memberById.load(identity.memberId!);
  if (!member || member.libraryId !== identity.libraryId) {
    throw new UnauthenticatedError("The token's member does not belong to its library", 401);
  }
}
