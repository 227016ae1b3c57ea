import { errorReason } from './error-reason';

describe('errorReason', () => {
  it("gives the database's first line and SQLSTATE from under the ORM's wrapper, never the statement or its parameters", () => {
    const driver = Object.assign(new Error('string is too long for tsvector (1048576 bytes, max 1048575 bytes)'), {
      code: '54000',
    });
    const wrapped = Object.assign(
      new Error('Failed query: insert into search_documents values ($1)\nparams: a private description'),
      { cause: driver },
    );
    expect(errorReason(wrapped)).toBe(
      'string is too long for tsvector (1048576 bytes, max 1048575 bytes) (SQLSTATE 54000)',
    );
  });

  it('never repeats a query failure that carries no database error, giving its cause instead', () => {
    expect(errorReason(new Error('Failed query: select $1\nparams: secret'))).toBe('a database query failed');
    const lost = Object.assign(new Error('Failed query: select $1\nparams: secret'), {
      cause: Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }),
    });
    expect(errorReason(lost)).toBe('Connection terminated unexpectedly');
  });

  it('keeps the first line of any other error, bounded', () => {
    expect(errorReason(new Error('upstream cursor cycle at page 3\nmore'))).toBe('upstream cursor cycle at page 3');
    expect(errorReason(new Error('x'.repeat(500)), 10)).toBe('x'.repeat(10));
    expect(errorReason('plain')).toBe('plain');
  });
});
