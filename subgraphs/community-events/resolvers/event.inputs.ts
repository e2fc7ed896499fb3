import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EventAudience, EventType } from '../entities/event.entity';

@InputType()
export class CreateEventInput {
  @Field(() => ID, { description: "The library's slug, e.g. kupang" })
  @Length(1, 40)
  @Matches(/^[a-z0-9-]+$/, { message: 'libraryId is a library slug such as kupang' })
  libraryId: string;

  @Field({ description: '3-200 characters' })
  @Length(3, 200)
  title: string;

  @Field({ nullable: true, description: 'Up to 5000 characters' })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => EventType)
  @IsEnum(EventType)
  type: EventType;

  @Field(() => EventAudience)
  @IsEnum(EventAudience)
  audience: EventAudience;

  @Field({ description: 'A room of the library, or a link for an online event' })
  @Length(2, 300)
  location: string;

  @Field()
  startsAt: Date;

  @Field({ description: 'After startsAt' })
  endsAt: Date;

  @Field(() => Int, { description: 'Places, 1-5000' })
  @Min(1)
  @Max(5000)
  capacity: number;

  @Field(() => [ID], { defaultValue: [], description: 'Librarians who run the event (at most 10)' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  facilitatorIds: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Partners co-hosting the event (at most 10)' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coHostIds: string[];
}
