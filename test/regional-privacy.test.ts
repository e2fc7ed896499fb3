import fs from 'node:fs';
import { buildSchema, getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { loadConfig } from '../shared/platform/config';

/**
 * Types that carry a person's data: members and their loans, holds, fines and registrations;
 * librarians and their records; interns and their logbooks; survey and feedback answers.
 */
const PERSONAL_TYPES = [
  'Member',
  'Loan',
  'Hold',
  'FineEntry',
  'FinePayment',
  'Registration',
  'EventAttendance',
  'EventFeedback',
  'EventNotice',
  'Librarian',
  'LibrarianCompetency',
  'TrainingEnrolment',
  'TrainingAttendance',
  'PerformanceReview',
  'PerformanceMetric',
  'CreditPointEntry',
  'ProfessionalActivity',
  'IncentiveAward',
  'IncentiveEligibility',
  'StaffTrainingNeed',
  'PromotionReadiness',
  'Internship',
  'InternshipLogbookEntry',
  'InternshipEvaluation',
  'InternshipScore',
  'TrainingInstructor',
  'PartnerWebhook',
  'WebhookDelivery',
  // Entities whose fields lead to the types above: a report must not reach them either.
  'Library',
  'Partner',
  'Agreement',
  'Event',
  'Item',
];

/** Field names that would name or contact a person. */
const PERSONAL_FIELD = /name|email|phone|nip|cardnumber|address|birth|contact|nik|gender/i;

/** The only personal-looking field allowed: the library's own name. */
const ALLOWED_FIELDS = new Set(['library.name']);

interface Finding {
  path: string;
  type: string;
}

/** Every field path reachable from `root`, with the named type each one reaches. */
function walk(schema: GraphQLSchema, root: string): { visited: Set<string>; fields: Finding[] } {
  const visited = new Set<string>([root]);
  const fields: Finding[] = [];
  const queue: { type: GraphQLNamedType; path: string }[] = [{ type: schema.getType(root)!, path: '' }];
  while (queue.length) {
    const { type, path } = queue.shift()!;
    const possible = isUnionType(type) || isInterfaceType(type) ? schema.getPossibleTypes(type) : [type];
    for (const t of possible) {
      if (!isObjectType(t) && !isInterfaceType(t)) continue;
      for (const field of Object.values(t.getFields())) {
        const named = getNamedType(field.type);
        const fieldPath = path ? `${path}.${field.name}` : field.name;
        fields.push({ path: fieldPath, type: named.name });
        if (!visited.has(named.name)) {
          visited.add(named.name);
          queue.push({ type: named, path: fieldPath });
        }
      }
    }
  }
  return { visited, fields };
}

const sdl = fs.readFileSync(loadConfig({ ...process.env, NODE_ENV: 'test' }).supergraphPath, 'utf8');
const schema = buildSchema(sdl, { assumeValidSDL: true });

describe.each(['RegionalReportRow', 'RegionalTrend'])('%s in the composed supergraph', (root) => {
  const { visited, fields } = walk(schema, root);

  it('reaches the four indicator types', () => {
    for (const t of ['StaffIndicators', 'CollectionIndicators', 'EventIndicators', 'PartnershipIndicators', 'RegionalLibrary']) {
      expect(visited).toContain(t);
    }
  });

  it('reaches no type that carries personal data, however deep', () => {
    const reached = fields.filter((f) => PERSONAL_TYPES.includes(f.type));
    expect(reached).toEqual([]);
  });

  it('has no field that names or contacts a person (library.name aside)', () => {
    const named = fields.filter((f) => PERSONAL_FIELD.test(f.path.split('.').pop()!) && !ALLOWED_FIELDS.has(f.path));
    expect(named).toEqual([]);
  });
});

describe('LiteracyIndexRow in the composed supergraph', () => {
  const { visited, fields } = walk(schema, 'LiteracyIndexRow');
  /** Names of indicators, not of people: an element's and a raw figure's name. */
  const INDICATOR_NAMES = new Set(['library.name', 'elements.name', 'elements.figures.name']);

  it('reaches the elements, the raw figures of collections and community events, and the library directory entry', () => {
    for (const t of ['LiteracyElement', 'LiteracyFigure', 'CollectionLiteracy', 'EventLiteracy', 'RegionalLibrary']) expect(visited).toContain(t);
  });

  it('reaches no type that carries personal data, however deep', () => {
    expect(fields.filter((f) => PERSONAL_TYPES.includes(f.type))).toEqual([]);
  });

  it('has no field that names or contacts a person (the library, element and figure names aside)', () => {
    const named = fields.filter((f) => PERSONAL_FIELD.test(f.path.split('.').pop()!) && !INDICATOR_NAMES.has(f.path));
    expect(named).toEqual([]);
  });

  it('is what literacyIndex returns', () => {
    expect(getNamedType(schema.getQueryType()!.getFields().literacyIndex.type).name).toBe('LiteracyIndexRow');
  });
});

describe('the personal-data walk', () => {
  it('would notice a personal type: the walk from Library reaches Member', () => {
    expect(walk(schema, 'Library').visited).toContain('Member');
  });

  it('covers every field that returns a report: regionalReport and regionalTrends', () => {
    const reports = Object.values(schema.getQueryType()!.getFields()).filter((f) => /^regional/.test(f.name));
    expect(reports.map((f) => [f.name, getNamedType(f.type).name]).sort()).toEqual([
      ['regionalReport', 'RegionalReportRow'],
      ['regionalTrends', 'RegionalTrend'],
    ]);
  });
});
