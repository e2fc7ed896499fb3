import { AppError } from '../../../shared/platform/errors';
import { callInternal, ownerOf, type ServiceClientConfig } from '../../../shared/platform/service-client';

/** How to reach a member: collections keeps the contact details (null: unknown member or closed account). */
export interface MemberContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
}

/** Reads members' contact details for a batch of notices; throws when they cannot be read now. */
export type MemberContactLookup = (memberIds: string[]) => Promise<Map<string, MemberContact | null>>;

const OWNER = ownerOf('MemberNoticeContacts', "The members' contact details");
const PER_CALL = 500;

/**
 * Members' contact details from collections (internal operation MemberNoticeContacts), read when a
 * notice is sent — never copied here, so a changed address is used and a closed account is not
 * written to. Fails with SERVICE_UNAVAILABLE when collections does not answer: the notices wait.
 */
export function memberContactsFrom(config: ServiceClientConfig): MemberContactLookup {
  return async (memberIds) => {
    const ids = [...new Set(memberIds)];
    const contacts = new Map<string, MemberContact | null>();
    for (let i = 0; i < ids.length; i += PER_CALL) {
      const chunk = ids.slice(i, i + PER_CALL);
      const body = await callInternal<{ memberNoticeContacts: (MemberContact | null)[] }>(config, 'community-events', 'MemberNoticeContacts', { ids: chunk }, OWNER);
      const answer = body.data?.memberNoticeContacts;
      if (!answer || answer.length !== chunk.length) throw new AppError('SERVICE_UNAVAILABLE', body.errors?.[0]?.message ?? `${OWNER} is unavailable`);
      chunk.forEach((id, k) => contacts.set(id, answer[k]));
    }
    return contacts;
  };
}
