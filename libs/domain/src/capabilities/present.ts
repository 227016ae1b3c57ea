import semver from 'semver';
import { type ToolsDiff, diffTools } from './tool-diff';
import type { InspectionStatus } from './types';

/** The two results a version may have: the last inspection's, and the publisher's declaration. */
export interface ResultFacts {
  status: Exclude<InspectionStatus, 'pending'>;
  reason: string | null;
}

export interface Presentation<T> {
  /** Which row to show: none while there is neither. */
  shown?: T;
  source: 'inspected' | 'declared';
  status: InspectionStatus;
  reason?: string;
}

/**
 * Which result a version shows. An inspection that ended ok always wins (what the server really
 * exposes); otherwise a declaration, shown as declared by the publisher with why the inspection
 * could not tell; otherwise the inspection's own status; otherwise pending.
 */
export function presentCapabilities<T extends ResultFacts>(inspected?: T, declared?: T): Presentation<T> {
  if (inspected?.status === 'ok') return { shown: inspected, source: 'inspected', status: 'ok' };
  if (declared) {
    const why = inspected
      ? ` The Hub's inspection ended ${inspected.status}${inspected.reason ? `: ${inspected.reason}` : ''}.`
      : ' The Hub has not inspected it yet.';
    return {
      shown: declared,
      source: 'declared',
      status: 'ok',
      reason: `Declared by the publisher, not inspected.${why}`,
    };
  }
  if (inspected)
    return { shown: inspected, source: 'inspected', status: inspected.status, reason: inspected.reason ?? undefined };
  return { source: 'inspected', status: 'pending', reason: 'Not inspected yet: the inspection is queued.' };
}

/**
 * The version a version's tools are compared with: the highest semantic version below it that has
 * tools, or (for non-semantic versions) the one inspected last before it.
 */
export function previousVersion<T extends { version: string; inspectedAt: Date }>(
  current: string,
  others: T[],
): T | undefined {
  const candidates = others.filter((o) => o.version !== current);
  if (semver.valid(current)) {
    const below = candidates.filter((o) => semver.valid(o.version) && semver.lt(o.version, current));
    return below.sort((a, b) => semver.rcompare(a.version, b.version))[0];
  }
  return candidates.sort((a, b) => b.inspectedAt.getTime() - a.inspectedAt.getTime())[0];
}

/** What changed in the tools since `previous`: per-tool fingerprints compared. */
export function toolChanges(
  previous: { version: string; tools: { name: string; fingerprint: string }[] },
  current: { name: string; fingerprint: string }[],
): ToolsDiff & { since: string } {
  const map = (tools: { name: string; fingerprint: string }[]) =>
    Object.fromEntries(tools.map((t) => [t.name, t.fingerprint]));
  return { since: previous.version, ...diffTools(map(previous.tools), map(current)) };
}
