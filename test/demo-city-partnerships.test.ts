import type { DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { cityPartners, cityProfile, demoWindow, emailFor, isOpenDay } from '../shared/domain/demo-city';
import { dropDatabase, openDatabase, rawDate } from '../shared/platform/database';
import { addDays, daysBetween, isoWeekday, localDate } from '../shared/platform/time';
import { SUBGRAPHS } from '../subgraphs';
import { Agreement, AgreementState } from '../subgraphs/partnerships/agreements/agreement.entity';
import { cityPartnershipRows, type CityPartnershipRows } from '../subgraphs/partnerships/demo/city';
import { SHARED_PARTNERS } from '../subgraphs/partnerships/demo/city/places';
import { FundingContribution } from '../subgraphs/partnerships/funding/funding-contribution.entity';
import { InternshipLogbookEntry } from '../subgraphs/partnerships/internships/internship-logbook-entry.entity';
import { Internship, InternshipStatus } from '../subgraphs/partnerships/internships/internship.entity';
import { LibraryPartner } from '../subgraphs/partnerships/partners/library-partner.entity';
import { Partner } from '../subgraphs/partnerships/partners/partner.entity';
import { PartnershipProgramme, PartnershipProgrammeStatus } from '../subgraphs/partnerships/programmes/partnership-programme.entity';
import { ProgrammeLibrarian } from '../subgraphs/partnerships/programmes/programme-librarian.entity';
import { PartnerWebhook } from '../subgraphs/partnerships/webhooks/partner-webhook.entity';
import { BACKENDS, testConfig } from './helpers/federation';

/**
 * The city demo of partnerships as a librarian or an analyst would look at it: the city's
 * partners with contact people of the region, agreements signed over the years (most in force,
 * some renewed, a few about to expire, a draft or two), programmes whose reach varies, interns
 * with weekly logbooks, and funding within the agreements.
 */

const LOAD_DAY = '2026-12-06';
const JUTA = 1_000_000;
const timezoneOf = (libraryId: string) => DEMO_LIBRARIES.find((l) => l.id === libraryId)!.timezone;
const within = (date: string, a: { startsOn: string; endsOn: string }) => a.startsOn <= date && date <= a.endsOn;

/** What the whole of one city's rows must show, whether they come from the generator or back from a database. */
function expectABelievableCity(rows: CityPartnershipRows, scale: number): void {
  const { libraryId, loadDay } = rows;
  const tz = timezoneOf(libraryId);
  const profile = cityProfile(libraryId, scale);
  const window = demoWindow(loadDay);
  const before = (d: Date) => expect(localDate(d, tz) < loadDay).toBe(true);

  // Partners: every partner of the city's list, with its link, and contact e-mails that match the contact's name at the partner's domain.
  const expected = cityPartners(libraryId, scale);
  const partners = new Map(rows.partners.map((p) => [p.id, p]));
  expected.forEach((p, i) => {
    const row = partners.get(demoId('partner', libraryId, i))!;
    expect({ name: row.name, kind: row.kind }).toEqual({ name: p.name, kind: p.kind });
    expect(row.contactEmail.replace(/\d+@/, '@')).toBe(emailFor(row.contactName, p.domain));
    expect(row.npsn === null).toBe(p.kind !== 'SCHOOL');
    if (row.npsn) expect(row.npsn).toMatch(/^\d{8}$/);
    expect(row.address).toMatch(new RegExp(`, Kota ${DEMO_LIBRARIES.find((l) => l.id === libraryId)!.city}$`));
    expect(row.contactPhone).toMatch(/^0\d{9,12}$/);
  });
  const linked = new Set(rows.links.filter((l) => l.libraryId === libraryId).map((l) => l.partnerId));
  for (const p of rows.partners) expect(linked.has(p.id)).toBe(true);

  // Agreements: 10–30 over time, every partner with one; most in force, some expired and renewed, a few ending in the coming months, a draft.
  const agreements = rows.agreements.filter((a) => a.libraryId === libraryId);
  expect(agreements.length).toBeGreaterThanOrEqual(10);
  expect(agreements.length).toBeLessThanOrEqual(30);
  const signed = agreements.filter((a) => a.state === AgreementState.SIGNED);
  const inForce = signed.filter((a) => within(loadDay, a));
  expect(inForce.length / linked.size).toBeGreaterThan(0.6);
  expect(signed.filter((a) => a.endsOn < loadDay).length).toBeGreaterThanOrEqual(2);
  expect(inForce.filter((a) => a.endsOn <= addDays(loadDay, 180)).length).toBeGreaterThanOrEqual(1);
  expect(agreements.filter((a) => a.state === AgreementState.DRAFT).length).toBeGreaterThanOrEqual(1);
  const renewed = signed.filter((a) => signed.some((b) => b.partnerId === a.partnerId && b.startsOn === addDays(a.endsOn, 1)));
  expect(renewed.length).toBeGreaterThanOrEqual(2);
  for (const a of agreements) {
    const years = daysBetween(a.startsOn, a.endsOn) / 365.25;
    expect(years).toBeGreaterThan(0.95);
    expect(years).toBeLessThan(5.05);
    if (a.state !== AgreementState.DRAFT) expect(a.startsOn < loadDay).toBe(true);
  }
  expect(new Set(agreements.map((a) => a.documentReference)).size).toBe(agreements.length);

  // Programmes: 5–20, over the window and ahead, each within its agreement, run by the library's librarians.
  const byId = new Map(agreements.map((a) => [a.id, a]));
  const programmes = rows.programmes;
  expect(programmes.length).toBeGreaterThanOrEqual(5);
  expect(programmes.length).toBeLessThanOrEqual(20);
  for (const p of programmes) {
    const a = byId.get(p.agreementId)!;
    expect(a.state).toBe(AgreementState.SIGNED);
    expect(within(p.startsOn, a) && within(p.endsOn, a)).toBe(true);
    expect(p.startsOn >= window.from).toBe(true);
    before(p.createdAt);
    before(p.updatedAt);
    if (p.status === PartnershipProgrammeStatus.COMPLETED) expect(p.endsOn < loadDay).toBe(true);
    if (p.status === PartnershipProgrammeStatus.IN_PROGRESS) expect(p.startsOn < loadDay && loadDay <= p.endsOn).toBe(true);
    if ([PartnershipProgrammeStatus.PLANNED, PartnershipProgrammeStatus.PROPOSED].includes(p.status)) expect(p.startsOn >= loadDay).toBe(true);
  }
  expect(programmes.some((p) => p.status === PartnershipProgrammeStatus.IN_PROGRESS && (p.participantsReached ?? 0) < p.expectedParticipants!)).toBe(true);
  expect(programmes.some((p) => p.startsOn >= loadDay)).toBe(true);
  const staff = new Set(Array.from({ length: profile.staff }, (_, k) => demoId('librarian', libraryId, k)));
  const programmeIds = new Set(programmes.map((p) => p.id));
  for (const pl of rows.programmeLibrarians) {
    expect(staff.has(pl.librarianId)).toBe(true);
    expect(programmeIds.has(pl.programmeId)).toBe(true);
  }

  // Internships: 10–40, from the partner universities, 1–6 months within their agreement, some under way today.
  const interns = rows.internships;
  expect(interns.length).toBeGreaterThanOrEqual(10);
  expect(interns.length).toBeLessThanOrEqual(40);
  for (const i of interns) {
    const a = byId.get(i.agreementId)!;
    expect(partners.get(a.partnerId)!.kind).toBe('UNIVERSITY');
    expect(within(i.startsOn, a) && within(i.endsOn, a)).toBe(true);
    const days = daysBetween(i.startsOn, i.endsOn);
    expect(days).toBeGreaterThanOrEqual(21);
    expect(days).toBeLessThanOrEqual(186);
    before(i.createdAt);
    before(i.updatedAt);
    if (i.evaluatedAt) before(i.evaluatedAt);
    if (i.supervisorId) expect(staff.has(i.supervisorId)).toBe(true);
    if (i.status === InternshipStatus.ACTIVE) expect(i.startsOn < loadDay && loadDay <= i.endsOn).toBe(true);
    if (i.status === InternshipStatus.COMPLETED) expect(i.certificateNumber).toMatch(new RegExp(`^\\d{3}/SERT-MAGANG/${libraryId.toUpperCase()}/\\d{4}$`));
  }
  expect(interns.some((i) => i.status === InternshipStatus.ACTIVE)).toBe(true);
  expect(interns.some((i) => i.startsOn < window.from)).toBe(false);

  // Logbook: a week the intern came, recorded on an open day before the load day.
  const internById = new Map(interns.map((i) => [i.id, i]));
  expect(rows.logbook.length).toBeGreaterThan(interns.length);
  for (const e of rows.logbook) {
    const recordedOn = localDate(e.recordedAt, tz);
    expect(isOpenDay(libraryId, recordedOn)).toBe(true);
    expect(recordedOn < loadDay).toBe(true);
    expect(isoWeekday(e.weekStarting)).toBe(1);
    expect(recordedOn >= e.weekStarting && recordedOn <= addDays(e.weekStarting, 6)).toBe(true);
    const i = internById.get(e.internshipId)!;
    expect(recordedOn >= i.startsOn && recordedOn <= i.endsOn).toBe(true);
    expect(e.hours).toBeGreaterThan(0);
    expect(e.hours).toBeLessThanOrEqual(40);
  }

  // Funding: within an agreement of the funder in force on the day it came, Rp 2.5–250 juta, in the history.
  expect(rows.funding.length).toBeGreaterThanOrEqual(2);
  for (const f of rows.funding) {
    expect(agreements.some((a) => a.partnerId === f.partnerId && a.state === AgreementState.SIGNED && within(f.receivedOn, a))).toBe(true);
    expect(f.amount).toBeGreaterThanOrEqual(2.5 * JUTA);
    expect(f.amount).toBeLessThanOrEqual(250 * JUTA);
    expect(f.receivedOn >= window.from && f.receivedOn < loadDay).toBe(true);
    expect(f.year).toBe(Number(f.receivedOn.slice(0, 4)));
    before(f.createdAt);
  }
}

/** Reach over all cities: not "reached = planned − 5", but ratios that vary, some above the plan and most below by different amounts. */
function expectReachToVary(all: CityPartnershipRows[]): void {
  const done = all.flatMap((r) => r.programmes).filter((p) => p.status === PartnershipProgrammeStatus.COMPLETED);
  const ratios = done.map((p) => p.participantsReached! / p.expectedParticipants!);
  expect(done.filter((p) => p.expectedParticipants! - p.participantsReached! === 5).length).toBeLessThan(done.length * 0.1);
  expect(ratios.filter((r) => r > 1).length).toBeGreaterThanOrEqual(2);
  expect(ratios.filter((r) => r < 1).length / ratios.length).toBeGreaterThan(0.5);
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  const sd = Math.sqrt(ratios.reduce((s, r) => s + (r - mean) ** 2, 0) / ratios.length);
  expect(sd).toBeGreaterThan(0.1);
  expect(mean).toBeGreaterThan(0.7);
  expect(mean).toBeLessThan(1);
}

describe('the city demo of partnerships, generated at full scale (no database)', () => {
  const all = DEMO_LIBRARIES.map((l) => cityPartnershipRows(l.id, { scale: 1, today: LOAD_DAY }));

  it.each(DEMO_LIBRARIES.map((l, i) => [l.id, i] as const))('%s: partners, agreements, programmes, interns and funding a librarian would believe', (_id, i) => {
    expectABelievableCity(all[i], 1);
  });

  it('has each city 12–22 partners of its own, and the national library and the radio shared between cities', () => {
    for (const r of all) {
      const own = r.partners.filter((p) => !r.sharedIds.includes(p.id));
      expect(own.length).toBeGreaterThanOrEqual(12);
      expect(own.length).toBeLessThanOrEqual(22);
    }
    const worksWith = (id: string) => all.filter((r) => r.links.some((l) => l.partnerId === id)).length;
    expect(worksWith(SHARED_PARTNERS[0].id)).toBe(4);
    expect(worksWith(SHARED_PARTNERS[2].id)).toBe(2);
  });

  it('varies the reach of programmes believably', () => expectReachToVary(all));

  it('names the people by region: Butonese La/Wa in Baubau, Batak and Simalungun clans in Pematang Siantar', () => {
    const [, baubau, , siantar] = all;
    const people = (r: CityPartnershipRows) => [...r.partners.filter((p) => !r.sharedIds.includes(p.id)).map((p) => p.contactName), ...r.internships.map((i) => i.studentName)];
    for (const name of people(baubau)) expect(name).toMatch(/^(La|Wa) /);
    const clans =
      /(Simanjuntak|Sitorus|Siahaan|Hutapea|Nainggolan|Pardede|Simatupang|Panjaitan|Manurung|Silalahi|Tampubolon|Situmorang|Sihombing|Hutagalung|Saragih|Purba|Damanik|Sinaga|Girsang|Sipayung|Sumbayak|Garingging|Munthe|Sidauruk)$/;
    for (const name of people(siantar)) expect(name).toMatch(clans);
  });

  it('is the same on every run, and partner i is the same at every scale', () => {
    const again = cityPartnershipRows('kupang', { scale: 1, today: LOAD_DAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(all[0]));
    const small = cityPartnershipRows('kupang', { scale: 0.02, today: LOAD_DAY });
    expect(small.partners.slice(0, 6)).toEqual(all[0].partners.slice(0, 6));
  });

  it.each(DEMO_LIBRARIES.map((l) => l.id))('%s at a quick-load scale (0.02): the fixture-sized partner list, still a believable history', (libraryId) => {
    const small = cityPartnershipRows(libraryId, { scale: 0.02, today: LOAD_DAY });
    expect(small.partners.length - small.sharedIds.length).toBe(6);
    expectABelievableCity(small, 0.02);
  });

  it('moves with the load day: the history ends the day before a later load day', () => {
    const later = cityPartnershipRows('pasuruan', { scale: 1, today: '2027-05-20' });
    expectABelievableCity(later, 1);
  });
});

describe.each(BACKENDS)('the city demo of partnerships on %s', (backend) => {
  const def = SUBGRAPHS.find((s) => s.name === 'partnerships')!;

  async function load(db: DataSource, libraryId: string): Promise<CityPartnershipRows> {
    const links = await db.getRepository(LibraryPartner).findBy({ libraryId });
    const partners = await db.getRepository(Partner).find();
    const programmes = (await db.getRepository(PartnershipProgramme).findBy({ libraryId })).map((p) => ({ ...p, startsOn: rawDate(p.startsOn), endsOn: rawDate(p.endsOn) }));
    const ids = new Set(programmes.map((p) => p.id));
    const internships = (await db.getRepository(Internship).findBy({ libraryId })).map((i) => ({ ...i, startsOn: rawDate(i.startsOn), endsOn: rawDate(i.endsOn) }));
    const internIds = new Set(internships.map((i) => i.id));
    return {
      libraryId,
      loadDay: LOAD_DAY,
      partners: partners.filter((p) => links.some((l) => l.partnerId === p.id)),
      sharedIds: SHARED_PARTNERS.map((p) => p.id),
      links: links.map((l) => ({ ...l, since: rawDate(l.since) })),
      agreements: (await db.getRepository(Agreement).findBy({ libraryId })).map((a) => ({ ...a, startsOn: rawDate(a.startsOn), endsOn: rawDate(a.endsOn) })),
      programmes,
      programmeLibrarians: (await db.getRepository(ProgrammeLibrarian).find()).filter((pl) => ids.has(pl.programmeId)),
      internships,
      logbook: (await db.getRepository(InternshipLogbookEntry).find()).filter((e) => internIds.has(e.internshipId)).map((e) => ({ ...e, weekStarting: rawDate(e.weekStarting) })),
      funding: (await db.getRepository(FundingContribution).findBy({ libraryId })).map((f) => ({ ...f, receivedOn: rawDate(f.receivedOn) })),
    };
  }

  async function count(db: DataSource): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const meta of db.entityMetadatas) counts[meta.tableName] = await db.getRepository(meta.target).count();
    return counts;
  }

  describe.each([0.25, 1])('at scale %s', (scale) => {
    const config = testConfig(backend);
    let db: DataSource;
    const demo = { dataset: 'city' as const, scale, today: LOAD_DAY };

    beforeAll(async () => {
      db = await openDatabase(config, def);
      await def.seed(db, demo);
    });
    afterAll(async () => {
      await db?.destroy();
      await dropDatabase(config, def);
    });

    it.each(DEMO_LIBRARIES.map((l) => l.id))('%s: stores what the generator makes, and it reads as a real library', async (libraryId) => {
      const rows = await load(db, libraryId);
      const generated = cityPartnershipRows(libraryId, demo);
      expect(rows.agreements.length).toBe(generated.agreements.length);
      expect(rows.programmes.length).toBe(generated.programmes.length);
      expect(rows.internships.length).toBe(generated.internships.length);
      expect(rows.logbook.length).toBe(generated.logbook.length);
      expect(rows.funding.map((f) => f.amount).sort()).toEqual(generated.funding.map((f) => f.amount).sort());
      expect(rows.internships.filter((i) => i.evaluationScores).length).toBe(generated.internships.filter((i) => i.evaluationScores).length);
      expectABelievableCity(rows, scale);
    });

    it('keeps the partners at a real library size when the scale shrinks, shares the national library, and registers no webhook', async () => {
      for (const l of DEMO_LIBRARIES) expect(cityPartners(l.id, scale).length).toBe(cityPartners(l.id, 1).length);
      expect(await db.getRepository(LibraryPartner).countBy({ partnerId: SHARED_PARTNERS[0].id })).toBe(4);
      expect(await db.getRepository(PartnerWebhook).count()).toBe(0);
    });

    it('varies the reach of programmes believably', async () => {
      expectReachToVary(await Promise.all(DEMO_LIBRARIES.map((l) => load(db, l.id))));
    });

    it('adds nothing on a second seed', async () => {
      const first = await count(db);
      expect(await def.seed(db, demo)).toEqual({});
      expect(await count(db)).toEqual(first);
      expect(first.partnership_programme).toBeGreaterThan(0);
    });

    it('leaves a database holding the fixture alone', async () => {
      if (scale !== 1) return;
      const other = testConfig(backend);
      const fixtureDb = await openDatabase(other, def);
      try {
        await def.seed(fixtureDb);
        const before = await count(fixtureDb);
        expect(await def.seed(fixtureDb, demo)).toEqual({});
        expect(await count(fixtureDb)).toEqual(before);
      } finally {
        await fixtureDb.destroy();
        await dropDatabase(other, def);
      }
    });
  });
});
