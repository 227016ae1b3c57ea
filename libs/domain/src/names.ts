import type { FieldProblem } from './errors';

/** `namespace/name`: reverse-DNS namespace, exactly one slash (upstream's rule and pattern). */
const NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
export const NAME_MIN = 3;
export const NAME_MAX = 200;

export function serverNameProblems(name: unknown, location = 'body.name'): FieldProblem[] {
  if (typeof name !== 'string') return [{ location, message: 'name must be a string', value: name }];
  if (name.length < NAME_MIN || name.length > NAME_MAX) {
    return [{ location, message: `name must be ${NAME_MIN} to ${NAME_MAX} characters long`, value: name }];
  }
  const slashes = name.split('/').length - 1;
  if (slashes !== 1) {
    return [
      {
        location,
        message:
          'name must contain exactly one "/" separating namespace from server name (e.g. "io.github.alice/weather")',
        value: name,
      },
    ];
  }
  if (!NAME_PATTERN.test(name)) {
    return [
      {
        location,
        message:
          'name may use only letters, digits, "." and "-" in the namespace and letters, digits, ".", "_" and "-" after the slash',
        value: name,
      },
    ];
  }
  return [];
}

/**
 * "." and ".." are dot segments: URL parsers (browsers, fetch, curl) resolve them away, even
 * percent-encoded as %2E, so `/servers/../x` opens `/x`. Upstream's name pattern allows them.
 */
export function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}

/**
 * Local publishes refuse a namespace or server part that is a dot segment: the site's
 * `/servers/<namespace>/<name>` links and the `/api/v1/namespaces/<namespace>` routes could not
 * address it, and tools that turn names into paths would walk up a directory. Mirrored entries
 * keep upstream's name (the site links those with the slash encoded instead).
 */
export function dotSegmentNameProblems(name: unknown, location = 'body.name'): FieldProblem[] {
  if (typeof name !== 'string' || !name.split('/').some(isDotSegment)) return [];
  return [
    {
      location,
      message:
        'the namespace and the server name must not be "." or "..": URLs resolve those away, so the server could not be linked to',
      value: name,
    },
  ];
}

export function namespaceOf(name: string): string {
  return name.slice(0, name.indexOf('/'));
}

/**
 * Namespace patterns used by tokens: `*` matches any run of characters, everything else is
 * literal. `io.github.alice/*` matches `io.github.alice/weather` but not `io.github.alice2/x`.
 */
export function matchesNamespacePattern(pattern: string, serverName: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$');
  return re.test(serverName);
}

/**
 * Whether every name `child` matches is also matched by `parent` (so a token may mint `child`).
 * The child's `*` is read as a literal character: parent literals never equal it, so it can only
 * fall inside one of the parent's wildcards, which then cover whatever the child's `*` expands to.
 */
export function namespacePatternWithin(child: string, parent: string): boolean {
  return matchesNamespacePattern(parent, child);
}

const PATTERN_SHAPE = /^(\*|[a-zA-Z0-9.*-]+\/(\*|[a-zA-Z0-9._*-]+))$/;

export function namespacePatternProblems(pattern: unknown, location = 'body.namespace'): FieldProblem[] {
  if (typeof pattern !== 'string' || !PATTERN_SHAPE.test(pattern)) {
    return [
      {
        location,
        message: 'namespace must be "*" or a pattern like "io.github.alice/*" or "com.example/weather"',
        value: pattern,
      },
    ];
  }
  return [];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
