import type { DataSource } from 'typeorm';
import { FIXTURE_DEMO, type DemoSettings } from '../../../shared/platform/config';
import { transaction } from '../../../shared/platform/database';
import { DEMO_LIBRARIES, demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { EventPromotionLink } from '../events/event-promotion.entity';
import { EventSeries } from '../events/event-series.entity';
import { Event } from '../events/event.entity';
import { UPCOMING_EXTRA, seedCalendar, seedEvents, seedPromotion, seedSeries } from './events';
import { EventAttendance } from '../registration/attendance.entity';
import { seedOutcomes } from './registration';
import { EventFeedback } from '../surveys/event-feedback.entity';
import { SatisfactionSurvey } from '../surveys/satisfaction-survey.entity';
import { seedSurveys } from './surveys';
import type { DemoStep } from './helpers';
import { seedCity } from './city';

/**
 * The demo programme of every library, loaded step by step; each step checks its own marker, so
 * a database seeded by an earlier version gets the new steps once:
 *
 * 1. events: fourteen slots around DEMO_TODAY (past, upcoming, cancelled, drafts) with
 *    facilitators, co-hosts and registrations;
 * 2. calendar: an upcoming event of every type in every city, and a past one for any type the
 *    slots left out, so every city has every type both past and upcoming;
 * 3. series: a weekly reading club per library, 26 sessions, one registration for all;
 * 4. outcomes: check-ins, no-shows, walk-ins and ratings of every completed event, the reason
 *    and the notices of every cancelled one;
 * 5. surveys: two satisfaction surveys per library (a closed and an open one) with answers;
 * 6. promotion: social media posts for the published events.
 *
 * Steps 1-3 and 6 are in demo/events.ts, 4 in demo/registration.ts, 5 in demo/surveys.ts.
 */
/** Each step with the marker that says it already ran. */
const STEPS: DemoStep[] = [
  { name: 'events', done: (tx) => tx.getRepository(Event).existsBy({ id: demoId('event', DEMO_LIBRARIES[0].id, 0) }), run: seedEvents },
  { name: 'calendar', done: (tx) => tx.getRepository(Event).existsBy({ id: demoId('event', DEMO_LIBRARIES[0].id, UPCOMING_EXTRA) }), run: seedCalendar },
  { name: 'series', done: (tx) => tx.getRepository(EventSeries).existsBy({ id: demoId('event-series', DEMO_LIBRARIES[0].id, 0) }), run: seedSeries },
  {
    name: 'outcomes',
    done: async (tx) => (await tx.getRepository(EventAttendance).count()) > 0 || (await tx.getRepository(EventFeedback).count()) > 0,
    run: seedOutcomes,
  },
  { name: 'surveys', done: (tx) => tx.getRepository(SatisfactionSurvey).existsBy({ id: demoId('survey', DEMO_LIBRARIES[0].id, 0) }), run: seedSurveys },
  { name: 'promotion', done: async (tx) => (await tx.getRepository(EventPromotionLink).count()) > 0, run: seedPromotion },
];

/**
 * Loads the demo programme: the city-scale one (demo/city/) or the fixture step by step; a second
 * call adds nothing (and answers {}).
 */
export async function seed(db: DataSource, demo: DemoSettings = FIXTURE_DEMO): Promise<SeedSummary> {
  if (demo.dataset === 'city') return seedCity(db, demo);
  const summary: SeedSummary = {};
  for (const step of STEPS) {
    const added = await transaction(db, async (tx) => ((await step.done(tx)) ? null : step.run(tx)));
    if (added) for (const [table, n] of Object.entries(added)) summary[table] = (summary[table] ?? 0) + n;
  }
  return summary;
}
