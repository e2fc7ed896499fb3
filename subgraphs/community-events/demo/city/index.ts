import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { DemoSettings } from '../../../../shared/platform/config';
import { insertMany, transaction } from '../../../../shared/platform/database';
import type { SeedSummary } from '../../../../shared/platform/subgraph';
import { DEMO_LIBRARIES } from '../../../../shared/domain/demo';
import { demoLoadDay } from '../../../../shared/domain/demo-city';
import { EventFacilitator } from '../../events/event-facilitator.entity';
import { EventPartner } from '../../events/event-partner.entity';
import { EventPromotionLink } from '../../events/event-promotion.entity';
import { EventSeries } from '../../events/event-series.entity';
import { Event } from '../../events/event.entity';
import { EventNotice } from '../../notices/event-notice.entity';
import { EventAttendance } from '../../registration/attendance.entity';
import { Registration } from '../../registration/registration.entity';
import { EventFeedback } from '../../surveys/event-feedback.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse } from '../../surveys/satisfaction-survey.entity';
import { generateCityEvents, type CityEventRows } from './generate';

export { generateCityEvents, CITY_EVENTS_AHEAD_DAYS, type CityEventRows } from './generate';

/** The tables in insertion order (parents first), with the summary's name for each. */
const TABLES: [keyof CityEventRows, EntityTarget<ObjectLiteral>, string][] = [
  ['series', EventSeries, 'eventSeries'],
  ['events', Event, 'events'],
  ['facilitators', EventFacilitator, 'eventFacilitators'],
  ['partners', EventPartner, 'eventPartners'],
  ['registrations', Registration, 'registrations'],
  ['attendance', EventAttendance, 'eventAttendance'],
  ['feedback', EventFeedback, 'eventFeedback'],
  ['notices', EventNotice, 'eventNotices'],
  ['promotions', EventPromotionLink, 'eventPromotionLinks'],
  ['surveys', SatisfactionSurvey, 'satisfactionSurveys'],
  ['questions', SurveyQuestion, 'satisfactionQuestions'],
  ['responses', SurveyResponse, 'satisfactionResponses'],
  ['answers', SurveyAnswer, 'satisfactionAnswers'],
];

/**
 * The city-scale programme of every library (demo/city/generate.ts), one transaction per
 * library. A library that already has events (the fixture, real data, or an earlier city load)
 * is left alone, so a second call adds nothing and answers {}.
 */
export async function seedCity(db: DataSource, demo: DemoSettings): Promise<SeedSummary> {
  const summary: SeedSummary = {};
  for (const library of DEMO_LIBRARIES) {
    await transaction(db, async (tx) => {
      if (await tx.getRepository(Event).existsBy({ libraryId: library.id })) return;
      const rows = generateCityEvents(library.id, demoLoadDay(demo, library.timezone), demo.scale);
      for (const [key, entity, name] of TABLES) {
        await insertMany(tx, entity, rows[key]);
        summary[name] = (summary[name] ?? 0) + rows[key].length;
      }
    });
  }
  return summary;
}
