import type { Context } from '../context';
import type { Args } from '../args';
import { installed } from './list';

/** Installed versions the registry has since deprecated or deleted; exits 1 when there are any, so CI can gate on it. */
export async function run(ctx: Context, args: Args): Promise<number> {
  const findings: {
    name: string;
    version: string;
    scope: string;
    status: string;
    message?: string;
    latest?: string;
  }[] = [];
  const list = installed(ctx, args.flags);
  for (const s of list) {
    const versions = await ctx
      .registry()
      .versions(s.name)
      .catch(() => undefined);
    const mine = versions?.find((v) => v.server.version === s.version);
    const latest = versions?.find((v) => v.isLatest)?.server.version;
    const status = versions === undefined ? 'deleted' : (mine?.status ?? 'deleted');
    if (status !== 'active')
      findings.push({ name: s.name, version: s.version, scope: s.scope, status, message: mine?.statusMessage, latest });
  }
  ctx.out.result({ checked: list.length, findings }, () => {
    if (findings.length === 0)
      return `${list.length} installed server${list.length === 1 ? '' : 's'} checked: all active in ${ctx.config.registry}.`;
    return (
      ctx.out.table([
        ['NAME', 'VERSION', 'STATUS', 'MESSAGE'],
        ...findings.map((f) => [f.name, f.version, f.status, f.message ?? (f.latest ? `latest is ${f.latest}` : '')]),
      ]) + `\n\n${findings.length} of ${list.length} need attention: mcpm update, or mcpm uninstall.`
    );
  });
  return findings.length ? 1 : 0;
}
