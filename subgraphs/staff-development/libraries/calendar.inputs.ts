import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

@InputType({ description: 'Opening hours on one weekday; closed: true closes the library on that weekday every week' })
export class OpeningHoursInput {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour; required unless closed' })
  @IsOptional()
  @Matches(TIME, { message: 'opensAt must be a time HH:MM (24-hour)' })
  opensAt?: string;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour, after opensAt; required unless closed' })
  @IsOptional()
  @Matches(TIME, { message: 'closesAt must be a time HH:MM (24-hour)' })
  closesAt?: string;

  @Field(() => Boolean, { nullable: true, description: 'True: closed on this weekday (no hours)' })
  @IsOptional()
  @IsBoolean()
  closed?: boolean;
}
