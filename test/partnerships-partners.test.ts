import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, startFederation, type Federation } from './helpers/federation';

const CREATE = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind npsn contactName libraries { id } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { id name contactEmail } }`;
const COUNT = `{ library(id: "kupang") { partners(first: 1) { totalCount } } }`;

const school = (overrides: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  kind: 'SCHOOL',
  name: 'SD Inpres Oesapa Barat',
  npsn: '50304999',
  city: 'Kupang',
  address: 'Jl. Timor Raya Km. 8, Oesapa Barat, Kota Kupang',
  contactName: 'Yohana Ndun',
  contactEmail: 'perpustakaan@sdioesapabarat.sch.id',
  ...overrides,
});

describe.each(BACKENDS)('managing partners (%s)', (backend) => {
  let fed: Federation;
  let kupangAdmin: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
  });
  afterAll(() => fed?.stop());

  const partnerCount = async () => (await fed.query(COUNT, { token: kupangAdmin })).data.library.partners.totalCount;

  it("lets a library's admin register a partner, which then works with that library", async () => {
    const before = await partnerCount();
    const res = await fed.query(CREATE, { token: kupangAdmin, variables: { input: school() } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createPartner).toMatchObject({ kind: 'SCHOOL', npsn: '50304999', contactName: 'Yohana Ndun', libraries: [{ id: 'kupang' }] });
    expect(await partnerCount()).toBe(before + 1);
  });

  it('refuses a second partner with the same NPSN with CONFLICT', async () => {
    const res = await fed.query(CREATE, { token: kupangAdmin, variables: { input: school({ name: 'Sekolah Lain' }) } });
    expect(codes(res)).toEqual(['CONFLICT']);
  });

  it('refuses an NPSN on a partner that is not a school, writing nothing', async () => {
    const before = await partnerCount();
    const res = await fed.query(CREATE, { token: kupangAdmin, variables: { input: school({ kind: 'COMPANY', npsn: '50304998' }) } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('npsn');
    expect(await partnerCount()).toBe(before);
  });

  it('refuses a malformed contact e-mail with BAD_USER_INPUT on contactEmail', async () => {
    const res = await fed.query(CREATE, { token: kupangAdmin, variables: { input: school({ npsn: '50304997', contactEmail: 'not-an-address' }) } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.field).toBe('contactEmail');
  });

  it('refuses PUBLIC with UNAUTHENTICATED, a librarian and another library’s admin with FORBIDDEN', async () => {
    const input = school({ npsn: '50304996' });
    expect(codes(await fed.query(CREATE, { variables: { input } }))).toEqual(['UNAUTHENTICATED']);
    const librarian = await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: demoId('librarian', 'kupang', 0) });
    expect(codes(await fed.query(CREATE, { token: librarian, variables: { input } }))).toEqual(['FORBIDDEN']);
    const baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    expect(codes(await fed.query(CREATE, { token: baubauAdmin, variables: { input } }))).toEqual(['FORBIDDEN']);
  });

  it("lets the admin of a library the partner works with correct its details, and refuses another library's admin", async () => {
    const kupangSchool = demoId('partner', 'kupang', 0);
    const ok = await fed.query(UPDATE, { token: kupangAdmin, variables: { id: kupangSchool, input: { contactEmail: 'tu@sdn1kupang.sch.id' } } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updatePartner.contactEmail).toBe('tu@sdn1kupang.sch.id');
    const baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    const refused = await fed.query(UPDATE, { token: baubauAdmin, variables: { id: kupangSchool, input: { name: 'Diubah' } } });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
  });
});
