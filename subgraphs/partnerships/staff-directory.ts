import { BadUserInputError } from '../../shared/errors';
import { librariesOfEntities, type ServiceClientConfig } from '../../shared/service-client';

/**
 * Which library a librarian works in, asked of staff-development (the owner) the way the gateway
 * would: one `_entities` call for all ids, with a service identity. Partnerships keeps only
 * librarian ids, so it checks them here before storing a supervisor or the librarians of a visit.
 */
type StaffConfig = ServiceClientConfig;

/** id → library slug of staff-development's librarians or training programmes; null for an id it does not know. */
export async function librariesOf(
  config: StaffConfig,
  typename: 'Librarian' | 'TrainingProgramme',
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const operation = typename === 'Librarian' ? 'LibrarianLibraries' : 'TrainingProgrammeLibraries';
  const found = await librariesOfEntities(config, 'partnerships', operation, typename, ids, 'The staff directory (staff-development)');
  return new Map([...found].map(([id, libraries]) => [id, libraries?.[0] ?? null]));
}

/** Refuses, with BAD_USER_INPUT on `field`, any id that is not a librarian (or training programme) of the library. */
export async function requireOfLibrary(
  config: StaffConfig,
  typename: 'Librarian' | 'TrainingProgramme',
  libraryId: string,
  ids: readonly string[],
  field: string,
): Promise<void> {
  for (const [id, library] of await librariesOf(config, typename, ids)) {
    if (library !== libraryId) throw new BadUserInputError(field, `${id} is not a ${typename} of ${libraryId}`);
  }
}
