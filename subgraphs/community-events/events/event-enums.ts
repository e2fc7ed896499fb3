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
registerEnumType(EventType, {
  name: 'EventType',
  description: 'The kind of community event',
  valuesConfig: {
    LITERACY_PROGRAMME: { description: 'A literacy programme (reading and writing)' },
    DIGITAL_LITERACY: { description: 'A digital-literacy programme (computers, the internet, online services)' },
    BOOK_FAIR: { description: 'A book fair or book exhibition' },
    ART_EXHIBITION: { description: 'An art exhibition' },
    DISCUSSION: { description: 'A discussion or book talk' },
    STORY_TIME: { description: 'Story time: telling stories (dongeng)' },
    READING_CLUB: { description: 'A reading club meeting' },
    WRITING_WORKSHOP: { description: 'A writing workshop' },
    DRAWING_CONTEST: { description: 'A drawing contest' },
    SEMINAR: { description: 'A seminar or talk' },
    SCHOOL_PROGRAMME: { description: 'A programme for a school class, e.g. a class visiting the library' },
  },
});

export enum EventAudience {
  CHILDREN = 'CHILDREN',
  TEENAGERS = 'TEENAGERS',
  ADULTS = 'ADULTS',
  SENIORS = 'SENIORS',
  FAMILIES = 'FAMILIES',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
}
registerEnumType(EventAudience, {
  name: 'EventAudience',
  description: 'The primary audience an event is planned for',
  valuesConfig: {
    CHILDREN: { description: 'Children' },
    TEENAGERS: { description: 'Teenagers' },
    ADULTS: { description: 'Adults' },
    SENIORS: { description: 'Older people' },
    FAMILIES: { description: 'Families: children with their parents' },
    PEOPLE_WITH_DISABILITIES: { description: "People with disabilities (see the event's accessibilityNotes)" },
  },
});

export enum EventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'DRAFT is seen only by the staff of the library, GOVERNMENT and ADMIN; the others are public',
  valuesConfig: {
    DRAFT: { description: 'Planned, not yet public (createEvent, createEventSeries); takes no registrations' },
    PUBLISHED: { description: 'In the public calendar and taking registrations during its registration window (publishEvent)' },
    CANCELLED: { description: 'Called off before it ended (cancelEvent); stays visible with its cancellationReason' },
    COMPLETED: { description: 'Over and closed by its library (completeEvent): registrants not checked in were marked NO_SHOW' },
  },
});

/** Events that count in figures: held or to be held (drafts are plans, cancelled events did not happen). */
export const COUNTED_EVENT_STATUSES = [EventStatus.PUBLISHED, EventStatus.COMPLETED];
