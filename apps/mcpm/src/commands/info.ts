import { hasExactVersion, installability } from '@mcp-hub/domain';
import type { Context } from '../context';
import { CliError } from '../errors';
import { pinPackage } from '../install/package-version';
import { type InputNeed, type Target, deriveLaunch, needsOf, pickTarget, targetLabel } from '../install/plan';
import { type PublishedCapabilities, type Published, requiredArguments } from '../registry/capabilities';
import type { ServerDoc } from '../registry/client';
import { resolveVersion, specArgument } from '../install/spec';
import type { Args } from '../args';
import { bold, dim } from '../output';
import { which } from '../util';

export async function run(ctx: Context, args: Args): Promise<number> {
  const spec = specArgument(
    args.positionals,
    'info',
    'e.g. mcpm info io.github.acme/weather or io.github.acme/weather@1.2.0',
  );
  const versions = await ctx.out.busy(`Looking up ${spec.name}`, () => ctx.registry().versions(spec.name));
  const { entry, warnings } = resolveVersion(spec.name, versions, spec.want);
  const server = entry.server;
  const install = await installSection(ctx, server, warnings);
  // What the registry knows the version exposes; nothing is started here to find out.
  const caps = await ctx.out.busy(`Reading the tools ${server.name}@${server.version} publishes`, () =>
    ctx.registry().capabilities(server.name, server.version),
  );
  const key = spec.name.split('/')[1]!;
  const result = {
    name: server.name,
    version: server.version,
    title: server.title,
    description: server.description,
    status: entry.status,
    statusMessage: entry.statusMessage,
    publishedAt: entry.publishedAt,
    repository: server.repository?.url || undefined,
    websiteUrl: server.websiteUrl,
    versions: versions.map((v) => ({
      version: v.server.version,
      status: v.status,
      publishedAt: v.publishedAt,
      isLatest: v.isLatest,
    })),
    packages: server.packages ?? [],
    remotes: server.remotes ?? [],
    installs: install.target ? targetLabel(install.target) : undefined,
    inputs: install.needs,
    install: install.target
      ? {
          status: 'installable' as const,
          command: `mcpm install ${server.name}@${server.version}`,
          hostEntry: { mcpServers: { [key]: install.hostEntry } },
        }
      : { status: install.status, message: install.message, hint: install.hint },
    capabilities: caps.value,
    ...(caps.value ? {} : { capabilitiesUnavailable: caps.why }),
    warnings,
  };
  ctx.out.result(result, () => {
    const lines = [
      `${bold(`${server.name}@${server.version}`)}${server.title ? ` — ${server.title}` : ''}${entry.status !== 'active' ? ` [${entry.status}]` : ''}`,
      server.description,
    ];
    if (entry.statusMessage) lines.push(`${entry.status}: ${entry.statusMessage}`);
    if (result.repository) lines.push(`repository: ${result.repository}`);
    if (server.websiteUrl) lines.push(`website: ${server.websiteUrl}`);
    lines.push(
      '',
      bold('versions'),
      ctx.out.table(
        result.versions
          .slice(0, 10)
          .map((v) => [v.version, v.status + (v.isLatest ? ' (latest)' : ''), v.publishedAt?.slice(0, 10) ?? '']),
      ),
    );
    if (result.versions.length > 10) lines.push(dim(`… ${result.versions.length - 10} more (--json lists all)`));
    if (result.packages.length)
      lines.push(
        '',
        bold('packages'),
        ...result.packages.map(
          (p) =>
            `  ${p.registryType} ${p.identifier}${p.version ? `@${p.version}` : ''} (${p.transport?.type ?? 'stdio'})`,
        ),
      );
    if (result.remotes.length) lines.push('', bold('remotes'), ...result.remotes.map((r) => `  ${r.type} ${r.url}`));
    lines.push('', ...capabilitiesSection(caps, (rows) => ctx.out.table(rows)));
    if (install.needs.length) {
      lines.push('', bold('inputs'));
      for (const n of install.needs)
        lines.push(
          `  ${n.id}${n.isRequired ? ' (required)' : ''}${n.isSecret ? ' (secret)' : ''}${n.default !== undefined ? ` default ${n.default}` : ''}${n.description ? ` — ${n.description}` : ''}`,
        );
    }
    if (result.install.status === 'installable') {
      lines.push(
        '',
        bold('install'),
        `  ${result.install.command}`,
        dim(`  installs ${result.installs}; or add to a host file by hand:`),
        JSON.stringify(result.install.hostEntry, null, 2).replace(/^/gm, '  '),
      );
    } else lines.push('', bold('install'), `  ${result.install.message}`, `  ${result.install.hint}`);
    for (const w of warnings) lines.push(`warning: ${w}`);
    return lines.join('\n');
  });
  return 0;
}

type InstallSection =
  | { target: Target; needs: InputNeed[]; hostEntry: Record<string, unknown> }
  | { target?: undefined; needs: InputNeed[]; status: 'needs-docker' | 'none'; message: string; hint: string };

/**
 * What mcpm install would do with this version: the target and the host entry it writes, or,
 * when it would refuse, the very message and hint install gives (once, with the publisher's
 * link), so info never answers "see the server page" and the page never answers "use mcpm".
 */
