/**
 * Competency units (unit kompetensi) librarians are trained and assessed in, grouped into the areas
 * of the national standard for libraries (SKKNI, Kepmenaker 236/2019). The codes follow the SKKNI
 * layout (`R.91PRP02.021.1`). The reference the subgraph validates codes against is the
 * `competency_unit` table (competency-unit.entity.ts): the StaffRecords migration seeds it with
 * the list below, and ADMIN extends it (addCompetencyUnit). The list is illustrative: check it
 * against the published standard before certifying anyone.
 */

export enum CompetencyArea {
  COLLECTION_DEVELOPMENT = 'COLLECTION_DEVELOPMENT',
  ORGANISATION_OF_MATERIALS = 'ORGANISATION_OF_MATERIALS',
  SERVICES = 'SERVICES',
  PRESERVATION = 'PRESERVATION',
  PROFESSIONAL_DEVELOPMENT = 'PROFESSIONAL_DEVELOPMENT',
  MANAGEMENT = 'MANAGEMENT',
  LIBRARY_ICT = 'LIBRARY_ICT',
}

export interface CompetencyUnitDefinition {
  code: string;
  title: string;
  area: CompetencyArea;
}

export const COMPETENCY_UNITS: CompetencyUnitDefinition[] = [
  { code: 'R.91PRP02.001.1', title: 'Menyusun Kebijakan Pengembangan Koleksi', area: CompetencyArea.COLLECTION_DEVELOPMENT },
  { code: 'R.91PRP02.002.1', title: 'Melakukan Seleksi Bahan Perpustakaan', area: CompetencyArea.COLLECTION_DEVELOPMENT },
  { code: 'R.91PRP02.004.1', title: 'Melakukan Penyiangan Koleksi', area: CompetencyArea.COLLECTION_DEVELOPMENT },
  { code: 'R.91PRP02.010.1', title: 'Melakukan Katalogisasi Deskriptif', area: CompetencyArea.ORGANISATION_OF_MATERIALS },
  { code: 'R.91PRP02.011.1', title: 'Melakukan Klasifikasi Bahan Perpustakaan', area: CompetencyArea.ORGANISATION_OF_MATERIALS },
  { code: 'R.91PRP02.012.1', title: 'Menentukan Tajuk Subjek', area: CompetencyArea.ORGANISATION_OF_MATERIALS },
  { code: 'R.91PRP02.020.1', title: 'Melakukan Layanan Sirkulasi', area: CompetencyArea.SERVICES },
  { code: 'R.91PRP02.021.1', title: 'Melakukan Layanan Referensi', area: CompetencyArea.SERVICES },
  { code: 'R.91PRP02.022.1', title: 'Melakukan Literasi Informasi', area: CompetencyArea.SERVICES },
  { code: 'R.91PRP02.023.1', title: 'Melakukan Promosi Perpustakaan', area: CompetencyArea.SERVICES },
  { code: 'R.91PRP02.024.1', title: 'Melakukan Layanan Anak dan Remaja', area: CompetencyArea.SERVICES },
  { code: 'R.91PRP02.030.1', title: 'Melakukan Pelestarian Preventif Bahan Perpustakaan', area: CompetencyArea.PRESERVATION },
  { code: 'R.91PRP02.031.1', title: 'Melakukan Alih Media Bahan Perpustakaan', area: CompetencyArea.PRESERVATION },
  { code: 'R.91PRP02.040.1', title: 'Menyusun Karya Tulis Ilmiah Kepustakawanan', area: CompetencyArea.PROFESSIONAL_DEVELOPMENT },
  { code: 'R.91PRP02.041.1', title: 'Menjadi Narasumber Kegiatan Kepustakawanan', area: CompetencyArea.PROFESSIONAL_DEVELOPMENT },
  { code: 'R.91PRP02.050.1', title: 'Menyusun Rencana Strategis Perpustakaan', area: CompetencyArea.MANAGEMENT },
  { code: 'R.91PRP02.051.1', title: 'Melakukan Evaluasi Kinerja Layanan Perpustakaan', area: CompetencyArea.MANAGEMENT },
  { code: 'R.91PRP02.060.1', title: 'Mengoperasikan Sistem Otomasi Perpustakaan', area: CompetencyArea.LIBRARY_ICT },
  { code: 'R.91PRP02.061.1', title: 'Mengelola Perpustakaan Digital', area: CompetencyArea.LIBRARY_ICT },
];

/** Units every librarian is expected to hold; training needs name the ones still missing. */
export const CORE_COMPETENCY_UNITS = ['R.91PRP02.010.1', 'R.91PRP02.020.1', 'R.91PRP02.021.1', 'R.91PRP02.060.1'];
