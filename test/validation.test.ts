import 'reflect-metadata';
import { ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { formatError } from '../shared/platform/errors';
import { BibliographicRecord } from '../subgraphs/collections/catalogue/bibliographic-record.entity';
import { AcquisitionOrder } from '../subgraphs/collections/acquisitions/acquisition-order.entity';
import { FineEntry } from '../subgraphs/collections/circulation/fine-entry.entity';
import { Member } from '../subgraphs/collections/members/member.entity';
import { VisitCorrection } from '../subgraphs/collections/visits/visit-correction.entity';
import { Event, EventStatus } from '../subgraphs/community-events/events/event.entity';
import { Internship } from '../subgraphs/partnerships/internships/internship.entity';
import { LibraryAccreditation } from '../subgraphs/staff-development/libraries/library-accreditation.entity';
import { BACKENDS, codes, startFederation, type Federation, type GraphQLResponse } from './helpers/federation';

/**
 * Arguments are checked by the class-validator rules of their @ArgsType/@InputType classes before
 * any resolver runs: a client sees BAD_USER_INPUT, a message naming the field and the rule,
 * `field` and `fields`, and nothing is written.
 */

const violation = (property: string, constraints: Record<string, string>, children: ValidationError[] = []): ValidationError =>
  Object.assign(new ValidationError(), { property, constraints, children });

describe('formatError for arguments that break a rule', () => {
  const shape = (errors: ValidationError[]) => {
    const err = new GraphQLError('Argument Validation Error', { originalError: new ArgumentValidationError(errors), path: ['payFine'] });
    return formatError({ message: err.message, path: ['payFine'], extensions: { code: 'BAD_USER_INPUT' } }, err, () => {
      throw new Error('must not log');
    });
  };

  it('gives BAD_USER_INPUT, the rule as the message, the field and the fields', () => {
    expect(shape([violation('note', { maxLength: 'note must be at most 200 characters' })])).toEqual({
      message: 'note must be at most 200 characters',
      path: ['payFine'],
      extensions: { code: 'BAD_USER_INPUT', field: 'note', fields: ['note'] },
    });
  });

  it('names every broken rule once, and a list entry by its path', () => {
    const rule = 'copies must be 1 to 200';
    const shaped = shape([
      violation('lines', {}, [violation('1', {}, [violation('copies', { min: rule, isInt: rule })])]),
      violation('vendor', { notBlank: 'vendor must not be empty' }),
    ]);
    expect(shaped.message).toBe('copies must be 1 to 200; vendor must not be empty');
    expect(shaped.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'lines.1.copies', fields: ['lines.1.copies', 'vendor'] });
  });
});

