import { EventNoticeKind } from './event-notice.entity';

/**
 * An event notice as an e-mail, in Indonesian: a subject per kind naming the event, and the
 * notice's message (which already says the event, its start in the library's zone and what
 * happened) between a greeting and a signature. Plain text, as the circulation notices.
 */

export interface EventNoticeFacts {
  kind: EventNoticeKind;
  /** The event's title; null when the event cannot be read any more. */
  title: string | null;
  /** The guest's name, when given. */
  name: string | null;
  /** The recorded message. */
  message: string;
  /** Who signs. */
  sender: string;
}

export interface RenderedEventNotice {
  subject: string;
  text: string;
}

const SUBJECTS: Record<EventNoticeKind, (event: string) => string> = {
  [EventNoticeKind.EVENT_CANCELLED]: (event) => `Kegiatan dibatalkan: ${event}`,
  [EventNoticeKind.SESSION_CANCELLED]: (event) => `Sesi dibatalkan: ${event}`,
  [EventNoticeKind.PROMOTED_FROM_WAITLIST]: (event) => `Anda mendapat tempat: ${event}`,
  [EventNoticeKind.REMINDER]: (event) => `Pengingat: ${event} besok`,
};

/** Subject (at most 300 characters) and text of a notice. */
export function renderEventNotice(f: EventNoticeFacts): RenderedEventNotice {
  const subject = SUBJECTS[f.kind](f.title ? `"${f.title}"` : 'kegiatan perpustakaan');
  return {
    subject: subject.length > 300 ? `${subject.slice(0, 297)}...` : subject,
    text: [
      f.name ? `Yth. ${f.name},` : 'Yth. Bapak/Ibu,',
      '',
      f.message,
      '',
      'Terima kasih.',
      '',
      'Salam,',
      f.sender,
      '',
      'Pesan ini dikirim otomatis; mohon tidak membalas.',
    ].join('\n'),
  };
}
