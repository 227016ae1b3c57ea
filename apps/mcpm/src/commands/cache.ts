import type { Context } from '../context';
import { usage } from '../errors';
import type { Args } from '../args';

export async function run(ctx: Context, args: Args): Promise<number> {
  const store = ctx.registry().cacheStore;
  const verb = args.positionals[0];
  if (verb === 'clean' || verb === 'clear') {
    const removed = store.clean();
    ctx.out.result(
      { dir: ctx.config.cacheDir, removedFiles: removed.files, removedBytes: removed.bytes },
      () => `Removed ${removed.files} cached responses (${kb(removed.bytes)}) from ${ctx.config.cacheDir}.`,
    );
    return 0;
  }
  if (verb === 'ls' || verb === undefined) {
    const s = store.stats();
    ctx.out.result(
      { dir: ctx.config.cacheDir, files: s.files, bytes: s.bytes },
      () => `${ctx.config.cacheDir}: ${s.files} cached responses, ${kb(s.bytes)}.`,
    );
    return 0;
  }
  throw usage(`Unknown cache action "${verb}".`, 'Use: mcpm cache clean | mcpm cache ls');
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
