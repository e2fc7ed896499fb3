import { IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { MemberType } from '../members/member.entity';

export enum LoanDue {
  OVERDUE = 'OVERDUE',
  DUE_TODAY = 'DUE_TODAY',
}
registerEnumType(LoanDue, {
  name: 'LoanDue',
  description: "Current loans by their due date, against the library's today",
  valuesConfig: {
    OVERDUE: { description: 'Due before today' },
    DUE_TODAY: { description: 'Due today' },
  },
});

export enum DeskLoanSort {
  DUE_ON = 'DUE_ON',
  CHECKED_OUT_AT = 'CHECKED_OUT_AT',
}
registerEnumType(DeskLoanSort, {
  name: 'DeskLoanSort',
  description: 'The order of the desk’s list of current loans (ties by loan id)',
  valuesConfig: {
    DUE_ON: { description: 'Earliest due date first' },
    CHECKED_OUT_AT: { description: 'Oldest checkout first' },
  },
});

export enum DeskDocumentFormat {
  CSV = 'CSV',
  HTML = 'HTML',
}
registerEnumType(DeskDocumentFormat, {
  name: 'DeskDocumentFormat',
  description: 'How a desk list is written out',
  valuesConfig: {
    CSV: { description: 'RFC 4180 comma-separated values with a header row (text/csv)' },
    HTML: { description: 'A page to print (text/html)' },
  },
});

const LIBRARY = { message: 'libraryId must be 1 to 40 characters' };

@ArgsType()
export class DeskLoansArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The lending library' })
  @Length(1, 40, LIBRARY)
  libraryId: string;

  @Field(() => LoanDue, { nullable: true, description: 'Only the loans overdue, or only those due today; omit for all current loans' })
  @IsOptional()
  due?: LoanDue | null;

  @Field(() => MemberType, { nullable: true, description: 'Only loans to members of this type' })
  @IsOptional()
  memberType?: MemberType | null;

  @Field(() => DeskLoanSort, { defaultValue: DeskLoanSort.DUE_ON, description: 'Default DUE_ON; a cursor is only good for the order it came from' })
  sort: DeskLoanSort;
}

@ArgsType()
export class DeskLibraryPageArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The library whose desk asks' })
  @Length(1, 40, LIBRARY)
  libraryId: string;
}

@ArgsType()
export class HoldShelfArgs extends DeskLibraryPageArgs {
  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'Only copies whose last pickup day is on or before this day (today: what to clear off the shelf tonight)',
  })
  @IsOptional()
  expiringBy?: string | null;
}

@ArgsType()
export class OverdueListArgs {
  @Field(() => ID, { description: 'The lending library' })
  @Length(1, 40, LIBRARY)
  libraryId: string;

  @Field(() => DeskDocumentFormat, { description: 'CSV for a spreadsheet or mail merge, HTML for a page to print' })
  format: DeskDocumentFormat;
}

const LIMIT = { message: 'limit must be 1 to 100' };

@ArgsType()
export class DeskPeriodArgs {
  @Field(() => ID, { description: 'The lending library' })
  @Length(1, 40, LIBRARY)
  libraryId: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: "First day, in the library's zone (default: 29 days before `to`)" })
  @IsOptional()
  from?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: "Last day, included (default: the library's today)" })
  @IsOptional()
  to?: string | null;

  @Field(() => Int, { defaultValue: 10, description: 'At most this many, 1 to 100 (default 10)' })
  @Min(1, LIMIT)
  @Max(100, LIMIT)
  limit: number;
}
