import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Identity } from '../platform/auth';
import type { LiteracyStandards } from '../platform/config';
import { BadUserInputError } from '../platform/errors';
import { requireRegionalReader, requireRegionalRowAccess } from './regional-policy';

/**
 * The literacy index (IPLM, Indeks Pembangunan Literasi Masyarakat) of a city library and a year.
 * A federated entity `LiteracyIndexRow @key(fields: "libraryId year")`:
 * staff-development lists the rows and holds population, librarians and accreditation;
 * collections adds `collectionLiteracy`, community-events `eventLiteracy` (the raw figures, every
 * row of a request in one `_entities` call each); staff-development computes the seven elements,
 * the index and its band from them with `@requires`.
 *
 * Each element is its ratio (UPLMᵢ per the population) against its standard (configuration,
 * `Config.literacy`), capped at 1; index = Σ / 7 × 100. Where an element's data is missing the
 * element says so and the index is null: nothing is invented.
 */

/** The seven elements, in order (Perpusnas, Pedoman Pengukuran IPLM). */
export const LITERACY_ELEMENTS = [
  { code: 'UPLM1', name: 'Pemerataan layanan perpustakaan (service coverage)' },
  { code: 'UPLM2', name: 'Ketercukupan koleksi (collection adequacy)' },
  { code: 'UPLM3', name: 'Ketercukupan tenaga perpustakaan (staff adequacy)' },
  { code: 'UPLM4', name: 'Tingkat kunjungan harian (daily visits)' },
  { code: 'UPLM5', name: 'Perpustakaan ber-SNP (libraries meeting the national standard)' },
  { code: 'UPLM6', name: 'Keterlibatan masyarakat dalam kegiatan promosi (community participation)' },
  { code: 'UPLM7', name: 'Anggota perpustakaan (members)' },
] as const;

export type LiteracyElementCode = (typeof LITERACY_ELEMENTS)[number]['code'];

export enum LiteracyBand {
  SANGAT_RENDAH = 'SANGAT_RENDAH',
  RENDAH = 'RENDAH',
  SEDANG = 'SEDANG',
  TINGGI = 'TINGGI',
  SANGAT_TINGGI = 'SANGAT_TINGGI',
}
registerEnumType(LiteracyBand, {
  name: 'LiteracyBand',
  description: 'The IPLM band: SANGAT_RENDAH < 30 ≤ RENDAH < 50 ≤ SEDANG < 80 ≤ TINGGI < 90 ≤ SANGAT_TINGGI',
  valuesConfig: {
    SANGAT_RENDAH: { description: 'Very low: an index below 30' },
    RENDAH: { description: 'Low: an index from 30 to below 50' },
    SEDANG: { description: 'Medium: an index from 50 to below 80' },
    TINGGI: { description: 'High: an index from 80 to below 90' },
    SANGAT_TINGGI: { description: 'Very high: an index of 90 or more' },
  },
});

export const LITERACY_BAND_LABELS: Record<LiteracyBand, string> = {
  [LiteracyBand.SANGAT_RENDAH]: 'Sangat Rendah',
  [LiteracyBand.RENDAH]: 'Rendah',
  [LiteracyBand.SEDANG]: 'Sedang',
  [LiteracyBand.TINGGI]: 'Tinggi',
  [LiteracyBand.SANGAT_TINGGI]: 'Sangat Tinggi',
};

/** The band of an index 0–100: the lower bound belongs to the band (30 is Rendah, 29.99 Sangat Rendah). */
export function literacyBand(index: number): LiteracyBand {
  if (index >= 90) return LiteracyBand.SANGAT_TINGGI;
  if (index >= 80) return LiteracyBand.TINGGI;
  if (index >= 50) return LiteracyBand.SEDANG;
  if (index >= 30) return LiteracyBand.RENDAH;
  return LiteracyBand.SANGAT_RENDAH;
}

/** Years a literacy index can be asked for. */
export function validateLiteracyYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadUserInputError('year', 'year is between 2000 and 2100');
}

