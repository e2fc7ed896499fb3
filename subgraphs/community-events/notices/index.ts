import { EventNotice } from './event-notice.entity';

/** Notices to registrants (the outbox, delivered by e-mail: delivery.ts); read through Registration.notices. */
export const entities = [EventNotice];
export const resolvers: Function[] = [];
export { deliverDueEventNotices, startEventNoticeWorker } from './delivery';
export { writeEventReminders } from './reminders';
