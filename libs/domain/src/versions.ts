import semver from 'semver';
import type { FieldProblem } from './errors';

export const VERSION_MAX = 255;

/**
 * Strict SemVer 2.0.0 (no "v" prefix, no leading zeros): the registry only sorts what parses
 * here; anything else is a "non-semantic" version (allowed, but always becomes latest).
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

/**
 * Strings that look like ranges rather than one version (upstream rejects these to stop people
 * publishing "^1.2.3"): comparators, tilde/caret, hyphen ranges, `||`, and x/* wildcards.
 */
export function looksLikeRange(v: string): boolean {
  if (/^[\^~<>=]/.test(v)) return true;
  if (v.includes('||')) return true;
  if (/\s-\s/.test(v)) return true;
  // Wildcards live in the core (1.x, 1.2.*); "x" inside a pre-release (1.0.0-x.1) is legitimate.
  const core = v.split(/[-+]/, 1)[0]!;
  return core.split('.').some((part) => /^[xX*]$/.test(part));
}

export function versionProblems(version: unknown, location = 'body.version'): FieldProblem[] {
  if (typeof version !== 'string' || version.length === 0) {
    return [{ location, message: 'version must be a non-empty string', value: version }];
  }
  // Characters as JSON Schema counts them (code points), not UTF-16 units.
  if ([...version].length > VERSION_MAX)
    return [{ location, message: `version must be at most ${VERSION_MAX} characters`, value: version }];
  if (version === 'latest') {
    return [{ location, message: '"latest" is reserved: publish a specific version such as "1.0.0"', value: version }];
  }
  if (looksLikeRange(version)) {
    return [
      {
        location,
        message: `"${version}" looks like a version range; publish one specific version such as "1.2.3"`,
        value: version,
      },
    ];
  }
  if (/\s/.test(version)) return [{ location, message: 'version must not contain whitespace', value: version }];
  if (version.includes('/')) return [{ location, message: 'version must not contain "/"', value: version }];
  // A dot segment is resolved away by every URL parser, so .../versions/.. could not address it.
  if (version === '.' || version === '..')
    return [{ location, message: 'version must not be "." or ".." (URLs resolve those away)', value: version }];
  return [];
}

export interface VersionForOrdering {
  version: string;
  publishedAt: Date;
  /** Insertion order (the row id): breaks ties between versions published in the same millisecond. */
  id?: number;
}

/**
 * Upstream's publish-time rule (versioning.mdx): a non-semantic version always becomes latest;
 * a semantic one becomes latest when it sorts above the current latest under SemVer, or when the
 * current latest is non-semantic.
 */
export function becomesLatest(candidate: string, currentLatest: string | undefined): boolean {
  if (currentLatest === undefined) return true;
  if (!isSemver(candidate)) return true;
  if (!isSemver(currentLatest)) return true;
  return semver.compare(candidate, currentLatest) > 0;
}

/**
 * Which version is latest after a status change. We replay the publish-time rule over the
 * candidates in publish order, so a recompute gives exactly what publishing them again would.
 * Deleted versions are never latest; deprecated ones only when no active version is left.
 */
export function pickLatest<T extends VersionForOrdering & { status: string }>(versions: readonly T[]): T | undefined {
  const active = versions.filter((v) => v.status === 'active');
  const pool = active.length > 0 ? active : versions.filter((v) => v.status === 'deprecated');
  const ordered = [...pool].sort(
    (a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || (a.id ?? 0) - (b.id ?? 0),
  );
  let latest: T | undefined;
  for (const v of ordered) {
    if (becomesLatest(v.version, latest?.version)) latest = v;
  }
  return latest;
}
