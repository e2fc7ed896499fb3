import { IsEnum, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/scalars';
import { TrainingModule } from '../entities/training-programme.entity';

@InputType()
export class CreateTrainingProgrammeInput {
  @Field(() => ID)
  @Length(1, 40)
  libraryId: string;

  @Field()
  @Length(3, 200)
  title: string;

  @Field(() => TrainingModule)
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

  @Field(() => CalendarDateScalar)
  startsOn: string;

  @Field(() => CalendarDateScalar, { description: 'On or after startsOn' })
  endsOn: string;
}
