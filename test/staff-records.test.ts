import { demoId } from '../shared/domain/demo';
import { LibraryCalendarClient, nextOpenDay } from '../shared/domain/library-calendar';
import { addDays, isoWeekday, todayIn } from '../shared/platform/time';
import { authCode, authRequest, demoAccounts, type DemoAccount } from './helpers/auth';
import { BACKENDS, codes, type Federation, type GraphQLResponse, startFederation } from './helpers/federation';

/**
 * Staff records and the library calendar (docs/staff-records.md): librarians added, changed,
 * promoted and leaving; closed days and opening hours; competency units as configuration. Each
 * mutation is refused to LIBRARIAN, MEMBER, PARTNER, GOVERNMENT, another library's admin and an
 * anonymous caller.
 */

const TODAY = () => todayIn('Asia/Makassar'); // Kupang
const lib = (library: string, i: number) => demoId('librarian', library, i);

const ADD = /* GraphQL */ `
  mutation ($input: AddLibrarianInput!) {
    addLibrarian(input: $input) {
      id
      name
      nip
      email
      phone
      position
      careerLevel
      onStaff
      library {
        id
      }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdateLibrarianInput!) {
    updateLibrarian(id: $id, input: $input) {
      id
      phone
      email
      position
    }
  }
`;
const END = /* GraphQL */ `
  mutation ($id: ID!, $on: Date!, $reason: String!) {
    endEmployment(id: $id, on: $on, reason: $reason) {
      id
      onStaff
      employmentEndedOn
      employmentEndReason
    }
  }
`;
const PROMOTE = /* GraphQL */ `
  mutation ($id: ID!, $input: RecordPromotionInput!) {
    recordPromotion(librarianId: $id, input: $input) {
      fromLevel
      toLevel
      effectiveOn
      decree
      pointsClosed
    }
  }
`;
const CREDIT = /* GraphQL */ `
  mutation ($id: ID!, $input: RecordCreditPointsInput!) {
    recordCreditPoints(librarianId: $id, input: $input) {
      id
    }
  }
`;
const RECORD = /* GraphQL */ `
  query ($id: ID!) {
    librarian(id: $id) {
      careerLevel
      levelSince
      creditPoints
      promotions {
        toLevel
        decree
      }
      promotionReadiness {
        nextLevel
        creditPoints
        creditPointsRequired
      }
    }
  }
`;
const ADD_CLOSED = /* GraphQL */ `
  mutation ($library: ID!, $date: Date!, $name: String!) {
    addClosedDay(libraryId: $library, date: $date, name: $name) {
      date
      name
      national
    }
  }
`;
const REMOVE_CLOSED = /* GraphQL */ `
  mutation ($library: ID!, $date: Date!) {
    removeClosedDay(libraryId: $library, date: $date)
  }
`;
const HOLIDAYS = /* GraphQL */ `
  query ($library: ID!, $from: Date!, $to: Date!) {
    library(id: $library) {
      closedWeekdays
      openingHours {
        weekday
        opensAt
        closesAt
      }
      holidays(from: $from, to: $to) {
        date
        name
        national
      }
    }
  }
`;
const HOURS = /* GraphQL */ `
  mutation ($library: ID!, $input: OpeningHoursInput!) {
    setOpeningHours(libraryId: $library, input: $input) {
      closedWeekdays
      openingHours {
        weekday
        opensAt
        closesAt
      }
    }
  }
`;
const ADD_UNIT = /* GraphQL */ `
  mutation ($input: AddCompetencyUnitInput!) {
    addCompetencyUnit(input: $input) {
      code
      title
      area
    }
  }
`;

/** A NIP with the structure the demo's nipFor builds: birth date, appointment month, sex digit, sequence. */
const nip = (birth: string, appointed: string, sex: 1 | 2, seq: number) => `${birth.replace(/-/g, '')}${appointed.replace('-', '')}${sex}${String(seq).padStart(3, '0')}`;

const newLibrarian = (over: Record<string, unknown> = {}) => ({
  libraryId: 'kupang',
  name: 'Maria Goreti Bria',
  nip: nip('1990-05-14', '2015-03', 2, 42),
  email: 'maria.bria@perpustakaan-kupang.go.id',
  careerLevel: 'AHLI_PERTAMA',
  employmentStatus: 'PNS',
  levelSince: '2016-01-01',
  phone: '+62 812 3456 7890',
  position: 'Pustakawan Layanan Referensi',
  ...over,
});

const fieldOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.field;

describe.each(BACKENDS)('staff records and the library calendar on %s', (backend) => {
  let fed: Federation;
  let admin: string;
  let kupangAdmin: string;
  let baubauAdmin: string;
  /** Everyone who may not manage Kupang's staff or calendar, with the code each one gets. */
  let outsiders: [string, string | undefined, string][];

  beforeAll(async () => {
    fed = await startFederation(backend);
    admin = await fed.token({ role: 'ADMIN' });
    kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    outsiders = [
      ['a LIBRARIAN of the library', await fed.token({ role: 'LIBRARIAN', libraryId: 'kupang', librarianId: lib('kupang', 2) }), 'FORBIDDEN'],
      ['a MEMBER', await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 0) }), 'FORBIDDEN'],
      ['a PARTNER', await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 3) }), 'FORBIDDEN'],
      ['GOVERNMENT', await fed.token({ role: 'GOVERNMENT' }), 'FORBIDDEN'],
      ["another library's admin", baubauAdmin, 'FORBIDDEN'],
      ['no token', undefined, 'UNAUTHENTICATED'],
    ];
  });
  afterAll(async () => {
    await fed?.stop();
  });

  /** Every outsider is refused with their code, and nothing is written (checked by `unchanged`). */
  async function refusedToOutsiders(query: string, variables: Record<string, unknown>, unchanged?: () => Promise<void>) {
    for (const [who, token, code] of outsiders) {
      const res = await fed.query(query, { token, variables });
      expect({ who, codes: codes(res) }).toEqual({ who, codes: [code] });
    }
    await unchanged?.();
  }

  describe('Mutation.addLibrarian', () => {
    it("adds a librarian to the admin's library, with the NIP and contact visible to that admin", async () => {
      const res = await fed.query(ADD, { token: kupangAdmin, variables: { input: newLibrarian() } });
      expect(res.errors).toBeUndefined();
      expect(res.data.addLibrarian).toMatchObject({
        name: 'Maria Goreti Bria',
        nip: '199005142015032042',
        email: 'maria.bria@perpustakaan-kupang.go.id',
        phone: '+62 812 3456 7890',
        position: 'Pustakawan Layanan Referensi',
        careerLevel: 'AHLI_PERTAMA',
        onStaff: true,
        library: { id: 'kupang' },
      });
      const staff = await fed.query('{ library(id: "kupang") { librarians(first: 100) { edges { node { name } } } } }', { token: kupangAdmin });
      expect(staff.data.library.librarians.edges.map((e: any) => e.node.name)).toContain('Maria Goreti Bria');
    });

    it('refuses a NIP already recorded with CONFLICT', async () => {
      const res = await fed.query(ADD, { token: admin, variables: { input: newLibrarian({ name: 'Orang Lain', email: 'lain@perpustakaan-kupang.go.id' }) } });
      expect(codes(res)).toEqual(['CONFLICT']);
    });

    it('of two admins adding the same NIP at once, records one and answers the other CONFLICT', async () => {
      const same = nip('1988-11-03', '2012-01', 1, 7);
      const [a, b] = await Promise.all([
        fed.query(ADD, { token: kupangAdmin, variables: { input: newLibrarian({ nip: same, name: 'Yohanes Pah', email: 'y.pah@perpustakaan-kupang.go.id' }) } }),
        fed.query(ADD, { token: admin, variables: { input: newLibrarian({ nip: same, name: 'Yohanes Pah', email: 'yohanes@perpustakaan-kupang.go.id' }) } }),
      ]);
      expect([codes(a), codes(b)].sort()).toEqual([[], ['CONFLICT']]);
      const staff = await fed.query('{ library(id: "kupang") { librarians(first: 100) { edges { node { name } } } } }', { token: kupangAdmin });
      expect(staff.data.library.librarians.edges.filter((e: any) => e.node.name === 'Yohanes Pah')).toHaveLength(1);
    });

    it.each([
      ['not 18 digits', '19900514201503204'],
      ['a birth date that does not exist', nip('1990-02-30', '2015-03', 2, 1)],
      ['appointment month 13', '199005142015132001'],
      ['an appointment before 18', nip('2000-01-01', '2010-01', 1, 1)],
      ['sex digit 3', '199005142015033001'],
      ['letters', '19900514201503A001'],
    ])('refuses a NIP with %s: BAD_USER_INPUT on nip', async (_, bad) => {
      const res = await fed.query(ADD, { token: kupangAdmin, variables: { input: newLibrarian({ nip: bad }) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fieldOf(res)).toBe('nip');
    });

    it('refuses a date in level before 1945 or more than five years ahead: BAD_USER_INPUT on levelSince', async () => {
      for (const levelSince of ['1944-12-31', addDays(TODAY(), 5 * 366 + 2)]) {
        const res = await fed.query(ADD, { token: kupangAdmin, variables: { input: newLibrarian({ nip: nip('1990-05-14', '2015-03', 2, 99), levelSince }) } });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fieldOf(res)).toBe('levelSince');
      }
    });

    it('is refused to everyone but the library admins and ADMIN, and writes nothing', async () => {
      const input = newLibrarian({ nip: nip('1991-07-07', '2016-04', 1, 5), name: 'Tidak Boleh', email: 'tidak@perpustakaan-kupang.go.id' });
      await refusedToOutsiders(ADD, { input }, async () => {
        const staff = await fed.query('{ library(id: "kupang") { librarians(first: 100) { edges { node { name } } } } }', { token: admin });
        expect(staff.data.library.librarians.edges.map((e: any) => e.node.name)).not.toContain('Tidak Boleh');
      });
    });
  });

  describe('Mutation.updateLibrarian', () => {
    it("changes a librarian's contact, work e-mail and position", async () => {
      const res = await fed.query(UPDATE, {
        token: kupangAdmin,
        variables: { id: lib('kupang', 3), input: { phone: '0380 821 555', email: 'Baru@Perpustakaan-Kupang.go.id', position: 'Koordinator Sirkulasi' } },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateLibrarian).toEqual({ id: lib('kupang', 3), phone: '0380 821 555', email: 'baru@perpustakaan-kupang.go.id', position: 'Koordinator Sirkulasi' });
      const read = await fed.query(`{ librarian(id: "${lib('kupang', 3)}") { phone email position } }`, { token: kupangAdmin });
      expect(read.data.librarian).toEqual({ phone: '0380 821 555', email: 'baru@perpustakaan-kupang.go.id', position: 'Koordinator Sirkulasi' });
    });

    it('refuses an e-mail that is not one: BAD_USER_INPUT', async () => {
      const res = await fed.query(UPDATE, { token: kupangAdmin, variables: { id: lib('kupang', 3), input: { email: 'bukan-email' } } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('is refused to everyone but the library admins and ADMIN', async () => {
      await refusedToOutsiders(UPDATE, { id: lib('kupang', 3), input: { position: 'Diubah Orang Luar' } }, async () => {
        const read = await fed.query(`{ librarian(id: "${lib('kupang', 3)}") { position } }`, { token: admin });
        expect(read.data.librarian.position).toBe('Koordinator Sirkulasi');
      });
    });
  });

  describe('Mutation.recordPromotion', () => {
    let id: string;
    beforeAll(async () => {
      const added = await fed.query(ADD, {
        token: kupangAdmin,
        variables: { input: newLibrarian({ nip: nip('1985-09-21', '2010-10', 1, 12), name: 'Petrus Lani', email: 'p.lani@perpustakaan-kupang.go.id', levelSince: '2020-01-01' }) },
      });
      id = added.data.addLibrarian.id;
      await fed.query(CREDIT, {
        token: kupangAdmin,
        variables: { id, input: { points: 104.5, source: 'EDUCATION', description: 'Ijazah S2 Ilmu Perpustakaan', earnedOn: '2024-06-30' } },
      });
    });

    it('refuses skipping a level or going down: BAD_USER_INPUT on toLevel, and the level stays', async () => {
      for (const toLevel of ['AHLI_MADYA', 'TERAMPIL', 'AHLI_PERTAMA']) {
        const res = await fed.query(PROMOTE, { token: kupangAdmin, variables: { id, input: { toLevel, effectiveOn: '2025-04-01', decree: '800/123/BKPSDM/2025' } } });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fieldOf(res)).toBe('toLevel');
      }
      expect((await fed.query(RECORD, { token: kupangAdmin, variables: { id } })).data.librarian).toMatchObject({ careerLevel: 'AHLI_PERTAMA', creditPoints: 104.5 });
    });

    it('refuses an effective date before 1945 or more than five years ahead: BAD_USER_INPUT on effectiveOn', async () => {
      for (const effectiveOn of ['1944-06-01', addDays(TODAY(), 5 * 366 + 2)]) {
        const res = await fed.query(PROMOTE, { token: kupangAdmin, variables: { id, input: { toLevel: 'AHLI_MUDA', effectiveOn, decree: '800/123/BKPSDM/2025' } } });
        expect(fieldOf(res)).toBe('effectiveOn');
      }
    });

    it('is refused to everyone but the library admins and ADMIN', async () => {
      await refusedToOutsiders(PROMOTE, { id, input: { toLevel: 'AHLI_MUDA', effectiveOn: '2025-04-01', decree: '800/123/BKPSDM/2025' } }, async () => {
        expect((await fed.query(RECORD, { token: admin, variables: { id } })).data.librarian.careerLevel).toBe('AHLI_PERTAMA');
      });
    });

    it('moves the librarian to the next level from the effective date, closing the points of the previous level: they start again from zero', async () => {
      const res = await fed.query(PROMOTE, { token: kupangAdmin, variables: { id, input: { toLevel: 'AHLI_MUDA', effectiveOn: '2025-04-01', decree: '800/123/BKPSDM/2025' } } });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordPromotion).toEqual({ fromLevel: 'AHLI_PERTAMA', toLevel: 'AHLI_MUDA', effectiveOn: '2025-04-01', decree: '800/123/BKPSDM/2025', pointsClosed: 104.5 });
      const record = (await fed.query(RECORD, { token: kupangAdmin, variables: { id } })).data.librarian;
      expect(record).toEqual({
        careerLevel: 'AHLI_MUDA',
        levelSince: '2025-04-01',
        creditPoints: 0,
        promotions: [{ toLevel: 'AHLI_MUDA', decree: '800/123/BKPSDM/2025' }],
        promotionReadiness: { nextLevel: 'AHLI_MADYA', creditPoints: 0, creditPointsRequired: 200 },
      });
      // points earned in the new level count toward the next one
      await fed.query(CREDIT, {
        token: kupangAdmin,
        variables: { id, input: { points: 12.5, source: 'PROFESSIONAL_DEVELOPMENT', description: 'Seminar', earnedOn: '2025-05-02' } },
      });
      expect((await fed.query(RECORD, { token: kupangAdmin, variables: { id } })).data.librarian.creditPoints).toBe(12.5);
    });
  });

  describe('Mutation.endEmployment', () => {
    let pustakawan: DemoAccount;
    /** pustakawan.kupang's librarian (gateway/auth/demo.ts). */
    const leaving = lib('kupang', 1);

    beforeAll(async () => {
      pustakawan = (await demoAccounts(fed)).find((a) => a.username === 'pustakawan.kupang')!;
    });

    it('is refused to everyone but the library admins and ADMIN, and the librarian stays on the staff', async () => {
      await refusedToOutsiders(END, { id: leaving, on: TODAY(), reason: 'Pindah tugas' }, async () => {
        const read = await fed.query(`{ librarian(id: "${leaving}") { onStaff employmentEndedOn } }`, { token: admin });
        expect(read.data.librarian).toEqual({ onStaff: true, employmentEndedOn: null });
      });
    });

    it('refuses an end date before 1945 or more than five years ahead: BAD_USER_INPUT on on', async () => {
      for (const on of ['1900-01-01', addDays(TODAY(), 5 * 366 + 2)]) {
        const res = await fed.query(END, { token: kupangAdmin, variables: { id: leaving, on, reason: 'Pensiun' } });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fieldOf(res)).toBe('on');
      }
    });

    it('from that day the librarian is gone: out of the staff figures, offered no training, and their sign-in stops working', async () => {
      const login = await authRequest(fed, 'POST', '/login', { username: pustakawan.username, password: pustakawan.password });
      expect(login.status).toBe(200);
      const year = TODAY().slice(0, 4);
      const figures = `{ library(id: "kupang") { staffIndicators(from: "${TODAY()}", to: "${TODAY()}") { librarians } trainingNeeds(year: ${year}) { librarian { id } } } }`;
      const before = (await fed.query(figures, { token: kupangAdmin })).data.library;

      const res = await fed.query(END, { token: kupangAdmin, variables: { id: leaving, on: TODAY(), reason: 'Pindah tugas ke Dinas Pendidikan' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.endEmployment).toEqual({ id: leaving, onStaff: false, employmentEndedOn: TODAY(), employmentEndReason: 'Pindah tugas ke Dinas Pendidikan' });

      const after = (await fed.query(figures, { token: kupangAdmin })).data.library;
      expect(after.staffIndicators.librarians).toBe(before.staffIndicators.librarians - 1);
      expect(after.trainingNeeds.map((n: any) => n.librarian.id)).not.toContain(leaving);

      const again = await authRequest(fed, 'POST', '/login', { username: pustakawan.username, password: pustakawan.password });
      expect(again.status).toBe(401);
      expect(authCode(again)).toBe('UNAUTHENTICATED');
      const refreshed = await authRequest(fed, 'POST', '/refresh', { refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(401);

      // the record stays for history, to the library's admins
      const read = await fed.query(`{ librarian(id: "${leaving}") { name onStaff } }`, { token: kupangAdmin });
      expect(read.data.librarian).toEqual({ name: expect.any(String), onStaff: false });
    });

    it('refuses to end an employment twice: CONFLICT', async () => {
      const res = await fed.query(END, { token: kupangAdmin, variables: { id: leaving, on: TODAY(), reason: 'Lagi' } });
      expect(codes(res)).toEqual(['CONFLICT']);
    });

    it('refuses to enrol a librarian who has left on a training: BAD_USER_INPUT', async () => {
      const programmes = await fed.query('{ library(id: "kupang") { trainingProgrammes(first: 50) { edges { node { id status } } } } }', { token: kupangAdmin });
      const open = programmes.data.library.trainingProgrammes.edges.map((e: any) => e.node).find((p: any) => p.status === 'OPEN');
      expect(open).toBeDefined();
      const res = await fed.query('mutation ($p: ID!, $l: ID!) { enrollInTraining(programmeId: $p, librarianId: $l) { id } }', {
        token: kupangAdmin,
        variables: { p: open.id, l: leaving },
      });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('the library calendar', () => {
    const inAMonth = () => addDays(TODAY(), 30);
    const holidays = async () => (await fed.query(HOLIDAYS, { variables: { library: 'kupang', from: addDays(TODAY(), -400), to: addDays(TODAY(), 60) } })).data.library;

    it('adds a closed day from today on: the public calendar shows it, and a calendar read from then on moves due dates past it', async () => {
      // the first open day on or after the day, as collections computes due dates (it may be a national holiday already)
      let day = inAMonth();
      while ((await holidays()).holidays.some((h: any) => h.date === day) || (await holidays()).closedWeekdays.includes(isoWeekday(day))) day = addDays(day, 1);
      const calendars = new LibraryCalendarClient(fed.config, 'collections');
      expect(nextOpenDay(await calendars.get('kupang'), day)).toBe(day);

      const res = await fed.query(ADD_CLOSED, { token: kupangAdmin, variables: { library: 'kupang', date: day, name: 'Hari Jadi Perpustakaan' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.addClosedDay).toEqual({ date: day, name: 'Hari Jadi Perpustakaan', national: false });
      expect((await holidays()).holidays).toContainEqual({ date: day, name: 'Hari Jadi Perpustakaan', national: false });

      calendars.clear(); // a copy read after the change (the cache's freshness: docs/staff-records.md)
      expect(nextOpenDay(await calendars.get('kupang'), day)).not.toBe(day);

      const twice = await fed.query(ADD_CLOSED, { token: admin, variables: { library: 'kupang', date: day, name: 'Lagi' } });
      expect(codes(twice)).toEqual(['CONFLICT']);

      expect((await fed.query(REMOVE_CLOSED, { token: kupangAdmin, variables: { library: 'kupang', date: day } })).data.removeClosedDay).toBe(true);
      expect((await holidays()).holidays.map((h: any) => h.date)).not.toContain(day);
    });

    it('keeps history: a past closed day can be neither added nor removed (BAD_USER_INPUT on date)', async () => {
      const yesterday = addDays(TODAY(), -1);
      const add = await fed.query(ADD_CLOSED, { token: kupangAdmin, variables: { library: 'kupang', date: yesterday, name: 'Terlambat' } });
      expect(codes(add)).toEqual(['BAD_USER_INPUT']);
      expect(fieldOf(add)).toBe('date');
      const past = (await holidays()).holidays.find((h: any) => h.date < TODAY());
      expect(past).toBeDefined();
      const remove = await fed.query(REMOVE_CLOSED, { token: kupangAdmin, variables: { library: 'kupang', date: past.date } });
      expect(codes(remove)).toEqual(['BAD_USER_INPUT']);
      expect((await holidays()).holidays).toContainEqual(past);
    });

    it('refuses a closed day more than five years ahead: BAD_USER_INPUT on date', async () => {
      const res = await fed.query(ADD_CLOSED, { token: kupangAdmin, variables: { library: 'kupang', date: addDays(TODAY(), 5 * 366 + 2), name: 'Jauh' } });
      expect(fieldOf(res)).toBe('date');
    });

    it('sets opening hours per weekday, and a weekday closed every week joins the closed weekdays', async () => {
      const set = await fed.query(HOURS, { token: kupangAdmin, variables: { library: 'kupang', input: { weekday: 6, opensAt: '08:00', closesAt: '13:00' } } });
      expect(set.errors).toBeUndefined();
      expect(set.data.setOpeningHours.openingHours).toContainEqual({ weekday: 6, opensAt: '08:00', closesAt: '13:00' });
      expect(set.data.setOpeningHours.closedWeekdays).not.toContain(6);

      const closed = await fed.query(HOURS, { token: admin, variables: { library: 'kupang', input: { weekday: 6, closed: true } } });
      expect(closed.data.setOpeningHours.closedWeekdays).toContain(6);
      expect(closed.data.setOpeningHours.openingHours.map((h: any) => h.weekday)).not.toContain(6);
      expect((await holidays()).closedWeekdays).toContain(6);

      const backwards = await fed.query(HOURS, { token: kupangAdmin, variables: { library: 'kupang', input: { weekday: 1, opensAt: '16:00', closesAt: '08:00' } } });
      expect(fieldOf(backwards)).toBe('closesAt');
    });

    it('is edited by no one but the library admins and ADMIN', async () => {
      const day = addDays(TODAY(), 40);
      await refusedToOutsiders(ADD_CLOSED, { library: 'kupang', date: day, name: 'Tutup' }, async () => {
        expect((await holidays()).holidays.map((h: any) => h.date)).not.toContain(day);
      });
      await refusedToOutsiders(HOURS, { library: 'kupang', input: { weekday: 2, opensAt: '10:00', closesAt: '11:00' } }, async () => {
        expect((await holidays()).openingHours).not.toContainEqual({ weekday: 2, opensAt: '10:00', closesAt: '11:00' });
      });
      const national = (await holidays()).holidays.find((h: any) => h.national && h.date >= TODAY());
      if (national) await refusedToOutsiders(REMOVE_CLOSED, { library: 'kupang', date: national.date });
    });
  });

  describe('Mutation.addCompetencyUnit', () => {
    const unit = { code: 'R.91PRP02.070.1', title: 'Mengelola Repositori Institusi', area: 'LIBRARY_ICT' };

    it('is for ADMIN only', async () => {
      await refusedToOutsiders(ADD_UNIT, { input: unit });
      expect(codes(await fed.query(ADD_UNIT, { token: kupangAdmin, variables: { input: unit } }))).toEqual(['FORBIDDEN']);
    });

    it('adds a unit the table lists and competencies may then be recorded in; a code already there is CONFLICT', async () => {
      const res = await fed.query(ADD_UNIT, { token: admin, variables: { input: unit } });
      expect(res.data.addCompetencyUnit).toEqual(unit);
      const listed = await fed.query('{ competencyUnits(area: LIBRARY_ICT) { code } }');
      expect(listed.data.competencyUnits.map((u: any) => u.code)).toEqual(['R.91PRP02.060.1', 'R.91PRP02.061.1', 'R.91PRP02.070.1']);
      const recorded = await fed.query('mutation ($l: ID!, $input: RecordCompetencyInput!) { recordCompetency(librarianId: $l, input: $input) { unit { code title } } }', {
        token: kupangAdmin,
        variables: { l: lib('kupang', 4), input: { unitCode: unit.code, method: 'PORTFOLIO', assessedOn: TODAY() } },
      });
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data.recordCompetency.unit).toEqual({ code: unit.code, title: unit.title });
      expect(codes(await fed.query(ADD_UNIT, { token: admin, variables: { input: unit } }))).toEqual(['CONFLICT']);
    });
  });
});
