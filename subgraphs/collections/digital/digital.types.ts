import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../../shared/platform/pagination';
import { CalendarDateScalar } from '../../../shared/platform/scalars';
import { KeyCount } from '../../../shared/platform/types';
import { DigitalResource } from './digital-resource.entity';
import { DigitalUse } from './digital-use.entity';

@ObjectType({ description: 'An open use and its link' })
export class DigitalAccess {
  @Field(() => DigitalUse, { description: 'The use recorded (or resumed), holding a seat until returned or expiresAt' })
  use: DigitalUse;

  @Field({ description: 'The link to open' })
  url: string;

  @Field({ description: 'true when the reader already held a seat for it: the same use, not a new one' })
  resumed: boolean;
}

@ObjectType({ description: 'Uses of one resource' })
export class DigitalResourceUses {
  @Field(() => DigitalResource, { description: 'The resource' })
  resource: DigitalResource;

  @Field(() => Int, { description: "Uses begun by the library's readers in the period" })
  uses: number;
}

@ObjectType({ description: "A library's digital uses over a period: counts only (the library's staff, GOVERNMENT, ADMIN)" })
export class DigitalUsage {
  @Field(() => CalendarDateScalar, { description: "First day of the period, in the library's time zone" })
  from: string;

  @Field(() => CalendarDateScalar, { description: "Last day of the period (included), in the library's time zone" })
  to: string;

  @Field(() => Int, { description: "Uses begun by the library's readers (members and staff), days in its zone" })
  uses: number;

  @Field(() => Int, { description: 'Distinct readers' })
  readers: number;

  @Field(() => Int, { description: 'Readers turned away because every seat was taken' })
  turnaways: number;

  @Field(() => [KeyCount], { description: 'Uses by kind (EBOOK, EJOURNAL, ARTICLE, AUDIO)' })
  byKind: KeyCount[];

  @Field(() => [DigitalResourceUses], { description: 'Uses per resource, most used first' })
  byResource: DigitalResourceUses[];
}

@ObjectType({ description: 'A page of digital resources' })
export class DigitalResourceConnection extends Connection(DigitalResource) {}

@ObjectType({ description: 'A page of digital uses' })
export class DigitalUseConnection extends Connection(DigitalUse) {}
