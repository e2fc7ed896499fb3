import { ArrayMaxSize, IsOptional, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { TrimmedLength } from '../../../shared/platform/validation';
import { PartnershipProgrammeKind, PartnershipProgrammeStatus } from './partnership-programme.entity';

@InputType({ description: 'A new programme under an agreement in force' })
export class CreatePartnershipProgrammeInput {
  @Field(() => ID, { description: 'The agreement the programme runs under (it names the library and the partner)' })
  @IsUUID()
  agreementId: string;

  @Field(() => PartnershipProgrammeKind, {
    description: 'What kind of programme: SCHOOL_VISIT and SCHOOL_LENDING need a school partner, LIBRARY_EXCHANGE a library, RESEARCH_COLLABORATION a university',
  })
  kind: PartnershipProgrammeKind;

  @Field({ description: "The programme's title, 3–200 characters" })
  @Length(3, 200)
  title: string;

  @Field({ description: 'The topic of the visit, workshop, seminar or study' })
  @Length(3, 300)
  topic: string;

  @Field(() => CalendarDateScalar, { description: 'Within the agreement' })
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'On or after startsOn, within the agreement (the same day for a one-day visit)' })
  endsOn: string;

  @Field(() => Int, { nullable: true, description: 'Planned participants (students for school programmes)' })
  @IsOptional()
  @Min(1)
  @Max(100000)
  expectedParticipants?: number;

  @Field(() => [ID], { nullable: true, defaultValue: [], description: "Librarians of the agreement's library who take part (go on the visit …)" })
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  librarianIds: string[];

  @Field(() => ID, { nullable: true, description: "A training programme of the library this workshop or seminar is given as (staff-development's TrainingProgramme)" })
  @IsOptional()
  @IsUUID()
  trainingProgrammeId?: string;
}

@InputType({ description: "A programme's outcomes, recorded when it is completed" })
export class CompletePartnershipProgrammeInput {
  @Field(() => Int, { description: 'People reached: students for school programmes, attendees for workshops and seminars' })
  @Min(0)
  @Max(1000000)
  participantsReached: number;

  @Field(() => Int, { nullable: true, description: 'Copies lent to the school (required for SCHOOL_LENDING), or items exchanged' })
  @IsOptional()
  @Min(0)
  @Max(1000000)
  itemsCount?: number;

  @Field({ description: 'What came of it' })
  @Length(10, 5000)
  outcomes: string;
}

@ArgsType()
export class ProgrammeListArgs extends ConnectionArgs {
  @Field(() => PartnershipProgrammeKind, { nullable: true, description: 'Only programmes of this kind' })
  kind?: PartnershipProgrammeKind;

  @Field(() => PartnershipProgrammeStatus, { nullable: true, description: 'Only programmes in this status' })
  status?: PartnershipProgrammeStatus;
}

const REASON = { message: 'Give a reason of 5 to 2000 characters' };

/** Fields in the schema's order (the reverse of the resolver's former @Arg parameters). */
@ArgsType()
export class CancelPartnershipProgrammeArgs {
  @Field({ description: 'Why it is cancelled, 5–2000 characters' })
  @MaxLength(2000, REASON)
  @TrimmedLength(5, 2000, REASON)
  reason: string;

  @Field(() => ID, { description: "The programme's id" })
  id: string;
}
