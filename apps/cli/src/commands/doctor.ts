import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Context } from '../context';
import { HOSTS } from '../hosts';
import { globalScope } from '../lock';
import { hostEnvFor } from '../install/installer';
import type { Args } from '../main';
import { table } from '../output';
import { which } from '../util';

interface Check {
  area: string;
  name: string;
  ok: boolean;
  /** A failed optional check (a missing runtime) is a note, not a failure. */
  optional?: boolean;
  detail: string;
}

export async function run(ctx: Context, _args: Args): Promise<number> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ area: 'runtime', name: 'node', ok: major >= 20, detail: process.version });
  for (const [command, why] of [['npx', 'npm packages'], ['uvx', 'PyPI packages'], ['docker', 'OCI images']] as const) {
    const at = which(command, ctx.config.env);
    const version = at ? spawnSync(at, ['--version'], { encoding: 'utf8', timeout: 5000, env: ctx.config.env }).stdout?.trim().split('\n')[0] : undefined;
    checks.push({ area: 'runtime', name: command, ok: at !== undefined, optional: true, detail: at ? `${version || 'found'} (${at})` : `not found — needed for ${why}` });
  }
  const env = hostEnvFor(ctx, globalScope(ctx.config.home));
  for (const host of Object.values(HOSTS)) {
    const file = host.configPath(env, 'user');
    if (!file || !fs.existsSync(file)) continue;
    try {
      const entries = host.entries(fs.readFileSync(file, 'utf8'), env);
      checks.push({ area: 'host', name: host.id, ok: true, detail: `${file}: ${entries.length} server${entries.length === 1 ? '' : 's'}` });
    } catch (e) {
      checks.push({ area: 'host', name: host.id, ok: false, detail: `${file}: ${(e as Error).message}` });
    }
  }
  if (!checks.some((c) => c.area === 'host')) checks.push({ area: 'host', name: '(none)', ok: true, optional: true, detail: 'no host config files found; mcpm install --host <host> creates one' });
  const ping = await ctx.registry().ping();
  checks.push({ area: 'registry', name: ctx.config.registry, ok: ping.ok, detail: `${ping.detail}, ${ping.ms} ms` });
  try {
    const vault = await ctx.vault();
    await vault.check();
    checks.push({ area: 'vault', name: vault.kind, ok: true, detail: vault.location });
  } catch (e) {
    checks.push({ area: 'vault', name: ctx.config.vault.kind, ok: false, detail: (e as Error).message });
  }
  const failed = checks.filter((c) => !c.ok && !c.optional);
  ctx.out.result({ ok: failed.length === 0, checks }, () => table(checks.map((c) => [c.ok ? 'ok' : c.optional ? 'note' : 'FAIL', c.area, c.name, c.detail])) + (failed.length ? `\n\n${failed.length} problem${failed.length > 1 ? 's' : ''} found.` : '\n\nAll good.'));
  return failed.length ? 1 : 0;
}
