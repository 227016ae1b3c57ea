import { type ToolsDiff, diffTools } from '@mcp-hub/domain';
import type { Context } from '../context';
import type { Args } from '../args';
import {
  describeDiff,
  driftDiff,
  driftMessage,
  lockedFingerprint,
  registryToolsOf,
  unapprovedDrift,
} from '../install/published-tools';
import { readLock } from '../lock';
import type { DriftEvent } from '../registry/capabilities';
import { installed } from './list';

type Finding = { name: string; version: string; scope: string; message?: string } & (
  | { kind: 'status'; status: string; latest?: string }
  | ({ kind: 'tools-changed'; lockedBy: 'registry' | 'mcpm test'; locked: string; published: string } & ToolsDiff)
  | ({ kind: 'drift'; url: string; detectedAt: string; events: DriftEvent[] } & ToolsDiff)
);

/**
 * Installed versions that need attention, exiting 1 when there are any so CI can gate on it:
 * versions the registry has since deprecated or deleted; versions whose tools the registry now
 * publishes differently from the fingerprint locked for them; and remotes whose tools changed
 * without a new version (the Hub's drift events) since the tools the lock approved. A registry
 * that publishes no capabilities only leaves a note.
 */
export async function run(ctx: Context, args: Args): Promise<number> {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const list = installed(ctx, args.flags);
  const registry = ctx.registry();
  for (const s of list) {
    const base = { name: s.name, version: s.version, scope: s.scope };
    const versions = await registry.versions(s.name).catch(() => undefined);
    const mine = versions?.find((v) => v.server.version === s.version);
    const latest = versions?.find((v) => v.isLatest)?.server.version;
    const status = versions === undefined ? 'deleted' : (mine?.status ?? 'deleted');
    if (status !== 'active') findings.push({ ...base, kind: 'status', status, message: mine?.statusMessage, latest });
    if (status === 'deleted') continue;

    const entry = readLock(s.lockfile).servers[s.name];
    if (!entry) continue;
    const caps = await registry.capabilities(s.name, s.version);
    if (!caps.value) notes.push(`${s.name}@${s.version}: ${caps.why}`);
    const published = caps.value ? registryToolsOf(caps.value, new Date()) : undefined;
    const locked = lockedFingerprint(entry);
    // Either fingerprint the lock holds approves the registry's tools: the one taken at install, or a later mcpm test's.
    const approved = published && (entry.registryTools?.hash === published.hash || entry.toolsHash === published.hash);
    if (published && locked && !approved) {
      const diff = diffTools(locked.tools, published.tools);
      findings.push({
        ...base,
        kind: 'tools-changed',
        lockedBy: locked.by,
        locked: locked.hash,
        published: published.hash,
        ...diff,
        message: `the registry's tools differ from the ones locked (${locked.by === 'registry' ? 'at install' : 'by mcpm test'}) — ${describeDiff(diff)}`,
      });
    }
    if (!entry.remote) continue;
    const drift = await registry.drift(s.name);
    const events = drift.value ? unapprovedDrift(entry, drift.value) : [];
    if (events.length)
      findings.push({
        ...base,
        kind: 'drift',
        url: events[0]!.url,
        detectedAt: events[0]!.detectedAt,
        events,
        ...driftDiff(events),
        message: driftMessage(s.name, events),
      });
  }
  ctx.out.result({ checked: list.length, findings, ...(notes.length ? { notes } : {}) }, () => {
    const noteLines = notes.map((n) => `note: ${n}`);
    if (findings.length === 0)
      return [
        `${list.length} installed server${list.length === 1 ? '' : 's'} checked: all active in ${ctx.config.registry}, no tool changes.`,
        ...noteLines,
      ].join('\n');
    return [
      ctx.out.table([
        ['NAME', 'VERSION', 'FINDING', 'DETAIL'],
        ...findings.map((f) => [
          f.name,
          f.version,
          f.kind === 'status' ? f.status : f.kind === 'drift' ? 'tools drifted' : 'tools changed',
          f.message ?? (f.kind === 'status' && f.latest ? `latest is ${f.latest}` : ''),
        ]),
      ]),
      '',
      `${new Set(findings.map((f) => f.name)).size} of ${list.length} need attention:`,
      ...whatToDo(findings),
      ...noteLines,
    ].join('\n');
  });
  return findings.length ? 1 : 0;
}

/** One line of advice per kind of finding present. */
function whatToDo(findings: Finding[]): string[] {
  const kinds = new Set(findings.map((f) => f.kind));
  return [
    kinds.has('status') ? '  deprecated or deleted: mcpm update, or mcpm uninstall' : '',
    kinds.has('tools-changed')
      ? "  tools changed: mcpm test <name> shows what the server serves; mcpm install <name> locks the registry's tools"
      : '',
    kinds.has('drift')
      ? '  tools drifted: mcpm test <name> checks what the remote serves now and approves it (--update-lock once tools were locked)'
      : '',
  ].filter(Boolean);
}
