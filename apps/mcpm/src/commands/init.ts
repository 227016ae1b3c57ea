import fs from 'node:fs';
import path from 'node:path';
import { CURRENT_SCHEMA_DATE, checkServerJson, schemaUrl } from '@mcp-hub/domain';
import type { Context } from '../context';
import { CliError, usage } from '../errors';
import type { Args } from '../args';
import { ask } from '../prompt';

/** Writes a server.json that validates against the current schema, asking for what flags don't give. */
export async function run(ctx: Context, args: Args): Promise<number> {
  const file = path.join(ctx.config.cwd, 'server.json');
  if (fs.existsSync(file) && !args.flags.force)
    throw usage(`${file} already exists.`, 'Edit it, or pass --force to start over.');
  const f = args.flags as Record<string, string | undefined>;
  const asking = ctx.config.interactive && !args.flags.yes;
  const pkg = readPackageJson(ctx.config.cwd);
  const get = async (
    label: string,
    given: string | undefined,
    fallback: string | undefined,
  ): Promise<string | undefined> => {
    if (given !== undefined) return given;
    if (!asking) return fallback;
    const answer = (await ask(`${label}${fallback ? ` (${fallback})` : ''}: `)).trim();
    return answer || fallback;
  };
  const name = await get('Server name, e.g. io.github.you/weather', f.name, pkg?.mcpName);
  if (!name)
    throw usage('A server name is needed.', 'Pass --name io.github.<you>/<server> (with --yes), or run in a terminal.');
  const description = await get('Description', f.description, pkg?.description);
  const version = await get('Version', f.version, pkg?.version ?? '1.0.0');
  const npm =
    f.npm ??
    (!f.pypi && !f.oci && !f.remote ? await get('npm package (empty for none)', undefined, pkg?.name) : undefined);
  const doc: Record<string, unknown> = {
    $schema: schemaUrl(CURRENT_SCHEMA_DATE),
    name,
    description: description ?? '',
    version,
    ...(f.title ? { title: f.title } : {}),
    ...(f.repository
      ? { repository: { url: f.repository, source: f.repository.includes('github.com') ? 'github' : 'git' } }
      : {}),
  };
  const packages: unknown[] = [];
  if (npm) packages.push({ registryType: 'npm', identifier: npm, version, transport: { type: 'stdio' } });
  if (f.pypi) packages.push({ registryType: 'pypi', identifier: f.pypi, version, transport: { type: 'stdio' } });
  if (f.oci)
    packages.push({
      registryType: 'oci',
      identifier: f.oci.includes(':') ? f.oci : `${f.oci}:${version}`,
      transport: { type: 'stdio' },
    });
  if (packages.length) doc.packages = packages;
  if (f.remote) doc.remotes = [{ type: 'streamable-http', url: f.remote }];
  const check = checkServerJson(doc);
  if (!check.ok) {
    throw new CliError(
      'invalid',
      `That would not be a valid server.json:\n${check.errors.map((e) => `  ${e.location.replace(/^body\.?/, '')}: ${e.message}`).join('\n')}`,
      'Fix the values and run mcpm init again; nothing was written.',
    );
  }
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  ctx.out.info(`Wrote ${file} (${name}@${version}). Check it, then: mcpm publish`);
  return 0;
}

function readPackageJson(
  dir: string,
): { name?: string; version?: string; description?: string; mcpName?: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
