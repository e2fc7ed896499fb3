import type { EntityManager } from 'typeorm';
import { DEMO_COUNTS, DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import { CITY_ANNIVERSARIES, CLOSED_WEEKDAYS, NATIONAL_HOLIDAYS } from '../../../shared/domain/demo-calendar';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { CareerLevel, EmploymentStatus, Librarian } from '../librarians/librarian.entity';
import { Holiday } from '../libraries/holiday.entity';
import { OpeningHours } from '../libraries/opening-hours.entity';
import { openingHoursRows } from './city/calendar';
import { Library } from '../libraries/library.entity';
import { ProgrammeStatus, TrainingModule, TrainingProgramme } from '../training/training-programme.entity';

const PROGRAMMES: [string, TrainingModule, number][] = [
  ['Otomasi Perpustakaan dengan SLiMS', TrainingModule.IT_AND_LIBRARY_SOFTWARE, 32],
  ['Pengembangan dan Penyiangan Koleksi', TrainingModule.COLLECTION_MANAGEMENT, 24],
  ['Layanan Prima bagi Pemustaka', TrainingModule.CUSTOMER_SERVICE, 16],
  ['Promosi Layanan Perpustakaan di Media Sosial', TrainingModule.PROMOTION_OF_SERVICES, 20],
  ['Mengajar Literasi Informasi untuk Pelajar', TrainingModule.INFORMATION_LITERACY_TEACHING, 24],
  ['Literasi Digital bagi Pustakawan', TrainingModule.DIGITAL_LITERACY, 16],
  ['Layanan Perpustakaan Ramah Anak', TrainingModule.CHILDRENS_SERVICES, 12],
  ['Manajemen Perpustakaan Umum', TrainingModule.MANAGEMENT, 40],
];

const LEVELS = [
  CareerLevel.TERAMPIL,
  CareerLevel.MAHIR,
  CareerLevel.PENYELIA,
  CareerLevel.AHLI_PERTAMA,
  CareerLevel.AHLI_PERTAMA,
  CareerLevel.AHLI_MUDA,
  CareerLevel.AHLI_MUDA,
  CareerLevel.AHLI_MADYA,
];

/** Libraries, their librarians and programmes. Its marker: Kupang. */
export async function seedDirectory(tx: EntityManager): Promise<SeedSummary> {
  if (await tx.getRepository(Library).existsBy({ id: DEMO_LIBRARIES[0].id })) return {};
  const libraries = DEMO_LIBRARIES.map((l) => tx.getRepository(Library).create({ ...l, closedWeekdays: CLOSED_WEEKDAYS[l.id] }));
  await tx.getRepository(Library).insert(libraries);

  const librarians: Librarian[] = [];
  const programmes: TrainingProgramme[] = [];
  for (const [li, library] of DEMO_LIBRARIES.entries()) {
    const faker = demoFaker(`staff-development:${library.id}`);
    for (let i = 0; i < DEMO_COUNTS.librariansPerLibrary; i++) {
      const sex = faker.helpers.arrayElement(['female', 'male'] as const);
      const name = `${faker.person.firstName(sex)} ${faker.person.lastName(sex)}`;
      const born = faker.date.between({ from: '1970-01-01', to: '1998-12-31' }).toISOString().slice(0, 10).replace(/-/g, '');
      const appointed = `${2000 + ((li * 7 + i * 3) % 24)}${String(1 + (i % 12)).padStart(2, '0')}`;
      const nip = `${born}${appointed}${sex === 'female' ? 2 : 1}${String(li * 100 + i + 1).padStart(3, '0')}`;
      librarians.push(
        tx.getRepository(Librarian).create({
          id: demoId('librarian', library.id, i),
          libraryId: library.id,
          name,
          nip,
          email: `${faker.internet.username({ firstName: name.split(' ')[0] }).toLowerCase()}.${i}@perpustakaan-${library.id}.go.id`,
          careerLevel: LEVELS[i % LEVELS.length],
          employmentStatus: i < 5 ? EmploymentStatus.PNS : i < 7 ? EmploymentStatus.PPPK : EmploymentStatus.HONORER,
        }),
      );
    }
    for (let p = 0; p < 4; p++) {
      const [title, module, lessonHours] = PROGRAMMES[(li * 2 + p) % PROGRAMMES.length];
      const startsOn = addDays(DEMO_TODAY, -120 + p * 45 + li * 5);
      const endsOn = addDays(startsOn, Math.ceil(lessonHours / 8));
      programmes.push(
        tx.getRepository(TrainingProgramme).create({
          id: demoId('programme', library.id, p),
          libraryId: library.id,
          title,
          module,
          lessonHours,
          capacity: 20 + p * 5,
          startsOn,
          endsOn,
          status: endsOn < DEMO_TODAY ? ProgrammeStatus.COMPLETED : startsOn <= DEMO_TODAY ? ProgrammeStatus.IN_PROGRESS : ProgrammeStatus.OPEN,
        }),
      );
    }
  }
  await tx.getRepository(Librarian).insert(librarians);
  await tx.getRepository(TrainingProgramme).insert(programmes);
  const holidays = [
    ...NATIONAL_HOLIDAYS.map(([date, name]) => ({ id: demoId('holiday', 'national', date), libraryId: null, date, name })),
    ...DEMO_LIBRARIES.flatMap((l) =>
      ['2026', '2027'].map((year) => {
        const [monthDay, name] = CITY_ANNIVERSARIES[l.id];
        return { id: demoId('holiday', l.id, year), libraryId: l.id, date: `${year}-${monthDay}`, name };
      }),
    ),
  ];
  await tx.getRepository(Holiday).insert(holidays);
  const hours = DEMO_LIBRARIES.flatMap((l) => openingHoursRows(l.id));
  await tx.getRepository(OpeningHours).insert(hours);
  return {
    libraries: libraries.length,
    openingHours: hours.length,
    librarians: librarians.length,
    trainingProgrammes: programmes.length,
    holidays: holidays.length,
  };
}
