import { type ToolsDiff, diffTools } from '@mcp-hub/domain';
import type { Context } from '../context';
import type { LockEntry, RegistryTools } from '../lock';
import type { DriftEvent, PublishedCapabilities } from '../registry/capabilities';
import type { Plan } from './installer';

/**
 * The registry's published tools against what a lockfile holds. Two fingerprints may be locked
 * for a version: `registryTools` (what the registry published when it was installed) and
 * `toolsHash` (what `mcpm test` saw the server serve). Both come from the one fingerprint
 * function in @mcp-hub/domain, so they compare with the registry's directly.
 */

/** The fingerprint to lock from a capabilities answer: only an ok one with tools has one. */
export function registryToolsOf(caps: PublishedCapabilities, lockedAt: Date): RegistryTools | undefined {
  if (caps.status !== 'ok' || !caps.toolsFingerprint) return undefined;
  return {
    hash: caps.toolsFingerprint,
    tools: Object.fromEntries(caps.tools.map((t) => [t.name, t.fingerprint])),
    source: caps.source,
    ...(caps.inspectedAt ? { inspectedAt: caps.inspectedAt } : {}),
    lockedAt: lockedAt.toISOString(),
  };
}

/** "changed: a; added: b; removed: c". */
export function describeDiff(d: ToolsDiff): string {
  return (
    [
      d.changed.length ? `changed: ${d.changed.join(', ')}` : '',
      d.added.length ? `added: ${d.added.join(', ')}` : '',
      d.removed.length ? `removed: ${d.removed.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ') || 'definitions differ'
  );
}

const day = (iso: string | undefined) => iso?.slice(0, 10) ?? 'an earlier install';

/**
 * What an install of `version` should warn about, given what was locked before (`existing`) and
 * what the registry publishes now: the registry's tools for the same version changed since they
 * were locked, or the tools `mcpm test` saw differ from the published ones. A new version has new
 * tools to approve: nothing to compare.
 */
export function publishedToolsWarnings(
  name: string,
  version: string,
  existing: Pick<LockEntry, 'version' | 'registryTools' | 'toolsHash' | 'tools' | 'toolsCheckedAt'> | undefined,
  published: RegistryTools,
): string[] {
  if (!existing || existing.version !== version) return [];
  const warnings: string[] = [];
  const before = existing.registryTools;
  const registryChanged = before !== undefined && before.hash !== published.hash;
  if (registryChanged)
    warnings.push(
      `the tools the registry publishes for ${name}@${version} changed since they were locked (${day(before.lockedAt)}) — ${describeDiff(diffTools(before.tools, published.tools))}. A version's tools should not change: check them with mcpm test ${name}. Locking the registry's current ones.`,
    );
  const seen = existing.toolsHash;
  if (seen && seen !== published.hash && !(registryChanged && seen === before.hash))
    warnings.push(
      `the tools mcpm test saw ${name}@${version} serve (${day(existing.toolsCheckedAt)}) differ from the ones the registry publishes — ${describeDiff(diffTools(existing.tools, published.tools))}. Check them with mcpm test ${name}.`,
    );
  return warnings;
}

/** The fingerprint an installed version was approved with: the registry's at install, else the one `mcpm test` saw. */
export function lockedFingerprint(
  entry: Pick<LockEntry, 'registryTools' | 'toolsHash' | 'tools'>,
): { hash: string; tools: Record<string, string> | undefined; by: 'registry' | 'mcpm test' } | undefined {
  if (entry.registryTools) return { hash: entry.registryTools.hash, tools: entry.registryTools.tools, by: 'registry' };
  if (entry.toolsHash) return { hash: entry.toolsHash, tools: entry.tools, by: 'mcpm test' };
  return undefined;
}

/**
 * Drift events that concern an installed entry and were not approved: on its remote, at its
 * version, newest first, down to the first whose tools are ones the lock holds (a fingerprint
 * locked from the registry or taken by `mcpm test` after the change approves it and what came
 * before it).
 */
export function unapprovedDrift(
  entry: Pick<LockEntry, 'version' | 'remote' | 'registryTools' | 'toolsHash'>,
  events: readonly DriftEvent[],
): DriftEvent[] {
  const url = entry.remote?.url;
  if (!url) return [];
  const approved = new Set([entry.registryTools?.hash, entry.toolsHash].filter((h): h is string => Boolean(h)));
  const mine = events
    .filter((e) => e.url === url && e.version === entry.version)
    .sort((a, b) => (a.detectedAt < b.detectedAt ? 1 : a.detectedAt > b.detectedAt ? -1 : 0));
  const out: DriftEvent[] = [];
  for (const e of mine) {
    if (approved.has(e.fingerprint)) break;
    out.push(e);
  }
  return out;
}

/** Every tool a run of drift events touched, each named once. */
export function driftDiff(events: readonly DriftEvent[]): ToolsDiff {
  const names = (pick: (e: DriftEvent) => string[]) => [...new Set(events.flatMap(pick))].sort();
  return { added: names((e) => e.added), removed: names((e) => e.removed), changed: names((e) => e.changed) };
}

export function driftMessage(name: string, events: readonly DriftEvent[]): string {
  const newest = events[0]!;
  return `${name}'s remote ${newest.url} changed its tools without a new version (${events.length > 1 ? `${events.length} times, last` : 'detected'} ${day(newest.detectedAt)}) — ${describeDiff(driftDiff(events))}. Check them with mcpm test ${name}.`;
}

/**
 * Locks the registry's published tools for a planned install and adds to its warnings what
 * differs from what was locked before (`existing`), and, for a remote, tool changes the Hub saw
 * there since. A registry that publishes none only costs a note: the install goes on.
 */
export async function lockPublishedTools(ctx: Context, plan: Plan, existing: LockEntry | undefined): Promise<void> {
  const registry = ctx.registry();
  const caps = await ctx.out.busy(`Reading the tools ${plan.name}@${plan.version} publishes`, () =>
    registry.capabilities(plan.name, plan.version),
  );
  const kept = plan.lock.registryTools
    ? `; kept the tools fingerprint locked ${day(plan.lock.registryTools.lockedAt)}`
    : '; no tools fingerprint locked';
  if (!caps.value) {
    plan.notes.push(`${caps.why}${kept}`);
    return;
  }
  const published = registryToolsOf(caps.value, new Date());
  if (!published) {
    const c = caps.value;
    plan.notes.push(
      `the registry's capabilities for ${plan.name}@${plan.version} are ${c.status}${c.reason ? ` (${c.reason})` : ''}${kept}`,
    );
    return;
  }
  plan.warnings.push(...publishedToolsWarnings(plan.name, plan.version, existing, published));
  // The same tools locked again keep their entry as it was, so a reinstall leaves the lockfile unchanged.
  plan.lock.registryTools = plan.lock.registryTools?.hash === published.hash ? plan.lock.registryTools : published;
  if (plan.target.kind !== 'remote') return;
  const drift = await registry.drift(plan.name);
  const events = drift.value ? unapprovedDrift(plan.lock, drift.value) : [];
  if (events.length) plan.warnings.push(driftMessage(plan.name, events));
}
