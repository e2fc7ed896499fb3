import { GraphQLError } from 'graphql';
import { formatError, NotFoundError } from '../shared/platform/errors';

describe('formatError', () => {
  it('masks an unexpected error as INTERNAL_SERVER_ERROR and logs the original', () => {
    const logged: unknown[] = [];
    const boom = new GraphQLError('connect ECONNREFUSED 10.0.0.5:3306', { originalError: new Error('connect ECONNREFUSED 10.0.0.5:3306') });
    const shaped = formatError({ message: boom.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.ts:1'] } }, boom, (e) => logged.push(e));
    expect(shaped).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toEqual([boom]);
  });

  it('passes our own coded errors through without stack traces', () => {
    const err = new NotFoundError('Library', 'atlantis');
    const shaped = formatError({ message: err.message, extensions: { ...err.extensions, stacktrace: ['x'] } }, err, () => {
      throw new Error('must not log');
    });
    expect(shaped.extensions).toEqual({ code: 'NOT_FOUND', id: 'atlantis' });
  });
});
