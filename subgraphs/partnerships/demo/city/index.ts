import { In, type DataSource } from 'typeorm';
import { DEMO_LIBRARIES, demoId } from '../../../../shared/domain/demo';
import { cityPartners, cityProfile, demoLoadDay, demoWindow } from '../../../../shared/domain/demo-city';
import type { DemoSettings } from '../../../../shared/platform/config';
import { insertMany, transaction } from '../../../../shared/platform/database';
import type { SeedSummary } from '../../../../shared/platform/subgraph';
import { Agreement } from '../../agreements/agreement.entity';
import { FundingContribution } from '../../funding/funding-contribution.entity';
import { InternshipLogbookEntry } from '../../internships/internship-logbook-entry.entity';
import { Internship } from '../../internships/internship.entity';
import { LibraryPartner } from '../../partners/library-partner.entity';
import { Partner } from '../../partners/partner.entity';
import { PartnershipProgramme } from '../../programmes/partnership-programme.entity';
import { ProgrammeLibrarian } from '../../programmes/programme-librarian.entity';
import { cityOperationRows, type CityOperationRows } from './operations';
import { cityPartnerRows, type CityPartnerRows } from './partners';

/** One library's partnership rows for the city demo: pure, so that tests can look at full scale without a database. */
export interface CityPartnershipRows extends CityPartnerRows, CityOperationRows {
  libraryId: string;
  loadDay: string;
}

export function cityPartnershipRows(libraryId: string, demo: Pick<DemoSettings, 'scale' | 'today'>): CityPartnershipRows {
  const library = DEMO_LIBRARIES.find((l) => l.id === libraryId);
  if (!library) throw new Error(`No demo library ${libraryId}`);
  const loadDay = demoLoadDay(demo, library.timezone);
  const profile = cityProfile(libraryId, demo.scale);
  const partners = cityPartnerRows(libraryId, loadDay, demo.scale);
  const operations = cityOperationRows({
    library,
    profile,
    loadDay,
    window: demoWindow(loadDay),
    cityPartnerCount: cityPartners(libraryId, 1).length,
    partners: partners.partners,
    agreements: partners.agreements,
  });
  return { libraryId, loadDay, ...partners, ...operations };
}

/**
 * The city demo of partnerships, one transaction per library. A library is seeded only when its
 * database holds none of its partnership rows (no link to any partner, no first demo partner):
 * the fixture and real data are left alone, and a second call adds nothing. Partners several
 * libraries share are inserted by the first library that works with them. No webhooks: no demo
 * partner has registered one.
 */
export async function seedCity(db: DataSource, demo: DemoSettings): Promise<SeedSummary> {
  const summary: Record<string, number> = {};
  const add = (key: string, n: number) => (summary[key] = (summary[key] ?? 0) + n);
  for (const library of DEMO_LIBRARIES) {
    await transaction(db, async (tx) => {
      if (await tx.getRepository(Partner).existsBy({ id: demoId('partner', library.id, 0) })) return;
      if (await tx.getRepository(LibraryPartner).existsBy({ libraryId: library.id })) return;
      const rows = cityPartnershipRows(library.id, demo);
      const present = new Set((await tx.getRepository(Partner).find({ select: { id: true }, where: { id: In(rows.sharedIds) } })).map((p) => p.id));
      const partners = rows.partners.filter((p) => !present.has(p.id));
      await insertMany(tx, Partner, partners);
      await insertMany(tx, LibraryPartner, rows.links);
      await insertMany(tx, Agreement, rows.agreements);
      await insertMany(tx, PartnershipProgramme, rows.programmes);
      await insertMany(tx, ProgrammeLibrarian, rows.programmeLibrarians);
      await insertMany(tx, Internship, rows.internships);
      await insertMany(tx, InternshipLogbookEntry, rows.logbook);
      await insertMany(tx, FundingContribution, rows.funding);
      add('partners', partners.length);
      add('libraryPartners', rows.links.length);
      add('agreements', rows.agreements.length);
      add('programmes', rows.programmes.length);
      add('programmeLibrarians', rows.programmeLibrarians.length);
      add('internships', rows.internships.length);
      add('logbookEntries', rows.logbook.length);
      add('fundingContributions', rows.funding.length);
    });
  }
  return summary;
}
