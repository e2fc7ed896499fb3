import { Directive, Field, Int, ObjectType } from 'type-graphql';

/**
 * A count per key (events by type, partners by kind …). Shared by every subgraph that reports
 * such figures, hence one definition, @shareable.
 */
@ObjectType({ description: 'A count for one key, e.g. events of type STORY_TIME' })
@Directive('@shareable')
export class KeyCount {
  @Field({ description: 'What is counted: a value of the enum the field names (e.g. STORY_TIME), as a string' })
  key: string;

  @Field(() => Int, { description: 'How many there are with this key' })
  count: number;
}
