/**
 * What can be installed for a server, and when nothing can, why not: one rule for `mcpm info`,
 * `mcpm install` and the web app's install panel, so the site never says "use mcpm" for a
 * server mcpm turns away, and mcpm never sends the user back to the site.
 */
import {
  type LaunchPackage,
  type LaunchServer,
  type Target,
  deriveLaunch,
  launchTargets,
  needsOf,
  ociImage,
} from './launch';

/** Something the server offers that cannot be installed, and why, in words a user can act on. */
export interface InstallSkip {
  offer: string;
  reason: string;
}

export type Installability =
  /** `targets`: what can be installed, best first (PACKAGE_ORDER); `targets[0]` is the default. */
  | { status: 'installable'; targets: Target[]; skipped: InstallSkip[] }
  /** Only OCI images, and Docker is known to be missing: `command` starts the best one by hand. */
  | { status: 'needs-docker'; image: string; command: string; skipped: InstallSkip[] }
  /** Nothing installable: `reason` says why in one sentence; `link` is where the publisher explains how to run it. */
  | { status: 'none'; reason: string; link?: string; skipped: InstallSkip[] };

export interface InstallabilityServer extends LaunchServer {
  repository?: { url?: string };
  websiteUrl?: string;
}

/**
 * Installable: a stdio package of a type in PACKAGE_ORDER (an MCP bundle only with its
 * fileSha256, the check mcpm runs on it) or a streamable-http/SSE remote. A package that serves
 * HTTP itself is a server the user starts and then connects to, which no host entry can do.
 * `dockerAvailable`: false when the caller knows Docker is missing (mcpm, from PATH), which
 * turns OCI images from installable into "needs Docker"; undefined when it cannot know (the web).
 */
export function installability(server: InstallabilityServer, o: { dockerAvailable?: boolean } = {}): Installability {
  const skipped: InstallSkip[] = [];
  const targets: Target[] = [];
  const images: LaunchPackage[] = [];
  const launchable = launchTargets(server);
  for (const pkg of server.packages ?? []) {
    const offer = `${pkg.registryType} package ${pkg.identifier}`;
    const transport = pkg.transport?.type ?? 'stdio';
    if (transport !== 'stdio')
      skipped.push({
        offer,
        reason: `it serves ${transport} itself${pkg.transport?.url ? ` at ${pkg.transport.url}` : ''}: a server you start yourself, then connect to`,
      });
    else if (!launchable.some((t) => t.kind === 'package' && t.pkg === pkg))
      skipped.push({ offer, reason: `mcpm has no runtime for ${pkg.registryType} packages` });
    else if (pkg.registryType === 'mcpb' && !pkg.fileSha256)
      skipped.push({ offer, reason: 'its bundle has no fileSha256, so it cannot be checked' });
  }
  for (const remote of server.remotes ?? []) {
    if (remote.type !== 'streamable-http' && remote.type !== 'sse')
      skipped.push({
        offer: `remote ${remote.url}`,
        reason: `its transport "${remote.type}" is not one MCP hosts speak`,
      });
  }
  for (const t of launchable) {
    if (t.kind === 'package' && t.pkg.registryType === 'mcpb' && !t.pkg.fileSha256) continue;
    if (t.kind === 'package' && t.pkg.registryType === 'oci' && o.dockerAvailable === false) images.push(t.pkg);
    else targets.push(t);
  }
  if (targets.length > 0) {
    for (const pkg of images)
      skipped.push({ offer: `oci image ${ociImage(pkg)}`, reason: 'Docker is not installed here' });
    return { status: 'installable', targets, skipped };
  }
  const image = images[0];
  if (image)
    return {
      status: 'needs-docker',
      image: ociImage(image),
      command: commandLine(server, { kind: 'package', pkg: image }),
      skipped,
    };
  const link = server.repository?.url || server.websiteUrl || undefined;
  const reason = skipped.length
    ? `it offers only ${skipped.map((s) => `${s.offer} (${s.reason})`).join('; ')}.`
    : 'it lists no package and no remote, so there is nothing to install.';
  return { status: 'none', reason, ...(link ? { link } : {}), skipped };
}

/** The launch as one shell line, inputs as `<ID>` placeholders: what a user types to start it by hand. */
function commandLine(server: LaunchServer, target: Target): string {
  const ids = new Set(needsOf(target).map((n) => n.id));
  const launch = deriveLaunch(server, target, (id) => (ids.has(id) ? `<${id}>` : undefined), { bundleCommand: 'mcpm' });
  if (launch.kind !== 'stdio') return launch.url;
  const env = Object.entries(launch.env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...env, launch.command, ...launch.args.map(quote)].join(' ');
}

/** Single quotes around a word the shell would split or expand; `<ID>` placeholders are left as written. */
const quote = (word: string) =>
  /^([A-Za-z0-9_@%+=:,./-]|<[A-Za-z0-9_.-]+>)+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
