import semver from 'semver';
import { CliError, usage } from '../errors';
import type { VersionEntry } from '../registry/client';

const NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

export interface ServerSpec {
  name: string;
  /** An exact version, a semver range, or undefined for the latest. */
  want?: string;
}

/** `io.github.acme/weather@^1.2` → name and wanted version; the `@` is the one after the slash. */
/** The one server spec a command takes as its only positional argument, else a usage error. */
export function specArgument(positionals: string[], command: string, hint: string): ServerSpec {
  const input = positionals[0];
  if (!input || positionals.length > 1) throw usage(`mcpm ${command} takes one server name.`, hint);
  return parseSpec(input);
}

export function parseSpec(input: string): ServerSpec {
  const slash = input.indexOf('/');
  const at = slash < 0 ? -1 : input.indexOf('@', slash);
  const name = at < 0 ? input : input.slice(0, at);
  const want = at < 0 ? undefined : input.slice(at + 1);
  if (!NAME.test(name)) {
    throw usage(
      `"${name}" is not a server name.`,
      'Server names look like io.github.owner/server or com.example/server; find one with: mcpm search <words>',
    );
  }
  if (want === '')
    throw usage(
      `"${input}" has an empty version after @.`,
      `Write ${name}@1.2.3, ${name}@^1, or just ${name} for the latest.`,
    );
  return { name, want };
}

export interface Resolved {
  entry: VersionEntry;
  warnings: string[];
}

/**
 * Picks the version to install. An exact version is honoured even when deprecated (with a
 * warning) but never when deleted; a range takes the highest active version in it; nothing
 * (or "latest") takes the registry's latest, falling back to the highest active one.
 */
export function resolveVersion(name: string, entries: VersionEntry[], want?: string): Resolved {
  const warnings: string[] = [];
  const live = entries.filter((e) => e.status !== 'deleted');
  const available = () =>
    live
      .filter((e) => e.status === 'active')
      .map((e) => e.server.version)
      .slice(0, 8)
      .join(', ') || 'none';
  if (want === undefined || want === 'latest') {
    const latest =
      live.find((e) => e.isLatest && e.status === 'active') ?? highest(live.filter((e) => e.status === 'active'));
    if (latest) return { entry: latest, warnings };
    const deprecated = live.find((e) => e.isLatest) ?? live[0];
    if (!deprecated)
      throw new CliError(
        'not_found',
        `${name} has no versions that can be installed (all deleted).`,
        'Find an alternative with: mcpm search',
      );
    warnings.push(deprecatedWarning(name, deprecated));
    return { entry: deprecated, warnings };
  }
  const exact = entries.find((e) => e.server.version === want);
  if (exact) {
    if (exact.status === 'deleted') {
      throw new CliError(
        'not_found',
        `${name}@${want} was removed from the registry.`,
        `Available versions: ${available()}.`,
      );
    }
    if (exact.status === 'deprecated') warnings.push(deprecatedWarning(name, exact));
    return { entry: exact, warnings };
  }
  const range = semver.validRange(want);
  if (range === null) {
    throw new CliError('not_found', `${name} has no version ${want}.`, `Available versions: ${available()}.`);
  }
  const match = highest(
    live.filter(
      (e) => e.status === 'active' && semver.valid(e.server.version) && semver.satisfies(e.server.version, range),
    ),
  );
  if (!match) {
    throw new CliError(
      'not_found',
      `No active version of ${name} matches ${want}.`,
      `Available versions: ${available()}.`,
    );
  }
  return { entry: match, warnings };
}

function highest(entries: VersionEntry[]): VersionEntry | undefined {
  const semverOnes = entries.filter((e) => semver.valid(e.server.version));
  if (semverOnes.length) return semverOnes.reduce((a, b) => (semver.gt(b.server.version, a.server.version) ? b : a));
  return entries[0];
}

function deprecatedWarning(name: string, e: VersionEntry): string {
  return `${name}@${e.server.version} is deprecated${e.statusMessage ? `: ${e.statusMessage}` : ''}`;
}
