import { ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/pagination';
import { TrainingEnrolment } from '../entities/training-enrolment.entity';

@ObjectType()
export class TrainingEnrolmentConnection extends Connection(TrainingEnrolment) {}
