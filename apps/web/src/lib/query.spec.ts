import { QUERY_MAX, searchTerms } from './query';

describe('searchTerms', () => {
  it('keeps a query within the limit as it is, trimmed', () => {
    expect(searchTerms('  send email ')).toEqual({ q: 'send email', cut: false });
    expect(searchTerms('x'.repeat(QUERY_MAX))).toEqual({ q: 'x'.repeat(QUERY_MAX), cut: false });
    expect(searchTerms(undefined)).toEqual({ q: '', cut: false });
  });

  it('cuts a longer one to the first 200 characters and says so', () => {
    expect(searchTerms(`database ${'x'.repeat(5_000)}`)).toEqual({
      q: `database ${'x'.repeat(QUERY_MAX - 9)}`,
      cut: true,
    });
  });
});
