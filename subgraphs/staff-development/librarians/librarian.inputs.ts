import { IsEmail, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { CareerLevel, EmploymentStatus } from './librarian.entity';

const PHONE = /^\+?[0-9][0-9 -]{5,28}$/;

@InputType({ description: 'A new librarian of a library' })
export class AddLibrarianInput {
  @Field(() => ID, { description: 'The library (slug) they work in' })
  @Length(1, 40)
  libraryId: string;

  @Field({ description: 'Full name, 2-150 characters' })
  @Length(2, 150)
  name: string;

  @Field({ description: 'NIP: 18 digits — birth date YYYYMMDD, appointment month YYYYMM, sex digit (1 male, 2 female), sequence nnn; unique' })
  nip: string;

  @Field({ description: 'Work e-mail' })
  @IsEmail()
  @Length(3, 200)
  email: string;

  @Field(() => CareerLevel, { description: 'Current functional career level' })
  @IsEnum(CareerLevel)
  careerLevel: CareerLevel;

  @Field(() => EmploymentStatus, { description: 'Kind of employment' })
  @IsEnum(EmploymentStatus)
  employmentStatus: EmploymentStatus;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Date in the current level (TMT jabatan)' })
  @IsOptional()
  levelSince?: string;

  @Field(() => String, { nullable: true, description: 'Contact telephone: digits, spaces and dashes, optionally after a leading +' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be digits, spaces and dashes, optionally after a leading +' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'The post held in the library, 2-100 characters, e.g. "Kepala Seksi Layanan"' })
  @IsOptional()
  @Length(2, 100)
  position?: string;
}

@InputType({ description: 'What an admin may change of a librarian: contact, work e-mail, position (omitted: unchanged)' })
export class UpdateLibrarianInput {
  @Field(() => String, { nullable: true, description: 'Contact telephone: digits, spaces and dashes, optionally after a leading +' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be digits, spaces and dashes, optionally after a leading +' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'Work e-mail' })
  @IsOptional()
  @IsEmail()
  @Length(3, 200)
  email?: string;

  @Field(() => String, { nullable: true, description: 'The post held in the library, 2-100 characters' })
  @IsOptional()
  @Length(2, 100)
  position?: string;
}
