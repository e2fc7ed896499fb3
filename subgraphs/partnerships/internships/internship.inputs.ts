import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { InternshipStatus } from './internship.entity';

@InputType()
export class ApplyForInternshipInput {
  @Field(() => ID, { description: "The university's agreement with the host library (it names both)" })
  @IsUUID()
  agreementId: string;

  @Field()
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

@InputType()
export class RecordLogbookEntryInput {
  @Field(() => ID)
  @IsUUID()
  internshipId: string;

  @Field(() => CalendarDateScalar, { description: 'The Monday of the week, within the internship' })
  weekStarting: string;

  @Field()
  @Length(10, 5000)
  activities: string;

  @Field(() => Int, { description: 'Hours worked that week, 1–60' })
  @Min(1)
  @Max(60)
  hours: number;
}

@InputType()
export class InternshipScoreInput {
  @Field({ description: 'e.g. Kedisiplinan, Kerja sama, Pelayanan pemustaka' })
  @Length(2, 100)
  criterion: string;

  @Field(() => Int, { description: '0–100' })
  @Min(0)
  @Max(100)
  score: number;
}

@InputType()
export class EvaluateInternshipInput {
  @Field(() => ID)
  @IsUUID()
  internshipId: string;

  @Field(() => [InternshipScoreInput], { description: 'One score per criterion, 1–20 criteria' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((s: InternshipScoreInput) => s.criterion.trim().toLowerCase(), { message: 'Each criterion is scored once' })
  @ValidateNested({ each: true })
  scores: InternshipScoreInput[];

  @Field()
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
  @Field()
  @MaxLength(2000, REASON)
  @TrimmedLength(5, 2000, REASON)
  reason: string;

  @Field(() => ID)
  id: string;
}