describe.each(BACKENDS)('argument rules through the gateway (%s)', (backend) => {
  let fed: Federation;
  let admin: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    admin = await fed.token({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await fed?.stop();
  });

  const refused = (res: GraphQLResponse, field: string, message: string) => {
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toBe(message);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, fields: [field] });
  };

  describe('collections', () => {
    const db = () => fed.subgraphs.collections.db;
    const PAY = `mutation ($memberId: ID!, $amount: Int!, $note: String) { payFine(memberId: $memberId, amount: $amount, note: $note) { balance } }`;
    const ORDER = `mutation ($input: AcquisitionOrderInput!) { placeAcquisitionOrder(input: $input) { id } }`;
    const CORRECT = `mutation ($input: CorrectVisitsInput!) { correctVisits(input: $input) { count } }`;

    it('refuses a payment of nothing, and a note over 200 characters, taking no money', async () => {
      const member = await db().getRepository(Member).findOneByOrFail({ libraryId: 'kupang' });
      const before = await db().getRepository(FineEntry).count();
      refused(await fed.query(PAY, { token: admin, variables: { memberId: member.id, amount: 0 } }), 'amount', 'amount must be a positive number of rupiah');
      refused(await fed.query(PAY, { token: admin, variables: { memberId: member.id, amount: 500, note: 'x'.repeat(201) } }), 'note', 'note must be at most 200 characters');

      const both = await fed.query(PAY, { token: admin, variables: { memberId: member.id, amount: -5, note: 'x'.repeat(201) } });
      expect(codes(both)).toEqual(['BAD_USER_INPUT']);
      expect(both.errors![0].message).toContain('note must be at most 200 characters');
      expect(both.errors![0].message).toContain('amount must be a positive number of rupiah');
      expect([...both.errors![0].extensions!.fields].sort()).toEqual(['amount', 'note']);
      expect(await db().getRepository(FineEntry).count()).toBe(before);
    });

    it('refuses an order line of no copies by its path, and a blank vendor, placing no order', async () => {
      const record = await db().getRepository(BibliographicRecord).findOneByOrFail({});
      const line = { recordId: record.id, copies: 2, unitPrice: 75_000 };
      const input = { libraryId: 'kupang', vendor: 'CV Pustaka Timur', budgetLine: 'APBD 2026', lines: [line, { ...line, copies: 0 }] };
      const before = await db().getRepository(AcquisitionOrder).count();
      refused(await fed.query(ORDER, { token: admin, variables: { input } }), 'lines.1.copies', 'copies must be 1 to 200');
      refused(await fed.query(ORDER, { token: admin, variables: { input: { ...input, vendor: '   ', lines: [line] } } }), 'vendor', 'vendor must not be empty');
      refused(await fed.query(ORDER, { token: admin, variables: { input: { ...input, lines: [] } } }), 'lines', 'An order has 1 to 100 lines');
      expect(await db().getRepository(AcquisitionOrder).count()).toBe(before);
    });

    it('counts a reason as it would be stored, trimmed, and records no correction', async () => {
      const before = await db().getRepository(VisitCorrection).count();
      const input = { libraryId: 'kupang', date: '2026-01-05', count: 10, reason: '   ok      ' };
      refused(await fed.query(CORRECT, { token: admin, variables: { input } }), 'reason', 'reason must be 3 to 300 characters');
      expect(await db().getRepository(VisitCorrection).count()).toBe(before);
    });
  });

  describe('community events', () => {
    const db = () => fed.subgraphs['community-events'].db;
    const WALK_INS = `mutation ($eventId: ID!, $count: Int!) { recordWalkIns(eventId: $eventId, count: $count) { id } }`;
    const CANCEL = `mutation ($id: ID!, $reason: String!) { cancelEvent(id: $id, reason: $reason) { id status } }`;

    it('refuses walk-ins of 0 or past 5000, and a blank cancellation reason, leaving the event as it was', async () => {
      const event = await db().getRepository(Event).findOneByOrFail({ status: EventStatus.PUBLISHED });
      const rule = 'count is a whole number from -5000 to 5000, not 0';
      refused(await fed.query(WALK_INS, { token: admin, variables: { eventId: event.id, count: 0 } }), 'count', rule);
      refused(await fed.query(WALK_INS, { token: admin, variables: { eventId: event.id, count: 5001 } }), 'count', rule);
      refused(await fed.query(CANCEL, { token: admin, variables: { id: event.id, reason: '  a   ' } }), 'reason', 'reason is 3-500 characters');
      expect(await db().getRepository(Event).findOneByOrFail({ id: event.id })).toEqual(event);
    });
  });

  describe('staff development', () => {
    const RECORD = `mutation ($input: LibraryAccreditationInput!) { recordLibraryAccreditation(input: $input) { id } }`;

    it('refuses an accreditation year outside 2000-2100 and records none', async () => {
      const repo = fed.subgraphs['staff-development'].db.getRepository(LibraryAccreditation);
      const before = await repo.count();
      const input = { libraryId: 'kupang', year: 1999, grade: 'A', meetsStandard: true };
      refused(await fed.query(RECORD, { token: admin, variables: { input } }), 'year', 'year is between 2000 and 2100');
      expect(await repo.count()).toBe(before);
    });
  });

  describe('partnerships', () => {
    const db = () => fed.subgraphs.partnerships.db;
    const CANCEL = `mutation ($id: ID!, $reason: String!) { cancelInternship(id: $id, reason: $reason) { id status } }`;
    const EXPIRING = `query ($d: Int!) { expiringAgreements(withinDays: $d) { id } }`;

    it('refuses a reason of fewer than five characters once trimmed, leaving the internship as it was', async () => {
      const internship = await db().getRepository(Internship).findOneByOrFail({});
      refused(await fed.query(CANCEL, { token: admin, variables: { id: internship.id, reason: '   abc    ' } }), 'reason', 'Give a reason of 5 to 2000 characters');
      refused(await fed.query(CANCEL, { token: admin, variables: { id: internship.id, reason: 'x'.repeat(2001) } }), 'reason', 'Give a reason of 5 to 2000 characters');
      expect(await db().getRepository(Internship).findOneByOrFail({ id: internship.id })).toEqual(internship);
    });

    it('refuses a window of agreements outside 0 to 3660 days', async () => {
      refused(await fed.query(EXPIRING, { token: admin, variables: { d: -1 } }), 'withinDays', 'withinDays is between 0 and 3660');
      refused(await fed.query(EXPIRING, { token: admin, variables: { d: 3661 } }), 'withinDays', 'withinDays is between 0 and 3660');
      const ok = await fed.query(EXPIRING, { token: admin, variables: { d: 3660 } });
      expect(ok.errors).toBeUndefined();
    });
  });
});
