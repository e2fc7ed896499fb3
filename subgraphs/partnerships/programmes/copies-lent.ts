import DataLoader from 'dataloader';
import type { Config } from '../../../shared/platform/config';
import { AppError } from '../../../shared/platform/errors';
import { callInternal, ownerOf } from '../../../shared/platform/service-client';
import type { PartnershipProgramme } from './partnership-programme.entity';

const OWNER = ownerOf('InstitutionCopiesLent', 'The circulation records');

type Period = Pick<PartnershipProgramme, 'partnerId' | 'libraryId' | 'startsOn' | 'endsOn'>;

/**
 * Copies a school lending programme lent: collections' loans to the school's institution cards
 * in the programme's library between its start and end dates (the library's calendar days). One
 * internal call (InstitutionCopiesLent) per request, whatever the number of programmes asked.
 * Collections failing is SERVICE_UNAVAILABLE on the field, never 0.
 */
export function copiesLentLoader(config: Config): DataLoader<Period, number, string> {
  return new DataLoader<Period, number, string>(
    async (keys) => {
      const periods = keys.map((k) => ({ partnerId: k.partnerId, libraryId: k.libraryId, from: k.startsOn, to: k.endsOn }));
      const body = await callInternal<{ institutionCopiesLent: number[] }>(config, 'partnerships', 'InstitutionCopiesLent', { periods }, OWNER);
      const counts = body.data?.institutionCopiesLent;
      if (!counts || counts.length !== keys.length) throw new AppError('SERVICE_UNAVAILABLE', `${OWNER} is unavailable`);
      return counts;
    },
    { cacheKeyFn: (k) => `${k.partnerId}|${k.libraryId}|${k.startsOn}|${k.endsOn}` },
  );
}
