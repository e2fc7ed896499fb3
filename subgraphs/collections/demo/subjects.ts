import { MaterialType } from '../catalogue/bibliographic-record.entity';

/**
 * Subject headings for the demo catalogue, in the style of the Indonesian national library's
 * subject headings (Tajuk Subjek Perpusnas): broad headings from the Dewey class (most specific
 * class first), a form heading for children's books, fiction and reference works, and the
 * province of a local title as a geographic heading. Deterministic, no faker.
 */
const BY_CLASS: [string, string[]][] = [
  ['004.678', ['Internet', 'Literasi digital']],
  ['005.13', ['Pemrograman komputer']],
  ['005.5', ['Perangkat lunak aplikasi']],
  ['005.8', ['Keamanan komputer']],
  ['020.5', ['Ilmu perpustakaan', 'Terbitan berkala']],
  ['025.04', ['Otomasi perpustakaan']],
  ['025.042', ['Perpustakaan digital']],
  ['025.2', ['Pengembangan koleksi']],
  ['025.3', ['Katalogisasi']],
  ['025.4', ['Klasifikasi']],
  ['025.5', ['Layanan referensi']],
  ['025.8', ['Preservasi bahan pustaka']],
  ['027.4', ['Perpustakaan umum']],
  ['027.8', ['Perpustakaan sekolah']],
  ['028', ['Literasi', 'Minat baca']],
  ['021', ['Promosi perpustakaan']],
  ['02', ['Ilmu perpustakaan']],
  ['059', ['Majalah anak']],
  ['2X', ['Islam']],
  ['22', ['Alkitab', 'Kristen']],
  ['23', ['Teologi Kristen']],
  ['24', ['Kehidupan Kristen', 'Doa']],
  ['26', ['Pendidikan agama Kristen']],
  ['27', ['Sejarah gereja']],
  ['28', ['Gereja Protestan']],
  ['294.3', ['Agama Buddha']],
  ['294.5', ['Agama Hindu']],
  ['320', ['Politik', 'Pancasila']],
  ['332', ['Keuangan keluarga']],
  ['333.7', ['Energi terbarukan', 'Lingkungan hidup']],
  ['334', ['Koperasi']],
  ['338.4', ['Pariwisata']],
  ['342', ['Hukum tata negara']],
  ['352', ['Pemerintahan desa']],
  ['372.2', ['Pendidikan anak usia dini']],
  ['37', ['Pendidikan']],
  ['398.2', ['Cerita rakyat', 'Legenda']],
  ['42', ['Bahasa Inggris']],
  ['499.2', ['Bahasa daerah', 'Kamus']],
  ['499.21', ['Bahasa Indonesia']],
  ['51', ['Matematika']],
  ['551.2', ['Gempa bumi', 'Mitigasi bencana']],
  ['551.6', ['Perubahan iklim']],
  ['613.2', ['Gizi']],
  ['613', ['Kesehatan']],
  ['614', ['Penyakit menular', 'Kesehatan masyarakat']],
  ['615.3', ['Tanaman obat']],
  ['616', ['Pertolongan pertama']],
  ['618', ['Kesehatan ibu dan anak']],
  ['630', ['Pertanian', 'Terbitan berkala']],
  ['631', ['Pertanian']],
  ['633', ['Pertanian', 'Tanaman pangan dan perkebunan']],
  ['634', ['Pertanian', 'Buah-buahan']],
  ['635', ['Pertanian', 'Hortikultura']],
  ['636', ['Peternakan']],
  ['638', ['Perlebahan']],
  ['639', ['Perikanan']],
  ['641.5', ['Masakan Indonesia']],
  ['658', ['Usaha kecil dan menengah']],
  ['746.1', ['Tenun', 'Kain tradisional']],
  ['78', ['Musik tradisional']],
  ['782.4', ['Lagu daerah']],
  ['899.2', ['Kesusastraan Indonesia']],
  ['912', ['Atlas', 'Peta']],
  ['915.98', ['Pariwisata', 'Geografi Indonesia']],
  ['920', ['Biografi', 'Pahlawan nasional']],
  ['959.8', ['Sejarah Indonesia']],
];

const PROVINCE_OF: Record<string, string> = {
  kupang: 'Nusa Tenggara Timur',
  baubau: 'Sulawesi Tenggara',
  pasuruan: 'Jawa Timur',
  'pematang-siantar': 'Sumatera Utara',
};

export function demoSubjects(spec: { ddc: string; shelf: string; localTo?: string; materialType: MaterialType }): string[] {
  const cls = spec.ddc.replace(/\s/g, '');
  const match = BY_CLASS.filter(([prefix]) => cls.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  const subjects = [...(match?.[1] ?? [])];
  if (cls.startsWith('899.2213')) subjects.push(spec.shelf === 'children' ? 'Cerita anak' : 'Novel');
  else if (spec.shelf === 'children') subjects.push('Bacaan anak');
  if (spec.shelf === 'reference' && !subjects.includes('Kamus')) subjects.push('Karya referensi');
  if (spec.materialType === MaterialType.THESIS) subjects.push('Skripsi');
  if (spec.materialType === MaterialType.MANUSCRIPT) subjects.push('Naskah kuno');
  if (spec.localTo) subjects.push(PROVINCE_OF[spec.localTo]);
  return [...new Set(subjects)];
}
