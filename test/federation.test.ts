import { nextOpenDay } from '../shared/domain/library-calendar';
import { BACKENDS, CONTRACT_QUERY, codes, startFederation, type Federation } from './helpers/federation';

describe.each(BACKENDS)('the federation on %s', (backend) => {
  let fed: Federation;
  let kupangAdmin: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  });
  afterAll(() => fed?.stop());

  it('answers the contract query for a LIBRARY_ADMIN of Kupang with data from all four subgraphs', async () => {
    const res = await fed.query(CONTRACT_QUERY, { token: kupangAdmin });
    expect(res.errors).toBeUndefined();
    const library = res.data.library;
    expect(library).toMatchObject({
      id: 'kupang',
      city: 'Kupang',
      province: 'Nusa Tenggara Timur',
      timezone: 'Asia/Makassar',
    });
    expect(library.population).toBeGreaterThan(100000);
    // staff-development
    expect(library.librarians.totalCount).toBeGreaterThanOrEqual(3);
    expect(library.librarians.edges).toHaveLength(3);
    // collections, with the record resolved per item
    expect(library.items.totalCount).toBeGreaterThanOrEqual(100);
    expect(library.items.edges).toHaveLength(3);
    for (const { node } of library.items.edges) {
      expect(node.barcode).toMatch(/\S/);
      expect(node.record.title).toMatch(/\S/);
    }
    // community-events, facilitators resolved back in staff-development
    expect(library.events.totalCount).toBeGreaterThan(0);
    const facilitators = library.events.edges.flatMap((e: any) => e.node.facilitators);
    expect(facilitators.length).toBeGreaterThan(0);
    for (const f of facilitators) expect(f.name).toMatch(/\S/);
    // partnerships
    expect(library.partners.totalCount).toBeGreaterThan(0);
    expect(library.partners.edges[0].node.kind).toMatch(/^[A-Z_]+$/);
    // the directory
    expect(res.data.libraries.map((l: any) => l.id).sort()).toEqual(['baubau', 'kupang', 'pasuruan', 'pematang-siantar']);
  });

  it('gives each seed city its own time zone: WITA for Kupang and Baubau, WIB for Pasuruan and Pematang Siantar', async () => {
    const res = await fed.query('{ libraries { id timezone population } }');
    const zones = Object.fromEntries(res.data.libraries.map((l: any) => [l.id, l.timezone]));
    expect(zones).toEqual({
      kupang: 'Asia/Makassar',
      baubau: 'Asia/Makassar',
      pasuruan: 'Asia/Jakarta',
      'pematang-siantar': 'Asia/Jakarta',
    });
  });

  it('pages through the librarians with cursors, never repeating or skipping anyone', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const res: any = await fed.query(
        `query($after: String) { library(id: "kupang") { librarians(first: 3, after: $after) {
           totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } } }`,
        { token: kupangAdmin, variables: { after } },
      );
      const conn = res.data.library.librarians;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('resolves the same list field for every library in one request', async () => {
    const admin = await fed.token({ role: 'ADMIN' });
    const res = await fed.query('{ libraries { id items(first: 2) { totalCount edges { node { barcode } } } } }', { token: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data.libraries).toHaveLength(4);
    for (const l of res.data.libraries) expect(l.items.edges).toHaveLength(2);
  });

  it('costs each subgraph at most one SQL statement more for all four libraries than for one (no N+1)', async () => {
    const token = await fed.token({ role: 'ADMIN' });
    const fields = `id
      items(first: 3) { edges { node { barcode record { title } } } }
      events(first: 3) { edges { node { title facilitators { name } } } }
      partners(first: 3) { edges { node { name } } }`;
    const statements = async (query: string) => {
      const before = Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries()]));
      const res = await fed.query(query, { token });
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(Object.entries(fed.subgraphs).map(([n, s]) => [n, s.queries() - before[n]]));
    };
    const one = await statements(`{ library(id: "kupang") { ${fields} } }`);
    const all = await statements(`{ libraries { ${fields} } }`);
    // Each subgraph pages one list per library here (items, events, partners): one library's page
    // is one statement, several libraries' one window over them plus one for their rows. An N+1
    // would add three statements or more per loader for the three other libraries.
    for (const name of Object.keys(one)) expect(all[name] - one[name]).toBeGreaterThanOrEqual(0);
    for (const name of Object.keys(one)) expect(all[name] - one[name]).toBeLessThanOrEqual(1);
  });

  it("lets the other subgraphs read a library's calendar from staff-development, so due dates skip closed days", async () => {
    const kupang = await fed.subgraphs.collections.calendar.get('kupang');
    expect(kupang.timezone).toBe('Asia/Makassar');
    const siantar = await fed.subgraphs['community-events'].calendar.get('pematang-siantar');
    expect(siantar.timezone).toBe('Asia/Jakarta');
    // Christmas 2026 is a Friday: Kupang opens on Saturday, Pematang Siantar (closed at weekends) on Monday
    expect(nextOpenDay(kupang, '2026-12-25')).toBe('2026-12-26');
    expect(nextOpenDay(siantar, '2026-12-25')).toBe('2026-12-28');
  });

  it('answers the holiday calendar publicly, national and local', async () => {
    const res = await fed.query('{ library(id: "kupang") { closedWeekdays holidays(from: "2026-04-01", to: "2026-04-30") { date name national } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.library.closedWeekdays).toEqual([7]);
    const holidays = res.data.library.holidays;
    expect(holidays).toContainEqual({ date: '2026-04-03', name: 'Wafat Yesus Kristus', national: true });
    expect(holidays).toContainEqual(expect.objectContaining({ date: '2026-04-25', national: false }));
    const bad = await fed.query('{ library(id: "kupang") { holidays(from: "2026-04-30", to: "2026-04-01") { date } } }');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a page larger than the maximum with BAD_USER_INPUT on first', async () => {
    const res = await fed.query('{ library(id: "kupang") { items(first: 1000) { totalCount } } }');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('first');
  });

  it('answers NOT_FOUND for a library that does not exist', async () => {
    const res = await fed.query('{ library(id: "atlantis") { id } }');
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });
});
