import type { SubgraphContext } from '../../shared/platform/subgraph';
import type { EventsLoaders } from './loaders';

export type EventsContext = SubgraphContext<EventsLoaders>;

/** A library's IANA time zone, from its calendar (staff-development, cached per process). */
export async function timezoneOf(ctx: Pick<EventsContext, 'calendar'>, libraryId: string): Promise<string> {
  return (await ctx.calendar.get(libraryId)).timezone;
}
