import { ArrayMaxSize, IsEnum, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { PerformanceRating } from './career-tables';
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
