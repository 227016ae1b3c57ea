import fs from 'node:fs';
import path from 'node:path';
import { checkServerJson } from '@mcp-hub/domain';
import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { parseSpec } from '../install/spec';
import type { Args } from '../args';

/** publish / deprecate / unpublish: the publisher's side, with the token from `mcpm login`. */
export async function run(ctx: Context, args: Args): Promise<number> {
  if (args.command === 'publish') return publish(ctx, args);
  const input = args.positionals[0];
  const spec = input ? parseSpec(input) : undefined;
  if (!spec?.want)
    throw usage(
      `mcpm ${args.command} needs <name>@<version>.`,
      `e.g. mcpm ${args.command} io.github.you/weather@1.0.0${args.command === 'deprecate' ? ' "use 2.x"' : ''}`,
    );
  const token = await ctx.token();
  if (args.command === 'deprecate') {
    const message = args.positionals.slice(1).join(' ').trim();
    if (args.flags.undo) {
      await ctx.registry().setStatus(spec.name, spec.want, 'active', undefined, token);
      ctx.out.info(`${spec.name}@${spec.want} is active again.`);
      return 0;
    }
    if (!message) throw usage('Say why, and what to use instead: mcpm deprecate <name>@<version> "<message>".');
    await ctx.registry().setStatus(spec.name, spec.want, 'deprecated', message, token);
    ctx.out.info(`${spec.name}@${spec.want} deprecated: ${message}`);
    return 0;
  }
  await ctx.registry().unpublish(spec.name, spec.want, token);
  ctx.out.info(`${spec.name}@${spec.want} unpublished; the version string cannot be reused.`);
  return 0;
}

async function publish(ctx: Context, args: Args): Promise<number> {
  const file = path.resolve(ctx.config.cwd, args.positionals[0] ?? 'server.json');
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT')
      throw usage(`No ${path.basename(file)} in ${path.dirname(file)}.`, 'Create one with: mcpm init');
    throw new CliError('invalid', `${file} is not valid JSON: ${err.message}`);
  }
  const check = checkServerJson(doc);
  if (!check.ok) {
    const lines = check.errors.map((e) => `  ${e.location.replace(/^body\.?/, '') || '(document)'}: ${e.message}`);
    throw new CliError(
      'invalid',
      `${file} does not match the server.json schema${check.schemaDate ? ` (${check.schemaDate})` : ''}:\n${lines.join('\n')}`,
      'Fix these and run mcpm publish again; nothing was sent.',
    );
  }
  const { name, version } = check.server;
  if (args.flags['dry-run']) {
    ctx.out.info(`${name}@${version}: valid against the ${check.schemaDate} schema. Not published (--dry-run).`);
    return 0;
  }
  await ctx.registry().publish(doc, await ctx.token());
  ctx.out.info(`Published ${name}@${version} to ${ctx.config.registry}.`);
  return 0;
}
