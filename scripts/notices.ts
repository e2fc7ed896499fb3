/**
 * Runs the circulation notice job once against the configured collections database: writes the
 * notices due now into the outbox (once) and delivers the pending ones whose time has come, then
 * prints a summary. The library calendars (time zones) come from staff-development, as in the
 * running service: a library whose calendar cannot be read is skipped this run (and reported).
 *
 *   npm run notices
 *   npm run notices -- --at 2026-11-03T10:00:00+08:00     as if it were then (tests, demos)
 *
 * Safe next to the running service and to another run: nothing is written or sent twice.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/database';
import { LibraryCalendarClient } from '../shared/domain/library-calendar';
import { createLogger } from '../shared/platform/logger';
import { collections } from '../subgraphs/collections';
import { runNotices, type NoticeRun } from '../subgraphs/collections/notices/job';

export function summaryLines(run: NoticeRun): string[] {
  const written = Object.entries(run.written);
  const total = written.reduce((sum, [, n]) => sum + n, 0);
  return [
    `written: ${total}${
      total
        ? ` (${written
            .filter(([, n]) => n)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(', ')})`
        : ''
    }`,
    `not written, no channel reaches the member: ${run.unreachable}`,
    `already in the outbox (another run was first): ${run.alreadyWritten}`,
    `sent: ${run.sent}`,
    `retried later: ${run.retried}`,
    `failed for good: ${run.failed}`,
    ...run.skipped.map((s) => `skipped library ${s.libraryId}: ${s.error}`),
  ];
}

async function main() {
  const { values } = parseArgs({ options: { at: { type: 'string' } } });
  const now = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(now.getTime())) {
    console.error('--at must be an ISO instant, e.g. 2026-11-03T10:00:00+08:00');
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config, 'notices');
  if (!config.notices.smtpUrl && !config.notices.webhookUrl) console.warn('Neither SMTP_URL nor NOTICE_WEBHOOK_URL is set: no notice can be written or sent.');
  const db = await openDatabase(config, collections);
  try {
    const run = await runNotices({ db, calendars: new LibraryCalendarClient(config, 'collections'), config, now, log });
    console.log(`Circulation notices at ${now.toISOString()}`);
    for (const line of summaryLines(run)) console.log(`  ${line}`);
    if (run.skipped.length) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
