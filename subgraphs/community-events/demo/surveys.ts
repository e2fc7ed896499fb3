import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DEMO_LIBRARIES, DEMO_TODAY, addDays, demoFaker, demoId } from '../../../shared/domain/demo';
import type { SeedSummary } from '../../../shared/platform/subgraph';
import { wholeSeconds } from '../../../shared/platform/time';
import { HOUR, atLocalTime, insertInChunks, personMembers } from './helpers';
import { SatisfactionSurvey, SurveyAnswer, SurveyQuestion, SurveyQuestionKind, SurveyResponse } from '../surveys/satisfaction-survey.entity';

/** Questions of the demo surveys: the elements of Indonesia's IKM (PermenPAN-RB 14/2017), and a free answer. */
const SURVEY_QUESTIONS: { text: string; kind: SurveyQuestionKind }[] = [
  { text: 'Persyaratan layanan (keanggotaan, peminjaman) mudah dipenuhi', kind: SurveyQuestionKind.RATING },
  { text: 'Prosedur layanan mudah dan jelas', kind: SurveyQuestionKind.RATING },
  { text: 'Waktu pelayanan cepat', kind: SurveyQuestionKind.RATING },
  { text: 'Petugas perpustakaan kompeten', kind: SurveyQuestionKind.RATING },
  { text: 'Petugas perpustakaan sopan dan ramah', kind: SurveyQuestionKind.RATING },
  { text: 'Sarana dan prasarana (ruang baca, komputer, toilet) nyaman', kind: SurveyQuestionKind.RATING },
  { text: 'Koleksi buku sesuai kebutuhan Anda', kind: SurveyQuestionKind.RATING },
  { text: 'Saran untuk perpustakaan', kind: SurveyQuestionKind.TEXT },
];

const SUGGESTIONS = [
  'Tambah koleksi buku anak dan komik edukasi.',
  'Jam buka diperpanjang sampai malam.',
  'Wifi sering putus, mohon diperbaiki.',
  'Perbanyak kegiatan untuk remaja.',
  'Tempat parkir motor kurang.',
  'Sudah sangat baik, pertahankan.',
];

/** The demo surveys: [first semester of 2026, closed] and [July 2026 - June 2027, open]. */
export const DEMO_SURVEYS = [
  { title: 'Survei Kepuasan Pemustaka Semester I 2026', opensOn: '2026-01-01', closesOn: '2026-06-30', responses: 36 },
  { title: 'Survei Kepuasan Pemustaka 2026/2027', opensOn: '2026-07-01', closesOn: '2027-06-30', responses: 42 },
];

/** Step 5: two satisfaction surveys per library, answered by members and guests. */
export async function seedSurveys(tx: EntityManager): Promise<SeedSummary> {
  const surveys: SatisfactionSurvey[] = [];
  const questions: SurveyQuestion[] = [];
  const responses: SurveyResponse[] = [];
  const answers: SurveyAnswer[] = [];
  for (const library of DEMO_LIBRARIES) {
    const faker = demoFaker(`community-events:surveys:${library.id}`);
    const now = atLocalTime(DEMO_TODAY, '00:00', library.timezone);
    // A library's mood: its answers lean around this.
    const lean = faker.number.float({ min: 3.4, max: 4.4 });
    for (const [s, spec] of DEMO_SURVEYS.entries()) {
      const id = demoId('survey', library.id, s);
      surveys.push(
        tx.getRepository(SatisfactionSurvey).create({
          id,
          libraryId: library.id,
          title: spec.title,
          description: `Bantu ${library.name} meningkatkan layanan: isi survei singkat ini (sekitar 3 menit). Jawaban Anda dirahasiakan.`,
          opensOn: spec.opensOn,
          closesOn: spec.closesOn,
          createdAt: atLocalTime(addDays(spec.opensOn, -7), '08:00', library.timezone),
        }),
      );
      const qs = SURVEY_QUESTIONS.map((q, i) => tx.getRepository(SurveyQuestion).create({ id: demoId('survey-question', id, i), surveyId: id, position: i + 1, ...q }));
      questions.push(...qs);
      const from = atLocalTime(spec.opensOn, '08:00', library.timezone);
      const to = new Date(Math.min(atLocalTime(spec.closesOn, '20:00', library.timezone).getTime(), now.getTime() - HOUR));
      const times = faker.date.betweens({ from, to, count: spec.responses }).map(wholeSeconds);
      const members = faker.helpers.shuffle(personMembers());
      for (const [j, submittedAt] of times.entries()) {
        const member = j % 3 !== 2; // two in three are members, the rest guests
        const responseId = demoId('survey-response', id, j);
        const email = `${faker.internet.username().toLowerCase()}.${j}@example.id`;
        responses.push(
          tx.getRepository(SurveyResponse).create({
            id: responseId,
            surveyId: id,
            respondentKey: member ? `member:${demoId('member', library.id, members[j])}` : `guest:${createHash('sha256').update(email).digest('hex')}`,
            memberId: member ? demoId('member', library.id, members[j]) : null,
            submittedAt,
          }),
        );
        for (const q of qs) {
          if (q.kind === SurveyQuestionKind.RATING) {
            const rating = Math.max(1, Math.min(5, Math.round(faker.number.float({ min: lean - 1.6, max: lean + 1.4 }))));
            answers.push(tx.getRepository(SurveyAnswer).create({ id: demoId('survey-answer', responseId, q.position), responseId, questionId: q.id, rating, text: null }));
          } else if (faker.datatype.boolean(0.4)) {
            answers.push(
              tx
                .getRepository(SurveyAnswer)
                .create({ id: demoId('survey-answer', responseId, q.position), responseId, questionId: q.id, rating: null, text: faker.helpers.arrayElement(SUGGESTIONS) }),
            );
          }
        }
      }
    }
  }
  await insertInChunks(tx.getRepository(SatisfactionSurvey), surveys);
  await insertInChunks(tx.getRepository(SurveyQuestion), questions);
  await insertInChunks(tx.getRepository(SurveyResponse), responses);
  await insertInChunks(tx.getRepository(SurveyAnswer), answers);
  return { satisfactionSurveys: surveys.length, satisfactionQuestions: questions.length, satisfactionResponses: responses.length, satisfactionAnswers: answers.length };
}
