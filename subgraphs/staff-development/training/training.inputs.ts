import { ArrayMaxSize, ArrayNotEmpty, IsEnum, IsOptional, IsUrl, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel } from '../librarians/librarian.entity';
import { TrainingMethod, TrainingModule, TrainingProvider } from './training-programme.entity';

@InputType({ description: 'A training programme to plan (createTrainingProgramme)' })
export class CreateTrainingProgrammeInput {
  @Field(() => ID, { description: 'The id of the library that runs the programme (its slug, e.g. `kupang`)' })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: 'The title, 3-200 characters' })
  @Length(3, 200)
  title: string;

  @Field(() => TrainingModule, { description: "The programme's subject" })
  @IsEnum(TrainingModule)
  module: TrainingModule;

  @Field(() => Int, { description: 'Lesson hours (JP), 1-400' })
  @Min(1)
  @Max(400)
  lessonHours: number;

  @Field(() => Int, { description: 'Places, 1-500' })
  @Min(1)
  @Max(500)
  capacity: number;

  @Field(() => CalendarDateScalar, { description: 'The first day' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'On or after startsOn' })
  endsOn: string;

  @Field(() => [TrainingMethod], { nullable: true, description: 'Default: LECTURE' })
  @IsOptional()
  @IsEnum(TrainingMethod, { each: true })
  @ArrayMaxSize(6)
  methods?: TrainingMethod[];

  @Field(() => TrainingProvider, { nullable: true, description: 'Default: LIBRARY; PARTNER needs partnerId' })
  @IsOptional()
  @IsEnum(TrainingProvider)
  provider?: TrainingProvider;

  @Field(() => ID, { nullable: true, description: 'The partner (partnerships) giving the programme' })
  @IsOptional()
  @Length(1, 36)
  partnerId?: string;

  @Field(() => [String], { nullable: true, description: 'SKKNI codes of the competency units covered (see competencyUnits)' })
  @IsOptional()
  @ArrayMaxSize(20)
  competencyUnitCodes?: string[];

  @Field(() => [ID], { nullable: true, description: 'Instructors (createTrainingInstructor)' })
  @IsOptional()
  @ArrayMaxSize(10)
  instructorIds?: string[];

  @Field(() => CalendarDateScalar, { nullable: true, description: 'First day to enrol, before enrolment closes; default: as soon as the programme is OPEN' })
  @IsOptional()
  enrolmentOpensOn?: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'On or before endsOn; default the day before startsOn' })
  @IsOptional()
  enrolmentClosesOn?: string;

  @Field(() => Int, { nullable: true, description: 'Percent of sessions to attend to complete, 1-100 (default 80)' })
  @IsOptional()
  @Min(1)
  @Max(100)
  attendanceThreshold?: number;

  @Field(() => CareerLevel, { nullable: true, description: 'For a level-up course: the level it prepares for' })
  @IsOptional()
  @IsEnum(CareerLevel)
  levelUpFor?: CareerLevel;
}

@InputType({ description: 'A session to schedule (addTrainingSession): in a place, online or both' })
export class AddTrainingSessionInput {
  @Field({ description: 'What the session covers, 3-200 characters' })
  @Length(3, 200)
  topic: string;

  @Field({ description: 'An instant, UTC' })
  startsAt: Date;

  @Field({ description: 'After startsAt' })
  endsAt: Date;

  @Field(() => String, { nullable: true, description: 'Room or address (place or onlineLink, or both)' })
  @IsOptional()
  @Length(2, 200)
  place?: string;

  @Field(() => String, { nullable: true, description: 'https link of an online session' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  onlineLink?: string;
}

@InputType({ description: 'An instructor to register (createTrainingInstructor)' })
export class CreateTrainingInstructorInput {
  @Field({ description: "The instructor's full name, 3-150 characters" })
  @Length(3, 150)
  name: string;

  @Field({ description: 'Where the instructor comes from, e.g. Perpustakaan Nasional RI; 2-200 characters' })
  @Length(2, 200)
  institution: string;

  @Field(() => String, { nullable: true, description: 'Area of expertise, 2-200 characters' })
  @IsOptional()
  @Length(2, 200)
  expertise?: string;

  @Field(() => ID, { nullable: true, description: 'When the instructor is one of the librarians' })
  @IsOptional()
  @Length(1, 36)
  librarianId?: string;
}

@InputType({ description: "A participant's ratings of a completed training (evaluateTraining)" })
export class TrainingEvaluationInput {
  @Field(() => Int, { description: 'The material, 1-5' })
  @Min(1)
  @Max(5)
  material: number;

  @Field(() => Int, { description: 'The instructor, 1-5' })
  @Min(1)
  @Max(5)
  instructor: number;

  @Field(() => Int, { description: 'The method, 1-5' })
  @Min(1)
  @Max(5)
  method: number;

  @Field(() => String, { nullable: true, description: 'A free comment, up to 1000 characters; shown without a name' })
  @IsOptional()
  @Length(1, 1000)
  comment?: string;
}

/** SKKNI unit code layout, e.g. R.91PRP02.021.1 */
/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). */
@ArgsType()
export class RecordAttendanceArgs {
  @Field(() => Boolean, { defaultValue: true, description: 'true marks them present, false absent' })
  present: boolean;

  @Field(() => [ID], { description: 'The participants to mark (librarian ids, at least one); each must be ENROLLED on the programme' })
  @ArrayNotEmpty({ message: 'Name at least one participant' })
  librarianIds: string[];

  @Field(() => ID, { description: "The session's id" })
  sessionId: string;
}

export const UNIT_CODE = /^[A-Z]\.\d{2}[A-Z]{3}\d{2}\.\d{3}\.\d$/;
