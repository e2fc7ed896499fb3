import type { DemoLibrary } from '../../../../shared/domain/demo';
import type { CityProfile } from '../../../../shared/domain/demo-city';
import type { BibliographicRecord } from '../../catalogue/bibliographic-record.entity';
import type { Item } from '../../catalogue/item.entity';
import type { Hold } from '../../circulation/hold.entity';
import type { Loan } from '../../circulation/loan.entity';
import type { Member } from '../../members/member.entity';

/**
 * One library's city-scale collection as the core step (city/core.ts) generated and inserted it:
 * what the later steps (city/extras.ts: visits, digital, acquisitions, notices) build on.
 */
export interface CityCollection {
  library: DemoLibrary;
  profile: CityProfile;
  /** The load day in the library's zone: the history ends the day before. */
  loadDay: string;
  /** First and last day of the history. */
  window: { from: string; through: string };
  records: BibliographicRecord[];
  items: Item[];
  members: Member[];
  loans: Loan[];
  holds: Hold[];
}
