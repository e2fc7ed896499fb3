import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel } from '../librarians/librarian.entity';
import { PerformanceRating } from './career-tables';
import { CompetencyArea } from './competency-units';
import { CreditPointSource } from './credit-point-entry.entity';
import { AssessmentMethod } from './librarian-competency.entity';
import { ProfessionalActivityKind } from './professional-activity.entity';

@InputType()
export class RecordCompetencyInput {
  @Field({ description: 'SKKNI code of a unit in competencyUnits' })
  @Length(5, 30)
  unitCode: string;

  @Field(() => AssessmentMethod)
  @IsEnum(AssessmentMethod)
  method: AssessmentMethod;

  @Field(() => CalendarDateScalar)
  assessedOn: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 60)
  certificateNumber?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'After assessedOn; null when it does not expire' })
  @IsOptional()
  expiresOn?: string;
}

@InputType()
export class PerformanceMetricInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => Float)
  value: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  target?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 20)
  unit?: string;
}

@InputType()
export class RecordPerformanceReviewInput {
  @Field(() => Int, { description: 'The year reviewed' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => PerformanceRating)
  @IsEnum(PerformanceRating)
  rating: PerformanceRating;

  @Field(() => [PerformanceMetricInput], { description: 'Named measures, e.g. training hours, service-satisfaction score, targets met' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  metrics: PerformanceMetricInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 1000)
  note?: string;
}

@InputType()
export class RecordCreditPointsInput {
  @Field(() => Float, { description: 'Points, more than 0 and at most 500' })
  @Min(0.01)
  @Max(500)
  points: number;

  @Field(() => CreditPointSource, { description: 'EDUCATION, PROFESSIONAL_DEVELOPMENT or SUPPORTING_ACTIVITY (conversions come from reviews)' })
  @IsEnum(CreditPointSource)
  source: CreditPointSource;

  @Field()
  @Length(3, 300)
  description: string;

  @Field(() => CalendarDateScalar)
  earnedOn: string;
}

@InputType()
export class RecordProfessionalActivityInput {
  @Field(() => ProfessionalActivityKind)
  @IsEnum(ProfessionalActivityKind)
  kind: ProfessionalActivityKind;

  @Field()
  @Length(3, 200)
  title: string;

  @Field()
  @Length(2, 200)
  organiser: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 100)
  role?: string;

  @Field(() => CalendarDateScalar)
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

  @Field()
  @Length(3, 200)
  title: string;

  @Field(() => CompetencyArea)
  @IsEnum(CompetencyArea)
  area: CompetencyArea;
}