async function installSection(ctx: Context, server: ServerDoc, warnings: string[]): Promise<InstallSection> {
  const hasCommand = (c: string) => which(c, ctx.config.env) !== undefined;
  let picked: Target;
  try {
    picked = pickTarget(server, { platform: process.platform, arch: process.arch, hasCommand }).target;
  } catch (e) {
    if (!(e instanceof CliError) || e.code !== 'not_found') throw e;
    const status =
      installability(server, { dockerAvailable: hasCommand('docker') }).status === 'needs-docker'
        ? 'needs-docker'
        : 'none';
    return { needs: [], status, message: e.message, hint: e.hint ?? '' };
  }
  const target = picked.kind === 'package' ? await pinnedForInfo(ctx, server, picked, warnings) : picked;
  const needs = needsOf(target);
  const placeholders = Object.fromEntries(
    needs.map((n) => [n.id, n.isSecret ? `<${n.id}>` : (n.default ?? `<${n.id}>`)]),
  );
  const launch = deriveLaunch(
    server,
    target,
    placeholders,
    needs.map((n) => ({ ...n, isSecret: false })),
  );
  const hostEntry =
    launch.kind === 'stdio'
      ? { command: launch.command, args: launch.args, ...(Object.keys(launch.env).length ? { env: launch.env } : {}) }
      : {
          type: launch.transport === 'sse' ? 'sse' : 'http',
          url: launch.url,
          ...(Object.keys(launch.headers).length ? { headers: launch.headers } : {}),
        };
  return { target, needs, hostEntry };
}

/**
 * The entry shown is the one mcpm install would write: a package naming a tag or range is pinned
 * to the release it names today. When that cannot be looked up, the publisher's version is shown
 * with a warning that installing it will be refused.
 */
async function pinnedForInfo(
  ctx: Context,
  server: ServerDoc,
  target: Extract<Target, { kind: 'package' }>,
  warnings: string[],
): Promise<Target> {
  if (hasExactVersion(target.pkg)) return target;
  try {
    const pkg = await ctx.out.busy(`Pinning ${target.pkg.identifier}`, () =>
      pinPackage(server, target.pkg, ctx.config),
    );
    warnings.push(
      `${server.name}@${server.version}'s ${target.pkg.registryType} package names "${target.pkg.version ?? ''}", not one release; shown pinned to what it names today (${pkg.version}), as mcpm install locks it.`,
    );
    return { kind: 'package', pkg };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    warnings.push(`${e.message} mcpm install refuses it.`);
    return target;
  }
}

/**
 * The tools (name, title, first line of the description, required arguments), then how many
 * resources and prompts, and how that is known: inspected by the Hub, declared by the publisher,
 * or why it is not.
 */
export function capabilitiesSection(
  caps: Published<PublishedCapabilities>,
  table: (rows: string[][]) => string,
): string[] {
  if (!caps.value) return [bold('tools'), `  unknown: ${caps.why}`];
  const c = caps.value;
  const how =
    c.source === 'declared'
      ? 'declared by the publisher (not inspected)'
      : c.inspectedAt
        ? `inspected by the Hub on ${c.inspectedAt.slice(0, 10)}${c.transport ? ` (${c.transport})` : ''}`
        : 'not inspected';
  if (c.status !== 'ok') {
    const missing = c.missingConfig?.length ? ` — needs ${c.missingConfig.join(', ')}` : '';
    return [bold('tools'), `  unknown: ${c.status}${c.reason ? `: ${c.reason}` : ''}${missing}`];
  }
  const lines = [bold(`tools (${c.tools.length})`) + dim(` — ${how}`)];
  if (c.tools.length)
    lines.push(
      table(
        c.tools.map((t) => [
          `  ${t.name}(${requiredArguments(t).join(', ')})`,
          [t.title, firstLine(t.description)].filter(Boolean).join(' — '),
        ]),
      ),
    );
  else lines.push('  none');
  const counts = [
    `${c.resources.length} resource${c.resources.length === 1 ? '' : 's'}`,
    ...(c.resourceTemplates.length
      ? [`${c.resourceTemplates.length} resource template${c.resourceTemplates.length === 1 ? '' : 's'}`]
      : []),
    `${c.prompts.length} prompt${c.prompts.length === 1 ? '' : 's'}`,
  ];
  lines.push(`  ${counts.join(', ')}`);
  if (c.changes) {
    const d = c.changes;
    const parts = [
      d.added.length ? `added ${d.added.join(', ')}` : '',
      d.removed.length ? `removed ${d.removed.join(', ')}` : '',
      d.changed.length ? `changed ${d.changed.join(', ')}` : '',
    ].filter(Boolean);
    if (parts.length) lines.push(`  since ${d.since}: ${parts.join('; ')}`);
  }
  if (c.toolsFingerprint) lines.push(dim(`  tools fingerprint ${c.toolsFingerprint}`));
  return lines;
}

/** A description's first line, cut to 100 characters. */
function firstLine(s: string | undefined): string {
  const line = (s ?? '').split('\n')[0]!.trim();
  return line.length > 100 ? line.slice(0, 99) + '…' : line;
}
