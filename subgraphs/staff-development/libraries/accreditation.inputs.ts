import { Field, ID, InputType, Int } from 'type-graphql';
import { AccreditationGrade } from './library-accreditation.entity';

@InputType({ description: 'An accreditation to record' })
export class LibraryAccreditationInput {
  @Field(() => ID)
  libraryId: string;

  @Field(() => Int, { description: 'The year it was granted (2000–2100)' })
  year: number;

  @Field(() => AccreditationGrade)
  grade: AccreditationGrade;

  @Field({ description: 'Whether the library meets the national library standard (SNP)' })
  meetsStandard: boolean;
}
