import type { DataSource } from 'typeorm';
import { byIdLoader, connectionLoader } from '../../../shared/platform/pagination';
import { DigitalResource } from './digital-resource.entity';
import { DigitalUse } from './digital-use.entity';
import { seatsInUseLoader, usageLoader } from './digital.service';

/** Per-request loaders of digital resources and their uses. */
export function digitalLoaders(db: DataSource) {
  let digitalUsage: ReturnType<typeof usageLoader> | undefined;
  return {
    digitalResourceById: byIdLoader(db.getRepository(DigitalResource)),
    /** Seats held now per digital resource (one grouped query). */
    digitalSeatsInUse: seatsInUseLoader(db),
    /** A member's digital uses, oldest first. */
    digitalUsesByMemberId: connectionLoader({ repo: db.getRepository(DigitalUse), alias: 'u', parent: 'u.memberId', sort: 'startedAt' }),
    /** Digital usage per library and period (made on first use: it needs the calendars). */
    digitalUsage: (calendars: Parameters<typeof usageLoader>[1]) => (digitalUsage ??= usageLoader(db, calendars)),
  };
}
