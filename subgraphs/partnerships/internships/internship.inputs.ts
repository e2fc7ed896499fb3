import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { InternshipStatus } from './internship.entity';

@InputType({ description: "A student's application for an internship under a university's agreement with the host library" })
export class ApplyForInternshipInput {
  @Field(() => ID, { description: "The university's agreement with the host library (it names both)" })
  @IsUUID()
  agreementId: string;

  @Field({ description: "The student's full name, 3–150 characters" })
  @Length(3, 150)
  studentName: string;

  @Field({ description: "The university's student number (NIM)" })
  @Length(3, 30)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, { message: 'studentNumber holds letters, digits and . / -' })
  studentNumber: string;

  @Field({ description: 'e.g. Ilmu Perpustakaan (S1)' })
  @Length(3, 150)
  studyProgramme: string;

  @Field(() => CalendarDateScalar, { description: 'Within the agreement' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'After startsOn, within the agreement' })
  endsOn: string;
}

@InputType({ description: "One week of an active intern's logbook" })
export class RecordLogbookEntryInput {
  @Field(() => ID, { description: "The internship's id" })
  @IsUUID()
  internshipId: string;

  @Field(() => CalendarDateScalar, { description: 'The Monday of the week, within the internship' })
  weekStarting: string;

  @Field({ description: 'What the intern did that week, 10–5000 characters' })
  @Length(10, 5000)
  activities: string;

  @Field(() => Int, { description: 'Hours worked that week, 1–60' })
  @Min(1)
  @Max(60)
  hours: number;
}

@InputType({ description: 'A score for one criterion of the final evaluation' })
export class InternshipScoreInput {
  @Field({ description: 'e.g. Kedisiplinan, Kerja sama, Pelayanan pemustaka' })
  @Length(2, 100)
  criterion: string;

  @Field(() => Int, { description: '0–100' })
  @Min(0)
  @Max(100)
  score: number;
}

@InputType({ description: 'The final evaluation of an intern: a score per criterion and a comment' })
export class EvaluateInternshipInput {
  @Field(() => ID, { description: "The internship's id" })
  @IsUUID()
  internshipId: string;

  @Field(() => [InternshipScoreInput], { description: 'One score per criterion, 1–20 criteria' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((s: InternshipScoreInput) => s.criterion.trim().toLowerCase(), { message: 'Each criterion is scored once' })
  @ValidateNested({ each: true })
  scores: InternshipScoreInput[];

  @Field({ description: "The supervisor's comment, 10–5000 characters" })
  @Length(10, 5000)
  comment: string;
}

@ArgsType()
export class InternshipListArgs extends ConnectionArgs {
  @Field(() => InternshipStatus, { nullable: true, description: 'Only internships in this status' })
  status?: InternshipStatus;
}

const REASON = { message: 'Give a reason of 5 to 2000 characters' };

/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). */
@ArgsType()
export class CancelInternshipArgs {
  @Field({ description: 'Why it is cancelled, 5–2000 characters' })
  @MaxLength(2000, REASON)
  @TrimmedLength(5, 2000, REASON)
  reason: string;

  @Field(() => ID, { description: "The internship's id" })
  id: string;
}
