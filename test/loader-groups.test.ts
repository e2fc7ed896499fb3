import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Identity } from '../shared/platform/auth';
import type { Config } from '../shared/platform/config';
import { loaderGroups } from '../shared/platform/loader-groups';

/** A subgraph's per-request loaders: made for one request, each feature's group when first read. */
describe("a request's loaders", () => {
  const db = {} as DataSource;
  const config = {} as Config;
  const librarian = { role: 'LIBRARIAN', libraryId: 'kupang' } as unknown as Identity;
  const admin = { role: 'LIBRARY_ADMIN', libraryId: 'baubau' } as unknown as Identity;

  function subgraph() {
    const built: string[] = [];
    const createLoaders = loaderGroups(
      (_db: DataSource) => {
        built.push('catalogue');
        return { recordById: new DataLoader(async (ids: readonly string[]) => ids.map((id) => ({ id }))) };
      },
      (_db: DataSource, identity: Identity) => {
        built.push(`events for ${identity.libraryId}`);
        return {
          eventById: new DataLoader(async (ids: readonly string[]) => ids.map((id) => ({ id, seenBy: identity.libraryId }))),
          eventsOfLibrary: new DataLoader(async (ids: readonly string[]) => ids.map(() => [])),
        };
      },
    );
    return { built, createLoaders };
  }

  it("builds a feature's loaders the first time the request reads one of them, once, with the request's identity", async () => {
    const { built, createLoaders } = subgraph();
    createLoaders(db, librarian, config); // the first request learns each group's names
    built.length = 0;
    const loaders = createLoaders(db, admin, config);
    expect(built).toEqual([]);
    await expect(loaders.eventById.load('e1')).resolves.toEqual({ id: 'e1', seenBy: 'baubau' });
    expect(loaders.eventsOfLibrary).toBeInstanceOf(DataLoader);
    expect(loaders.eventById).toBe(loaders.eventById);
    expect(built).toEqual(['events for baubau']);
  });

  it('never hands one request the loaders, or the cached rows, of another', async () => {
    const { createLoaders } = subgraph();
    const first = createLoaders(db, librarian, config);
    const second = createLoaders(db, admin, config);
    expect(first.recordById).not.toBe(second.recordById);
    await expect(first.eventById.load('e1')).resolves.toEqual({ id: 'e1', seenBy: 'kupang' });
    await expect(second.eventById.load('e1')).resolves.toEqual({ id: 'e1', seenBy: 'baubau' });
  });

  it('refuses two features that name the same loader', () => {
    const createLoaders = loaderGroups(
      () => ({ partnerById: new DataLoader(async (ids: readonly string[]) => ids) }),
      () => ({ partnerById: new DataLoader(async (ids: readonly string[]) => ids) }),
    );
    expect(() => createLoaders(db, librarian, config)).toThrow('two loader groups hold a loader named partnerById');
  });
});
