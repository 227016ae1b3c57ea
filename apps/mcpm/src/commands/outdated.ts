import semver from 'semver';
import type { Context } from '../context';
import { resolveVersion } from '../install/spec';
import type { Args } from '../args';
import { readManifest, requirements } from '../manifest';
import { type Installed, installed } from './list';

export interface Outdated {
  name: string;
  scope: 'project' | 'global';
  current: string;
  wanted: string;
  latest: string;
  currentStatus: string;
}

/** For each installed server: the newest version its range allows (wanted) and the newest of all. */
export async function outdatedOf(ctx: Context, list: Installed[]): Promise<Outdated[]> {
  const out: Outdated[] = [];
  for (const s of list) {
    const versions = await ctx.out.busy(`Looking up ${s.name}`, () => ctx.registry().versions(s.name));
    const range = rangeFor(s);
    const latest = resolveVersion(s.name, versions).entry.server.version;
    let wanted: string;
    try {
      wanted = resolveVersion(s.name, versions, range).entry.server.version;
    } catch {
      wanted = s.version;
    }
    const currentStatus = versions.find((v) => v.server.version === s.version)?.status ?? 'deleted';
    out.push({ name: s.name, scope: s.scope, current: s.version, wanted, latest, currentStatus });
  }
  return out;
}

function rangeFor(s: Installed): string | undefined {
  if (!s.manifestPath) return undefined;
  try {
    return requirements(readManifest(s.manifestPath), s.manifestPath).find((r) => r.name === s.name)?.range;
  } catch {
    // An unreadable manifest is install's to report; here the latest is what is wanted.
    return undefined;
  }
}

export const isNewer = (a: string, b: string) => (semver.valid(a) && semver.valid(b) ? semver.gt(a, b) : a !== b);

export async function run(ctx: Context, args: Args): Promise<number> {
  const rows = (await outdatedOf(ctx, installed(ctx, args.flags))).filter(
    (r) => isNewer(r.latest, r.current) || isNewer(r.wanted, r.current),
  );
  ctx.out.result({ outdated: rows }, () => {
    if (rows.length === 0) return 'Everything is up to date.';
    return (
      ctx.out.table([
        ['NAME', 'CURRENT', 'WANTED', 'LATEST', 'SCOPE'],
        ...rows.map((r) => [r.name, r.current, r.wanted, r.latest, r.scope]),
      ]) + '\n\nmcpm update moves each to WANTED.'
    );
  });
  // As `npm outdated`: a script or CI step can fail on "updates exist" without parsing output.
  return rows.length > 0 ? 1 : 0;
}
