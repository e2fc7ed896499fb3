import { EventFeedback } from './event-feedback.entity';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse } from './satisfaction-survey.entity';
import { SatisfactionResponseResolver, SatisfactionSurveyResolver } from './survey.resolver';

/** Satisfaction surveys of a library, and attendees' ratings of events (rateEvent). */
export const entities = [EventFeedback, SatisfactionSurvey, SurveyQuestion, SurveyResponse, SurveyAnswer];
export const resolvers = [SatisfactionSurveyResolver, SatisfactionResponseResolver];
