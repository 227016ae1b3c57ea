import { type FieldProblem, badRequest } from '@mcp-hub/domain';
import { isIP } from 'node:net';

/** RFC 1035 limits: 253 characters in the dotted form, 63 per label. */
export const DOMAIN_MAX = 253;
export const LABEL_MAX = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Problems with a domain offered as proof of a namespace, or none. Upper case is accepted because
 * DNS ignores case; {@link normalizeDomain} lower-cases it so `Example.COM` and `example.com` grant
 * the same namespace. Everything else is refused rather than repaired, so a typo never proves a
 * namespace the publisher did not mean.
 */
export function domainProblems(value: unknown, location = 'body.domain'): FieldProblem[] {
  const problem = (message: string): FieldProblem[] => [{ location, message, value }];
  if (typeof value !== 'string') return problem('domain must be a string such as "example.com"');
  if (value === '') return problem('domain is empty: give the domain that holds the proof, such as "example.com"');
  if (value.trim() !== value) return problem('domain has leading or trailing spaces: remove them');
  if (isIP(value) || isIP(value.replace(/^\[|\]$/g, ''))) {
    return problem('domain is an IP address: namespaces are proved with a domain name such as "example.com"');
  }
  if (value.includes('://') || value.includes('/')) {
    return problem('domain must be a bare name such as "example.com", without scheme or path');
  }
  if (value.endsWith('.'))
    return problem('domain ends with a dot: drop the trailing dot ("example.com", not "example.com.")');
  if (value.length > DOMAIN_MAX)
    return problem(`domain is ${value.length} characters long; the limit is ${DOMAIN_MAX}`);
  if (/[^\x00-\x7f]/.test(value)) {
    return problem('domain contains non-ASCII characters: use its punycode form (labels starting "xn--")');
  }
  const labels = value.toLowerCase().split('.');
  if (labels.length < 2) {
    return problem(
      'domain must have at least two labels, such as "example.com": single-label names only resolve inside private networks',
    );
  }
  for (const label of labels) {
    if (label === '') return problem('domain has an empty label (two dots in a row, or a leading dot)');
    if (label.length > LABEL_MAX)
      return problem(
        `domain label "${label.slice(0, 20)}…" is ${label.length} characters long; the limit is ${LABEL_MAX}`,
      );
    if (!LABEL.test(label)) {
      return problem(
        `domain label "${label}" may use only letters, digits and "-", and must not start or end with "-"`,
      );
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) {
    return problem(
      'domain ends in an all-numeric label, which no top-level domain is: use a domain name such as "example.com"',
    );
  }
  return [];
}

/** The domain in canonical (lower-case) form; throws `bad_request` naming the field otherwise. */
export function normalizeDomain(value: unknown, location = 'body.domain'): string {
  const problems = domainProblems(value, location);
  if (problems.length) throw badRequest(`Invalid domain: ${problems[0]!.message}.`, problems);
  return (value as string).toLowerCase();
}

/** `example.com` → `com.example`, the namespace form of a domain. Expects a normalised domain. */
export function reverseDomain(domain: string): string {
  return domain.split('.').reverse().join('.');
}
