import { EventNotice } from './event-notice.entity';

/** Notices to registrants (the outbox); read through Registration.notices. */
export const entities = [EventNotice];
export const resolvers: Function[] = [];
