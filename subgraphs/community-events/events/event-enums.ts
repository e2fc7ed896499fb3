import { registerEnumType } from 'type-graphql';

/** The kinds of programme the libraries run (their own documents list these). */
export enum EventType {
  LITERACY_PROGRAMME = 'LITERACY_PROGRAMME',
  DIGITAL_LITERACY = 'DIGITAL_LITERACY',
  BOOK_FAIR = 'BOOK_FAIR',
  ART_EXHIBITION = 'ART_EXHIBITION',
  DISCUSSION = 'DISCUSSION',
  STORY_TIME = 'STORY_TIME',
  READING_CLUB = 'READING_CLUB',
  WRITING_WORKSHOP = 'WRITING_WORKSHOP',
  DRAWING_CONTEST = 'DRAWING_CONTEST',
  SEMINAR = 'SEMINAR',
  SCHOOL_PROGRAMME = 'SCHOOL_PROGRAMME',
}
registerEnumType(EventType, { name: 'EventType', description: 'The kind of community event' });

export enum EventAudience {
  CHILDREN = 'CHILDREN',
  TEENAGERS = 'TEENAGERS',
  ADULTS = 'ADULTS',
  SENIORS = 'SENIORS',
  FAMILIES = 'FAMILIES',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
}
registerEnumType(EventAudience, { name: 'EventAudience', description: 'The primary audience an event is planned for' });

export enum EventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'DRAFT is seen only by the staff of the library, GOVERNMENT and ADMIN; the others are public',
});

/** Events that count in figures: held or to be held (drafts are plans, cancelled events did not happen). */
export const COUNTED_EVENT_STATUSES = [EventStatus.PUBLISHED, EventStatus.COMPLETED];
