import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel, Librarian } from '../librarians/librarian.entity';
import { TrainingProgramme } from '../training/training-programme.entity';
import { CompetencyArea } from './competency-units';

/** GraphQL types of the career track that are computed, not tables (CompetencyUnit is a table now: competency-unit.entity.ts). */

import { CompetencyUnit } from './competency-unit.entity';

export { CompetencyUnit };

registerEnumType(CompetencyArea, {
  name: 'CompetencyArea',
  description: 'Areas of the national library competency standard (SKKNI)',
  valuesConfig: {
    COLLECTION_DEVELOPMENT: { description: 'Collection development, e.g. collection policy, selection and weeding' },
    ORGANISATION_OF_MATERIALS: { description: 'Organising materials, e.g. cataloguing, classification and subject headings' },
    SERVICES: { description: 'Library services, e.g. circulation, reference, information literacy and services for children' },
    PRESERVATION: { description: 'Preserving library materials, e.g. preventive care and transfer to other media' },
    PROFESSIONAL_DEVELOPMENT: { description: 'Professional development, e.g. writing on librarianship and speaking at its events' },
    MANAGEMENT: { description: 'Library management, e.g. strategic planning and evaluating services' },
    LIBRARY_ICT: { description: 'Library information technology, e.g. automation systems and digital libraries' },
  },
});

export enum PromotionRequirement {
  CREDIT_POINTS = 'CREDIT_POINTS',
  COMPETENCY_TEST = 'COMPETENCY_TEST',
  PERFORMANCE_RATINGS = 'PERFORMANCE_RATINGS',
  LEVEL_UP_COURSE = 'LEVEL_UP_COURSE',
}
registerEnumType(PromotionRequirement, {
  name: 'PromotionRequirement',
  description:
    'What a promotion needs: the CREDIT_POINTS of the table, a passed COMPETENCY_TEST, PERFORMANCE_RATINGS of at least Baik two years running, the LEVEL_UP_COURSE (diklat penjenjangan)',
  valuesConfig: {
    CREDIT_POINTS: { description: 'The credit points the next level asks for, earned since entering the current level' },
    COMPETENCY_TEST: { description: 'A competency test (uji kompetensi) passed since entering the current level' },
    PERFORMANCE_RATINGS: { description: 'The latest two yearly reviews, in consecutive years, rated Baik or Sangat Baik' },
    LEVEL_UP_COURSE: { description: 'A completed level-up course (diklat penjenjangan) for the next level' },
  },
});

@ObjectType({ description: 'How far a librarian is from the next functional level, and what is still missing' })
export class PromotionReadiness {
  @Field(() => CareerLevel, { description: "The librarian's current functional level" })
  currentLevel: CareerLevel;

  @Field(() => CareerLevel, { nullable: true, description: 'Null at the top of the track' })
  nextLevel: CareerLevel | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Date in the current level' })
  levelSince: string | null;

  @Field(() => Float, { description: 'Credit points earned since entering the current level' })
  creditPoints: number;

  @Field(() => Float, { nullable: true, description: 'Credit points the table asks for the next level' })
  creditPointsRequired: number | null;

  @Field(() => Float, { description: 'Points still to earn (0 when enough)' })
  creditPointsMissing: number;

  @Field(() => Float, { nullable: true, description: 'creditPoints / creditPointsRequired, percent (at most 100)' })
  progressPercent: number | null;

  @Field({ description: 'A competency test passed since entering the level' })
  competencyTestPassed: boolean;

  @Field(() => Int, { description: 'Latest consecutive years rated at least Baik' })
  yearsRatedAtLeastBaik: number;

  @Field({ description: 'A completed level-up course for the next level' })
  levelUpCourseCompleted: boolean;

  @Field(() => [PromotionRequirement], { description: 'What is still missing; empty when ready' })
  missing: PromotionRequirement[];

  @Field({ description: 'True when nothing is missing and there is a next level' })
  ready: boolean;
}

@ObjectType({ description: "A librarian's training gap: missing competency units or too few hours this year, and programmes that would close it" })
export class StaffTrainingNeed {
  @Field(() => Librarian, { description: 'The librarian with the gap' })
  librarian: Librarian;

  @Field(() => [CompetencyUnit], { description: 'Core competency units the librarian does not hold (or holds only expired)' })
  missingUnits: CompetencyUnit[];

  @Field(() => Int, { description: 'Lesson hours (JP) of training completed in the year' })
  trainingHours: number;

  @Field(() => Int, { description: 'Lesson hours (JP) of training each librarian should complete in a year (20)' })
  trainingHoursTarget: number;

  @Field(() => Int, { description: 'Hours still short of the target (0 when met)' })
  hoursShort: number;

  @Field(() => [TrainingProgramme], { description: 'Open programmes starting later that cover a missing unit or, for an hours gap, any' })
  suggestedProgrammes: TrainingProgramme[];
}
