import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, type Federation, startFederation } from './helpers/federation';

const YEAR = 2026;
const NEEDS = `query($id: ID!) { library(id: $id) { trainingNeeds(year: ${YEAR}) { librarian { id } hoursShort } } }`;
const STAFF_FIGURES = `query($id: ID!) { library(id: $id) { staffIndicators(from: "${YEAR}-01-01", to: "${YEAR}-10-31") { librarians } } }`;
const REGIONAL = `{ regionalReport(from: "${YEAR}-01-01", to: "${YEAR}-10-31") { libraryId staff { librarians trainedPercent } } }`;

describe.each(BACKENDS)('Library.trainingNeeds for GOVERNMENT on %s', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.eastJava = await fed.token({ role: 'GOVERNMENT', province: 'Jawa Timur' });
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.baubauLibrarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'baubau', librarianId: demoId('librarian', 'baubau', 0) });
  });
  afterAll(() => fed?.stop());

  it("names the librarians in need to the library's admin", async () => {
    const res = await fed.query(NEEDS, { token: t.baubauAdmin, variables: { id: 'baubau' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.library.trainingNeeds.length).toBeGreaterThan(0);
  });

  it('refuses GOVERNMENT with FORBIDDEN, saying that the needs name librarians and where its figures are', async () => {
    for (const [token, id] of [
      [t.government, 'baubau'],
      [t.eastJava, 'pasuruan'],
    ]) {
      const res = await fed.query(NEEDS, { token, variables: { id } });
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.library?.trainingNeeds ?? null).toBeNull();
      const { message } = res.errors![0];
      expect(message).toMatch(/individual librarians/);
      expect(message).toMatch(/staffIndicators/);
      expect(message).toMatch(/regionalReport/);
      expect(message).not.toMatch(/province/);
    }
  });

  it('points GOVERNMENT to figures it may in fact read', async () => {
    const figures = await fed.query(STAFF_FIGURES, { token: t.government, variables: { id: 'baubau' } });
    expect(figures.errors).toBeUndefined();
    expect(figures.data.library.staffIndicators.librarians).toBeGreaterThan(0);
    const regional = await fed.query(REGIONAL, { token: t.government });
    expect(regional.errors).toBeUndefined();
    expect(regional.data.regionalReport.find((r: any) => r.libraryId === 'baubau').staff.librarians).toBe(figures.data.library.staffIndicators.librarians);
  });

  it('refuses a librarian with FORBIDDEN and a message about the admins, not about GOVERNMENT', async () => {
    const res = await fed.query(NEEDS, { token: t.baubauLibrarian, variables: { id: 'baubau' } });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0].message).toMatch(/admins/);
    expect(res.errors![0].message).not.toMatch(/GOVERNMENT/);
  });

  it('refuses the public with UNAUTHENTICATED', async () => {
    expect(codes(await fed.query(NEEDS, { variables: { id: 'baubau' } }))).toEqual(['UNAUTHENTICATED']);
  });
});