/** A year as the period its figures cover: 1 January to 31 December, in the library's zone. */
export const yearPeriod = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

// ---- the raw figures other subgraphs contribute (one definition, @shareable: they are also the
// ---- type of staff-development's @external fields) ----------------------------------------------

@ObjectType({ description: "Collections' raw figures behind the literacy index of a library and year (aggregates only)" })
@Directive('@shareable')
export class CollectionLiteracy {
  @Field(() => Int, { description: 'Titles held at the end of the year (records with a copy that is not withdrawn)' })
  titles: number;

  @Field(() => Int, { description: 'Copies held at the end of the year (withdrawn copies left out)' })
  copies: number;

  @Field(() => Int, { description: 'Members whose card was valid during the year' })
  members: number;

  @Field(() => Int, { nullable: true, description: 'Visitors counted during the year; null when no day of the year has a visitor count (not 0: the library did not count)' })
  visits: number | null;

  @Field(() => Int, { description: 'Days of the year with a visitor count (the days the library recorded as open): daily visits = visits / daysCounted' })
  daysCounted: number;
}

@ObjectType({ description: "Community events' raw figures behind the literacy index of a library and year (aggregates only)" })
@Directive('@shareable')
export class EventLiteracy {
  @Field(() => Int, { description: 'Events of the library (published or completed) starting in the year' })
  events: number;

  @Field(() => Int, { description: 'People who took part: checked-in registrants plus walk-ins' })
  participants: number;
}

// ---- the computation ----------------------------------------------------------------------------

/** What the seven elements are computed from. */
export interface LiteracyInputs {
  population: number;
  /** Library service points of the city counted here: the city library itself. */
  libraries: number;
  librarians: number;
  /** The accreditation in force in the year, if any. */
  accreditation: { year: number; grade: string; meetsStandard: boolean } | null;
  collections: CollectionLiteracy | null | undefined;
  events: EventLiteracy | null | undefined;
}

export interface ComputedFigure {
  name: string;
  value: number | null;
}

export interface ComputedElement {
  code: LiteracyElementCode;
  name: string;
  /** The element's score 0–100: its ratio against its standard, capped at 100. */
  value: number | null;
  missing: boolean;
  reason: string | null;
  figures: ComputedFigure[];
}

