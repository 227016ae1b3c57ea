import type { Context } from '../context';
import { usage } from '../errors';
import { deriveLaunch, needsOf, pickTarget, targetLabel } from '../install/plan';
import { parseSpec, resolveVersion } from '../install/spec';
import type { Args } from '../main';
import { bold, dim, table } from '../output';
import { which } from '../util';

export async function run(ctx: Context, args: Args): Promise<number> {
  const input = args.positionals[0];
  if (!input || args.positionals.length > 1) throw usage('mcpm info takes one server name.', 'e.g. mcpm info io.github.acme/weather or io.github.acme/weather@1.2.0');
  const spec = parseSpec(input);
  const versions = await ctx.registry().versions(spec.name);
  const { entry, warnings } = resolveVersion(spec.name, versions, spec.want);
  const server = entry.server;
  const { target } = pickTarget(server, { platform: process.platform, arch: process.arch, hasCommand: (c) => which(c, ctx.config.env) !== undefined });
  const needs = needsOf(target);
  const placeholders = Object.fromEntries(needs.map((n) => [n.id, n.isSecret ? `<${n.id}>` : (n.default ?? `<${n.id}>`)]));
  const launch = deriveLaunch(server, target, placeholders, needs.map((n) => ({ ...n, isSecret: false })));
  const hostEntry =
    launch.kind === 'stdio'
      ? { command: launch.command, args: launch.args, ...(Object.keys(launch.env).length ? { env: launch.env } : {}) }
      : { type: launch.transport === 'sse' ? 'sse' : 'http', url: launch.url, ...(Object.keys(launch.headers).length ? { headers: launch.headers } : {}) };
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
    versions: versions.map((v) => ({ version: v.server.version, status: v.status, publishedAt: v.publishedAt, isLatest: v.isLatest })),
    packages: server.packages ?? [],
    remotes: server.remotes ?? [],
    installs: targetLabel(target),
    inputs: needs,
    install: { command: `mcpm install ${server.name}@${server.version}`, hostEntry: { mcpServers: { [key]: hostEntry } } },
    warnings,
  };
  ctx.out.result(result, () => {
    const lines = [`${bold(`${server.name}@${server.version}`)}${server.title ? ` — ${server.title}` : ''}${entry.status !== 'active' ? ` [${entry.status}]` : ''}`, server.description];
    if (entry.statusMessage) lines.push(`${entry.status}: ${entry.statusMessage}`);
    if (result.repository) lines.push(`repository: ${result.repository}`);
    if (server.websiteUrl) lines.push(`website: ${server.websiteUrl}`);
    lines.push('', bold('versions'), table(result.versions.slice(0, 10).map((v) => [v.version, v.status + (v.isLatest ? ' (latest)' : ''), v.publishedAt?.slice(0, 10) ?? ''])));
    if (result.versions.length > 10) lines.push(dim(`… ${result.versions.length - 10} more (--json lists all)`));
    if (result.packages.length) lines.push('', bold('packages'), ...result.packages.map((p) => `  ${p.registryType} ${p.identifier}${p.version ? `@${p.version}` : ''} (${p.transport?.type ?? 'stdio'})`));
    if (result.remotes.length) lines.push('', bold('remotes'), ...result.remotes.map((r) => `  ${r.type} ${r.url}`));
    if (needs.length) {
      lines.push('', bold('inputs'));
      for (const n of needs) lines.push(`  ${n.id}${n.isRequired ? ' (required)' : ''}${n.isSecret ? ' (secret)' : ''}${n.default !== undefined ? ` default ${n.default}` : ''}${n.description ? ` — ${n.description}` : ''}`);
    }
    lines.push('', bold('install'), `  ${result.install.command}`, dim(`  installs ${result.installs}; or add to a host file by hand:`), JSON.stringify(result.install.hostEntry, null, 2).replace(/^/gm, '  '));
    for (const w of warnings) lines.push(`warning: ${w}`);
    return lines.join('\n');
  });
  return 0;
}
