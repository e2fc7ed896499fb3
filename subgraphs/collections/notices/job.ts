import type { DataSource } from 'typeorm';
import type { Config } from '../../../shared/platform/config';
import type { LibraryCalendar } from '../../../shared/domain/library-calendar';
import type { Logger } from '../../../shared/platform/logger';
import { now as clockNow } from '../../../shared/platform/clock';
import { startOutboxWorker } from '../../../shared/platform/outbox';
import { createTransports, type Transports } from '../../../shared/platform/transports';
import type { NoticeKind } from './circulation-notice.entity';
import { deliverPendingNotices, type DeliverySummary } from './delivery';
import { noticeOutbox, writeDueNotices, type WriteSummary } from './outbox';

/**
 * The notice job: (1) writes the notices due now into the outbox, once; (2) delivers the pending
 * ones whose time has come. Run on a schedule inside the collections service (startNoticeScheduler,
 * the subgraph's background hook) and by `npm run notices`. Re-running it sends nothing twice.
 */

export interface NoticeRun extends DeliverySummary {
  written: Record<NoticeKind, number>;
  unreachable: number;
  alreadyWritten: number;
  skipped: WriteSummary['skipped'];
}

export interface NoticeJobDeps {
  db: DataSource;
  calendars: { get(libraryId: string): Promise<LibraryCalendar> };
  config: Pick<Config, 'notices'> & Partial<Pick<Config, 'outboxLeaseMarginMs'>>;
  /** Default: the collections clock. */
  now?: Date;
  /** Default: made from config.notices for this run (and closed after it). */
  transports?: Transports;
  log?: Pick<Logger, 'warn'>;
}

export async function runNotices(deps: NoticeJobDeps): Promise<NoticeRun> {
  const at = deps.now ?? clockNow();
  const transports = deps.transports ?? createTransports(deps.config.notices);
  try {
    const written = await writeDueNotices(deps, transports.available, at);
    const delivered = await deliverPendingNotices(deps.db, transports, deps.config.notices, at, deps.log, deps.config.outboxLeaseMarginMs);
    return { ...written, ...delivered };
  } finally {
    if (!deps.transports) transports.close();
  }
}

/**
 * Runs the job every `config.notices.intervalMs` (0: never) inside the running service, the
 * first time a minute after start (shared/platform/outbox.ts: one pass at a time, the returned stop waits
 * for a pass in progress, then closes the transports).
 */
export function startNoticeScheduler(
  services: { db: DataSource; calendar: NoticeJobDeps['calendars']; config: NoticeJobDeps['config']; log: Logger },
  intervalMs = services.config.notices.intervalMs,
): () => Promise<void> {
  return startOutboxWorker(
    { name: 'circulation-notices', db: services.db, table: noticeOutbox },
    { everyMs: intervalMs, firstAfterMs: 60_000, onError: (err) => services.log.warn({ err }, 'notice job failed; retrying at the next run') },
    () => {
      const transports = createTransports(services.config.notices);
      if (!transports.available.size) services.log.info('circulation notices: neither SMTP_URL nor NOTICE_WEBHOOK_URL is set, so none are written or sent');
      return {
        pass: async () => {
          const run = await runNotices({ db: services.db, calendars: services.calendar, config: services.config, transports, log: services.log });
          const written = Object.values(run.written).reduce((a, b) => a + b, 0);
          if (written || run.sent || run.retried || run.failed) services.log.info({ notices: run }, 'circulation notices');
          for (const s of run.skipped) services.log.warn({ library: s.libraryId, error: s.error }, 'notices skipped for a library this run');
        },
        close: () => transports.close(),
      };
    },
  );
}
