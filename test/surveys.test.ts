import 'reflect-metadata';
import { demoId } from '../shared/domain/demo';
import { BACKENDS, codes, type Federation, startFederation } from './helpers/federation';
import { librarianToken, memberToken } from './community-events.fixtures';

const OPEN_SURVEY = demoId('survey', 'kupang', 1);
const ANSWER = `mutation($input: AnswerSatisfactionSurveyInput!) { answerSatisfactionSurvey(input: $input) { id } }`;
const TEXT_ANSWERS = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    satisfactionSurvey(id: $id) {
      textAnswers(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            submittedAt
            answers {
              question {
                position
                kind
              }
              text
            }
          }
        }
      }
    }
  }
`;
const RESULTS = `query($id: ID!) { satisfactionSurvey(id: $id) { results { responses satisfactionScore } } }`;

describe.each(BACKENDS)('SatisfactionSurvey.textAnswers on %s', (backend) => {
  let fed: Federation;
  const t: Record<string, string> = {};
  let questions: { id: string; kind: string; position: number }[];
  /** Words only this test wrote, so that finding them proves they came back. */
  const memberWords = `Tolong tambah buku cerita anak (${backend})`;
  const guestWords = `Wi-Fi di ruang baca sering putus (${backend})`;

  beforeAll(async () => {
    fed = await startFederation(backend);
    t.kupangLibrarian = await librarianToken(fed, 'kupang');
    t.kupangAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' });
    t.baubauLibrarian = await librarianToken(fed, 'baubau');
    t.baubauAdmin = await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'baubau' });
    t.admin = await fed.token({ role: 'ADMIN' });
    t.government = await fed.token({ role: 'GOVERNMENT' });
    t.partner = await fed.token({ role: 'PARTNER', partnerId: demoId('partner', 'kupang', 0) });
    t.member = await memberToken(fed, 71);

    const res = await fed.query(`query($id: ID!) { satisfactionSurvey(id: $id) { questions { id kind position } } }`, { variables: { id: OPEN_SURVEY } });
    expect(res.errors).toBeUndefined();
    questions = res.data.satisfactionSurvey.questions;
    expect(questions.some((q) => q.kind === 'TEXT')).toBe(true);
    const answers = (words: string) => questions.map((q) => (q.kind === 'RATING' ? { questionId: q.id, rating: 4 } : { questionId: q.id, text: `  ${words}  ` }));
    const byMember = await fed.query(ANSWER, { token: t.member, variables: { input: { surveyId: OPEN_SURVEY, answers: answers(memberWords) } } });
    expect(byMember.errors).toBeUndefined();
    const byGuest = await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, email: `saran-${backend}@example.id`, answers: answers(guestWords) } } });
    expect(byGuest.errors).toBeUndefined();
    // Ratings only: a response without words is not listed among the free-text answers.
    const ratingsOnly = questions.filter((q) => q.kind === 'RATING').map((q) => ({ questionId: q.id, rating: 5 }));
    const silent = await fed.query(ANSWER, { variables: { input: { surveyId: OPEN_SURVEY, email: `diam-${backend}@example.id`, answers: ratingsOnly } } });
    expect(silent.errors).toBeUndefined();
  });
  afterAll(() => fed?.stop());

  const read = (token: string | undefined, variables: Record<string, unknown> = {}) => fed.query(TEXT_ANSWERS, { token, variables: { id: OPEN_SURVEY, ...variables } });
  /** Every page, oldest first. */
  const readAll = async (token: string) => {
    const nodes: any[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await read(token, { first: 100, after });
      expect(res.errors).toBeUndefined();
      const page = res.data.satisfactionSurvey.textAnswers;
      nodes.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount as number };
      after = page.pageInfo.endCursor;
    }
  };

  it("lets the survey library's librarian read the free-text answers, trimmed, without who wrote them", async () => {
    const connection = await readAll(t.kupangLibrarian);
    const nodes = connection.nodes;
    expect(nodes).toHaveLength(connection.totalCount);
    const texts = nodes.flatMap((n: any) => n.answers.map((a: any) => a.text));
    expect(texts).toEqual(expect.arrayContaining([memberWords, guestWords]));
    for (const node of nodes) {
      expect(Object.keys(node).sort()).toEqual(['answers', 'id', 'submittedAt']);
      expect(node.answers.length).toBeGreaterThan(0);
    }
    const textQuestion = questions.find((q) => q.kind === 'TEXT')!;
    const mine = nodes.find((n: any) => n.answers.some((a: any) => a.text === memberWords));
    expect(mine.answers).toEqual([{ question: { position: textQuestion.position, kind: 'TEXT' }, text: memberWords }]);
    // Only responses with words: the ratings-only answer is counted in the results, not here.
    const results = (await fed.query(RESULTS, { token: t.kupangLibrarian, variables: { id: OPEN_SURVEY } })).data.satisfactionSurvey.results;
    expect(connection.totalCount).toBeLessThan(results.responses);
    expect(connection.totalCount).toBeGreaterThanOrEqual(2);
  });

  it('pages through the answers, oldest first', async () => {
    const first = (await read(t.kupangAdmin, { first: 1 })).data.satisfactionSurvey.textAnswers;
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const all = await readAll(t.kupangAdmin);
    expect(all.nodes[0].id).toBe(first.edges[0].node.id);
    expect(new Set(all.nodes.map((n: any) => n.id)).size).toBe(all.totalCount);
    const times = all.nodes.map((n: any) => n.submittedAt);
    expect([...times].sort()).toEqual(times);
  });

  it("lets the survey library's admin and ADMIN read them too", async () => {
    for (const token of [t.kupangAdmin, t.admin]) {
      const res = await read(token);
      expect(res.errors).toBeUndefined();
      expect(res.data.satisfactionSurvey.textAnswers.totalCount).toBeGreaterThanOrEqual(2);
    }
  });

  it("refuses another library's staff, a PARTNER, a MEMBER (even one who answered) and GOVERNMENT with FORBIDDEN, the public with UNAUTHENTICATED", async () => {
    for (const token of [t.baubauLibrarian, t.baubauAdmin, t.partner, t.member, t.government]) {
      const res = await read(token);
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.satisfactionSurvey?.textAnswers ?? null).toBeNull();
      expect(JSON.stringify(res)).not.toContain(memberWords);
    }
    expect(codes(await read(undefined))).toEqual(['UNAUTHENTICATED']);
  });

  it('tells GOVERNMENT to read the results, which it still may (figures, no words)', async () => {
    const refused = await read(t.government);
    expect(refused.errors![0].message).toMatch(/results/);
    const results = await fed.query(RESULTS, { token: t.government, variables: { id: OPEN_SURVEY } });
    expect(results.errors).toBeUndefined();
    expect(results.data.satisfactionSurvey.results.responses).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(results)).not.toContain(memberWords);
  });
});
