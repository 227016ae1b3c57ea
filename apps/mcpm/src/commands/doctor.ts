import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Context } from '../context';
import { type FoundEntry, HOSTS, writeHostFile } from '../hosts';
import { type Scope, findProjectRoot, globalScope, projectScope } from '../lock';
import { hostEnvFor, hostScopeOf, selfCallOf, withSelf } from '../install/installer';
import type { Args } from '../args';
import { which } from '../util';

interface Check {
  area: string;
  name: string;
  ok: boolean;
  /** A failed optional check (a missing runtime) is a note, not a failure. */
  optional?: boolean;
  detail: string;
}

export async function run(ctx: Context, args: Args): Promise<number> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ area: 'runtime', name: 'node', ok: major >= 20, detail: process.version });
  for (const [command, why] of [
    ['npx', 'npm packages'],
    ['uvx', 'PyPI packages'],
    ['docker', 'OCI images'],
  ] as const) {
    const at = which(command, ctx.config.env);
    const version = at
      ? spawnSync(at, ['--version'], { encoding: 'utf8', timeout: 5000, env: ctx.config.env })
          .stdout?.trim()
          .split('\n')[0]
      : undefined;
    checks.push({
      area: 'runtime',
      name: command,
      ok: at !== undefined,
      optional: true,
      detail: at ? `${version || 'found'} (${at})` : `not found — needed for ${why}`,
    });
  }
  const env = hostEnvFor(ctx, globalScope(ctx.config.home));
  for (const host of Object.values(HOSTS)) {
    const file = host.configPath(env, 'user');
    if (!file || !fs.existsSync(file)) continue;
    try {
      const entries = host.entries(fs.readFileSync(file, 'utf8'), env);
      checks.push({
        area: 'host',
        name: host.id,
        ok: true,
        detail: `${file}: ${entries.length} server${entries.length === 1 ? '' : 's'}`,
      });
    } catch (e) {
      checks.push({ area: 'host', name: host.id, ok: false, detail: `${file}: ${(e as Error).message}` });
    }
  }
  checks.push(...entryChecks(ctx, args.flags.fix === true));
  if (!checks.some((c) => c.area === 'host'))
    checks.push({
      area: 'host',
      name: '(none)',
      ok: true,
      optional: true,
      detail: 'no host config files found; mcpm install --host <host> creates one',
    });
  const ping = await ctx.out.busy(`Reaching ${ctx.config.registry}`, () => ctx.registry().ping());
  checks.push({ area: 'registry', name: ctx.config.registry, ok: ping.ok, detail: `${ping.detail}, ${ping.ms} ms` });
  try {
    const vault = await ctx.vault();
    await vault.check();
    checks.push({ area: 'vault', name: vault.kind, ok: true, detail: vault.location });
  } catch (e) {
    checks.push({ area: 'vault', name: ctx.config.vault.kind, ok: false, detail: (e as Error).message });
  }
  const failed = checks.filter((c) => !c.ok && !c.optional);
  ctx.out.result(
    { ok: failed.length === 0, checks },
    () =>
      ctx.out.table(checks.map((c) => [c.ok ? 'ok' : c.optional ? 'note' : 'FAIL', c.area, c.name, c.detail])) +
      (failed.length ? `\n\n${failed.length} problem${failed.length > 1 ? 's' : ''} found.` : '\n\nAll good.'),
  );
  return failed.length ? 1 : 0;
}

/**
 * Host entries mcpm wrote call it back by absolute paths (node, then the mcpm script): which ones
 * each uses, and which no longer exist — a node upgrade through nvm or Homebrew removes the old
 * binary, and the host then fails to start every server. Older entries call `mcpm` by bare name,
 * which a host started outside a shell may not find. `--fix` points them all at this node and mcpm.
 */
function entryChecks(ctx: Context, fix: boolean): Check[] {
  const self = ctx.config.self;
  const checks: Check[] = [
    {
      area: 'entries',
      name: 'mcpm',
      ok: true,
      detail: `entries mcpm writes run ${[self.command, ...self.args].join(' ')}`,
    },
  ];
  const root = findProjectRoot(ctx.config.cwd);
  const scopes: Scope[] = [globalScope(ctx.config.home), ...(root ? [projectScope(root)] : [])];
  for (const scope of scopes) {
    const env = hostEnvFor(ctx, scope);
    for (const host of Object.values(HOSTS)) {
      if (!host.scopes.includes(hostScopeOf(scope))) continue;
      const file = host.configPath(env, hostScopeOf(scope));
      if (!file || !fs.existsSync(file)) continue;
      let text = fs.readFileSync(file, 'utf8');
      let entries: FoundEntry[];
      try {
        entries = host.entries(text, env);
      } catch {
        continue; // reported by the host check
      }
      let fixed = 0;
      for (const e of entries) {
        const call = selfCallOf(e.launch);
        if (!call || e.launch?.kind !== 'stdio') continue;
        const where = `${file}: "${e.key}"`;
        let problem: string;
        if (call.bare)
          problem =
            'calls mcpm by bare name, which a host started outside a shell (from the Dock, a desktop menu) may not find on its PATH';
        else if (!fs.existsSync(call.node))
          problem = `its node ${call.node} no longer exists (was node upgraded or moved?)`;
        else if (!fs.existsSync(call.script))
          problem = `its mcpm ${call.script} no longer exists (was mcpm reinstalled elsewhere?)`;
        else {
          checks.push({
            area: 'entry',
            name: host.id,
            ok: true,
            detail: `${where} runs node ${call.node}, mcpm ${call.script}`,
          });
          continue;
        }
        if (fix) {
          text = host.upsert(text, e.key, withSelf(e.launch, call.run, self), env);
          fixed++;
          checks.push({
            area: 'entry',
            name: host.id,
            ok: true,
            detail: `${where} fixed (${problem}); it now runs ${[self.command, ...self.args].join(' ')}`,
          });
        } else {
          checks.push({
            area: 'entry',
            name: host.id,
            ok: false,
            optional: call.bare,
            detail: `${where} ${problem}. Fix: mcpm doctor --fix`,
          });
        }
      }
      if (fixed) writeHostFile(file, text, { backup: true });
    }
  }
  return checks;
}
