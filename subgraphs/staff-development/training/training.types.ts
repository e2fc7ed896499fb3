import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { TrainingEnrolment } from './training-enrolment.entity';
import { TrainingProgramme } from './training-programme.entity';

/** GraphQL types of training that are not tables. */

@ObjectType({ description: 'A page of training programmes' })
export class TrainingProgrammeConnection extends Connection(TrainingProgramme) {}

@ObjectType({ description: 'A page of training enrolments' })
export class TrainingEnrolmentConnection extends Connection(TrainingEnrolment) {}

@ObjectType({ description: 'Ratings of trainings by their participants, averaged (1-5); never attributed to anyone' })
export class TrainingEvaluationSummary {
  @Field(() => Int, { description: 'How many participants answered' })
  responses: number;

  @Field(() => Float, { nullable: true, description: 'Mean rating of the material, 1-5, to two decimals; null when no one has answered' })
  averageMaterialRating: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean rating of the instructor, 1-5, to two decimals; null when no one has answered' })
  averageInstructorRating: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean rating of the method, 1-5, to two decimals; null when no one has answered' })
  averageMethodRating: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the three' })
  averageRating: number | null;

  @Field(() => [String], { description: 'Free comments, in no particular order and without names' })
  comments: string[];
}
