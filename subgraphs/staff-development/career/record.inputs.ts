import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel } from '../librarians/librarian.entity';
import { PerformanceRating } from './career-tables';
import { CompetencyArea } from './competency-units';
import { CreditPointSource } from './credit-point-entry.entity';
import { AssessmentMethod } from './librarian-competency.entity';
import { ProfessionalActivityKind } from './professional-activity.entity';

@InputType({ description: 'A competency unit a librarian was assessed in (recordCompetency)' })
export class RecordCompetencyInput {
  @Field({ description: 'SKKNI code of a unit in competencyUnits' })
  @Length(5, 30)
  unitCode: string;

  @Field(() => AssessmentMethod, { description: 'How the competency was established' })
  @IsEnum(AssessmentMethod)
  method: AssessmentMethod;

  @Field(() => CalendarDateScalar, { description: 'The day it was assessed; not after today' })
  assessedOn: string;

  @Field(() => String, { nullable: true, description: 'Number of the certificate that attests it, 3-60 characters' })
  @IsOptional()
  @Length(3, 60)
  certificateNumber?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'After assessedOn; null when it does not expire' })
  @IsOptional()
  expiresOn?: string;
}

@InputType({ description: 'A named measure of a review, e.g. training hours 24 of target 20' })
export class PerformanceMetricInput {
  @Field({ description: 'What is measured, 2-100 characters' })
  @Length(2, 100)
  name: string;

  @Field(() => Float, { description: 'The value reached' })
  value: number;

  @Field(() => Float, { nullable: true, description: 'The value aimed for' })
  @IsOptional()
  target?: number;

  @Field(() => String, { nullable: true, description: 'Unit of value and target, 1-20 characters, e.g. JP, %, score' })
  @IsOptional()
  @Length(1, 20)
  unit?: string;
}

@InputType({ description: "A librarian's yearly performance review (recordPerformanceReview)" })
export class RecordPerformanceReviewInput {
  @Field(() => Int, { description: 'The year reviewed' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => PerformanceRating, { description: "The rating; converted to credit points at the librarian's current level" })
  @IsEnum(PerformanceRating)
  rating: PerformanceRating;

  @Field(() => [PerformanceMetricInput], { description: 'Named measures, e.g. training hours, service-satisfaction score, targets met' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  metrics: PerformanceMetricInput[];

  @Field(() => String, { nullable: true, description: "The reviewer's note, up to 1000 characters" })
  @IsOptional()
  @Length(1, 1000)
  note?: string;
}

@InputType({ description: 'Credit points to add to the ledger (recordCreditPoints)' })
export class RecordCreditPointsInput {
  @Field(() => Float, { description: 'Points, more than 0 and at most 500' })
  @Min(0.01)
  @Max(500)
  points: number;

  @Field(() => CreditPointSource, { description: 'EDUCATION, PROFESSIONAL_DEVELOPMENT or SUPPORTING_ACTIVITY (conversions come from reviews)' })
  @IsEnum(CreditPointSource)
  source: CreditPointSource;

  @Field({ description: 'What the points were earned for, 3-300 characters' })
  @Length(3, 300)
  description: string;

  @Field(() => CalendarDateScalar, { description: 'The day they were earned; not after today' })
  earnedOn: string;
}

@InputType({ description: 'A professional activity of a librarian (recordProfessionalActivity)' })
export class RecordProfessionalActivityInput {
  @Field(() => ProfessionalActivityKind, { description: 'What kind of activity' })
  @IsEnum(ProfessionalActivityKind)
  kind: ProfessionalActivityKind;

  @Field({ description: 'Its title, 3-200 characters' })
  @Length(3, 200)
  title: string;

  @Field({ description: 'Who organised or published it, 2-200 characters' })
  @Length(2, 200)
  organiser: string;

  @Field(() => String, { nullable: true, description: "The librarian's role, 2-100 characters, e.g. participant, speaker, committee member" })
  @IsOptional()
  @Length(2, 100)
  role?: string;

  @Field(() => CalendarDateScalar, { description: 'The day it was held; not after today' })
  heldOn: string;

  @Field(() => Int, { description: 'Hours, 0-200' })
  @Min(0)
  @Max(200)
  hours: number;

  @Field(() => Float, { description: 'Credit points it earns (0-50); added to the ledger' })
  @Min(0)
  @Max(50)
  creditPoints: number;
}

@InputType({ description: 'A promotion to the next functional level, as its decree (SK) states it' })
export class RecordPromotionInput {
  @Field(() => CareerLevel, { description: 'The next level of the track, and only that' })
  @IsEnum(CareerLevel)
  toLevel: CareerLevel;

  @Field(() => CalendarDateScalar, { description: 'TMT: the day the new level takes effect' })
  effectiveOn: string;

  @Field({ description: 'The number of the decree (SK)' })
  @Length(3, 100)
  decree: string;
}

@InputType({ description: 'A competency unit added to the reference table' })
export class AddCompetencyUnitInput {
  @Field({ description: 'SKKNI code, e.g. R.91PRP02.070.1' })
  @Matches(/^[A-Z]\.\d{2}[A-Z]{3}\d{2}\.\d{3}\.\d$/, { message: 'code must follow the SKKNI layout, e.g. R.91PRP02.070.1' })
  code: string;

  @Field({ description: "The unit's title, 3-200 characters" })
  @Length(3, 200)
  title: string;

  @Field(() => CompetencyArea, { description: 'The area of the standard it belongs to' })
  @IsEnum(CompetencyArea)
  area: CompetencyArea;
}
