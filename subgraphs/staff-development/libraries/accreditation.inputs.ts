import { IsInt, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AccreditationGrade } from './library-accreditation.entity';

const YEAR = { message: 'year is between 2000 and 2100' };

@InputType({ description: 'An accreditation to record' })
export class LibraryAccreditationInput {
  @Field(() => ID, { description: "The accredited library's id (its slug, e.g. `kupang`)" })
  libraryId: string;

  @Field(() => Int, { description: 'The year it was granted (2000–2100)' })
  @IsInt(YEAR)
  @Min(2000, YEAR)
  @Max(2100, YEAR)
  year: number;

  @Field(() => AccreditationGrade, { description: 'The grade granted' })
  grade: AccreditationGrade;

  @Field({ description: 'Whether the library meets the national library standard (SNP)' })
  meetsStandard: boolean;
}