export interface ComputedLiteracy {
  index: number | null;
  band: LiteracyBand | null;
  bandLabel: string | null;
  missingElements: string[];
  elements: ComputedElement[];
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/**
 * The seven elements, the index and its band. Each element: its ratio (per inhabitant, or per
 * 1,000), the standard it is held against, and its score min(1, ratio / standard) × 100 — or
 * missing, with the reason, when a figure behind it is missing (a count of zero records is
 * missing: the system cannot tell "none" from "not entered").
 */
export function computeLiteracy(input: LiteracyInputs, standards: LiteracyStandards): ComputedLiteracy {
  const pop = input.population > 0 ? input.population : null;
  const c = input.collections ?? null;
  const e = input.events ?? null;

  const element = (i: number, figures: [string, number | null][], ratio: number | null, standard: number, reason: string | null): ComputedElement => {
    const { code, name } = LITERACY_ELEMENTS[i];
    const missing = reason != null || ratio == null;
    return {
      code,
      name,
      value: missing ? null : round(Math.min(1, ratio / standard) * 100, 2),
      missing,
      reason: missing ? (reason ?? 'missing data') : null,
      figures: [...figures, ['ratio', missing ? null : round(ratio, 8)], ['standard', standard]].map(([n, v]) => ({ name: n as string, value: v as number | null })),
    };
  };
  const noPopulation = pop == null ? 'no population recorded for the library' : null;
  const perCapita = (count: number | null) => (pop != null && count != null ? count / pop : null);
  const per1000 = (count: number | null) => (pop != null && count != null ? (count / pop) * 1000 : null);

  const copies = c && c.copies > 0 ? c.copies : null;
  const dailyVisits = c && c.daysCounted > 0 && c.visits != null ? c.visits / c.daysCounted : null;
  const participants = e && e.events > 0 ? e.participants : null;
  const members = c && c.members > 0 ? c.members : null;

  const elements = [
    element(
      0,
      [
        ['libraries', input.libraries],
        ['population', pop],
      ],
      perCapita(input.libraries),
      1 / standards.inhabitantsPerLibrary,
      noPopulation,
    ),
    element(
      1,
      [
        ['copies', c ? c.copies : null],
        ['titles', c ? c.titles : null],
        ['population', pop],
      ],
      perCapita(copies),
      standards.copiesPerCapita,
      noPopulation ?? (!c ? 'collection figures unavailable' : copies == null ? 'no copies recorded' : null),
    ),
    element(
      2,
      [
        ['librarians', input.librarians],
        ['population', pop],
      ],
      input.librarians > 0 ? perCapita(input.librarians) : null,
      1 / standards.inhabitantsPerLibrarian,
      noPopulation ?? (input.librarians > 0 ? null : 'no librarians recorded'),
    ),
    element(
      3,
      [
        ['visits', c ? c.visits : null],
        ['daysCounted', c ? c.daysCounted : null],
        ['visitsPerDay', dailyVisits == null ? null : round(dailyVisits, 2)],
        ['population', pop],
      ],
      per1000(dailyVisits),
      standards.dailyVisitsPer1000,
      noPopulation ?? (!c ? 'collection figures unavailable' : dailyVisits == null ? 'no visitor counts in the year' : null),
    ),
    element(
      4,
      [
        ['accreditationYear', input.accreditation?.year ?? null],
        ['meetsStandard', input.accreditation ? (input.accreditation.meetsStandard ? 1 : 0) : null],
        ['libraries', input.libraries],
      ],
      input.accreditation ? (input.accreditation.meetsStandard ? 1 : 0) / Math.max(1, input.libraries) : null,
      1,
      input.accreditation ? null : 'no accreditation in force in the year',
    ),
    element(
      5,
      [
        ['events', e ? e.events : null],
        ['participants', e ? e.participants : null],
        ['population', pop],
      ],
      per1000(participants),
      standards.participantsPer1000,
      noPopulation ?? (!e ? 'event figures unavailable' : participants == null ? 'no events in the year' : null),
    ),
    element(
      6,
      [
        ['members', c ? c.members : null],
        ['population', pop],
      ],
      perCapita(members),
      standards.membersPerCapita,
      noPopulation ?? (!c ? 'collection figures unavailable' : members == null ? 'no members in the year' : null),
    ),
  ];

  const missingElements = elements.filter((el) => el.missing).map((el) => el.code);
  const index = missingElements.length ? null : round(elements.reduce((sum, el) => sum + el.value!, 0) / elements.length, 2);
  const band = index == null ? null : literacyBand(index);
  return { index, band, bandLabel: band ? LITERACY_BAND_LABELS[band] : null, missingElements, elements };
}

// ---- who may ------------------------------------------------------------------------------------

/**
 * The checks a LiteracyIndexRow representation goes through in every subgraph (reference
 * resolvers bypass @Authorized): who may is as for the regional report, the key is a library
 * and a year.
 */
export async function checkLiteracyRepresentation(
  ref: { libraryId?: unknown; year?: unknown },
  identity: Identity,
  provinceOf: (libraryId: string) => Promise<string | undefined>,
): Promise<{ libraryId: string; year: number }> {
  requireRegionalReader(identity);
  const { libraryId, year } = ref;
  if (typeof libraryId !== 'string' || typeof year !== 'number') {
    throw new BadUserInputError('representation', 'A LiteracyIndexRow is keyed by libraryId and year');
  }
  validateLiteracyYear(year);
  await requireRegionalRowAccess(identity, libraryId, provinceOf);
  return { libraryId, year };
}
