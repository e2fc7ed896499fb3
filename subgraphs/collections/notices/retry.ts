import type { DataSource } from 'typeorm';
import { requireStaffOf, type Identity } from '../../../shared/platform/auth';
import type { NoticeSettings } from '../../../shared/platform/config';
import { NotFoundError, StateConflict } from '../../../shared/platform/errors';
import { requeueFailed } from '../../../shared/platform/outbox';
import { configuredChannels } from '../../../shared/platform/transports';
import { CirculationNotice, NoticeStatus } from './circulation-notice.entity';
import { Member } from '../members/member.entity';
import { NoticePolicy } from './notice-policy.entity';
import { channelFor, noticeOutbox } from './outbox';

/**
 * Sending a FAILED notice again, after the desk has fixed what stopped it (a mistyped address, a
 * full mailbox, the WhatsApp gateway down for a day): the notice goes back to PENDING with its
 * attempts reset, to the member's address as it is NOW and by the first channel of the policy
 * that can reach them, and the next worker pass sends it. Its text is not rendered again: it
 * says what it said when it fell due. Only a FAILED notice, and only once if two desks click at
 * the same moment (a conditional UPDATE on the status).
 */
export async function retryFailedNotice(db: DataSource, identity: Identity, settings: NoticeSettings, id: string, at: Date): Promise<CirculationNotice> {
  const notices = db.getRepository(CirculationNotice);
  const notice = await notices.findOneBy({ id });
  if (!notice) throw new NotFoundError('CirculationNotice', id);
  requireStaffOf(identity, notice.libraryId);
  if (notice.status !== NoticeStatus.FAILED) throw new StateConflict('NOT_FAILED', `Only a FAILED notice is sent again; this one is ${notice.status}`);

  const [member, policy] = await Promise.all([
    db.getRepository(Member).findOneBy({ id: notice.memberId }),
    db.getRepository(NoticePolicy).findOneBy({ libraryId: notice.libraryId }),
  ]);
  const route = member && policy ? channelFor(policy, member, configuredChannels(settings)) : null;
  if (!route) throw new StateConflict('NO_CHANNEL', 'No configured channel of the policy reaches the member: add an e-mail address or phone number first');

  const requeued = await requeueFailed(db, noticeOutbox, id, at, { channel: route.channel, recipient: route.recipient.slice(0, 200) });
  if (!requeued) throw new StateConflict('NOT_FAILED', 'The notice was sent again by someone else a moment ago');
  return notices.findOneByOrFail({ id });
}
