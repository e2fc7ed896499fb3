import type { EntityManager } from 'typeorm';
import { demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { AccreditationGrade, LibraryAccreditation } from '../libraries/library-accreditation.entity';

/**
 * Demo accreditations (seed step; its marker is Kupang's): Kupang B and Pasuruan A meet the
 * national standard, Baubau's C does not; Pematang Siantar has none, so its literacy index shows
 * UPLM5 missing and no index.
 */
export const DEMO_ACCREDITATIONS: { libraryId: string; year: number; grade: AccreditationGrade; meetsStandard: boolean }[] = [
  { libraryId: 'kupang', year: 2024, grade: AccreditationGrade.B, meetsStandard: true },
  { libraryId: 'baubau', year: 2023, grade: AccreditationGrade.C, meetsStandard: false },
  { libraryId: 'pasuruan', year: 2025, grade: AccreditationGrade.A, meetsStandard: true },
];

export async function seedAccreditations(tx: EntityManager): Promise<SeedSummary> {
  const repo = tx.getRepository(LibraryAccreditation);
  if (await repo.existsBy({ libraryId: DEMO_ACCREDITATIONS[0].libraryId })) return {};
  await repo.insert(
    DEMO_ACCREDITATIONS.map((a) =>
      repo.create({ ...a, id: demoId('accreditation', a.libraryId, a.year), recordedAt: new Date(`${a.year}-12-15T02:00:00Z`), recordedBy: 'demo:admin' }),
    ),
  );
  return { library_accreditation: DEMO_ACCREDITATIONS.length };
}
