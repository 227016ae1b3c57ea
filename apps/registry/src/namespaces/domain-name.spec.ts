import { HubError } from '@mcp-hub/domain';
import { domainProblems, normalizeDomain, reverseDomain } from './domain-name';

describe('domain names offered as namespace proof', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['sub.my-site.co.uk', 'sub.my-site.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [`${'abcdefghi.'.repeat(25)}com`, `${'abcdefghi.'.repeat(25)}com`],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each([
    [undefined, /must be a string/],
    ['', /domain is empty/],
    [' example.com', /leading or trailing spaces/],
    ['192.0.2.1', /IP address/],
    ['2001:db8::1', /IP address/],
    ['[::1]', /IP address/],
    ['1.2.3.999', /all-numeric label/],
    ['localhost', /at least two labels/],
    ['example.com.', /trailing dot/],
    ['https://example.com', /without scheme or path/],
    ['example..com', /empty label/],
    ['.example.com', /empty label/],
    ['-bad.example.com', /must not start or end with "-"/],
    ['under_score.example.com', /only letters, digits and "-"/],
    ['bücher.example', /punycode/],
    [`${'a'.repeat(64)}.com`, /64 characters long; the limit is 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /263 characters long; the limit is 253/],
  ])('refuses %j with a reason', (input, reason) => {
    const problems = domainProblems(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ location: 'body.domain', value: input });
    expect(problems[0]!.message).toMatch(reason);
    expect(() => normalizeDomain(input)).toThrow(HubError);
  });

  it('reports problems as a 400 naming the field', () => {
    let error: HubError | undefined;
    try {
      normalizeDomain('192.0.2.1', 'query.domain');
    } catch (e) {
      error = e as HubError;
    }
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(error!.errors).toEqual([expect.objectContaining({ location: 'query.domain', value: '192.0.2.1' })]);
  });

  it('reverses domains into namespaces', () => {
    expect(reverseDomain('example.com')).toBe('com.example');
    expect(reverseDomain('a.b.example.co.uk')).toBe('uk.co.example.b.a');
  });
});
