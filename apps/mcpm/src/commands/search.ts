import type { Context } from '../context';
import { usage } from '../errors';
import type { Args } from '../args';
import { dim } from '../output';

export async function run(ctx: Context, args: Args): Promise<number> {
  const query = args.positionals.join(' ').trim();
  if (!query) throw usage('mcpm search needs some words to look for.', 'e.g. mcpm search send email');
  const limitFlag = args.flags.limit as string | undefined;
  const limit = limitFlag === undefined ? 20 : Number(limitFlag);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw usage(`--limit must be a whole number from 1 to 100, not "${limitFlag}".`);
  const found = await ctx.out.busy(`Searching ${ctx.config.registry}`, () => ctx.registry().search(query, limit));
  ctx.out.result(
    {
      query,
      registry: ctx.config.registry,
      source: found.source,
      total: found.total ?? found.results.length,
      results: found.results,
    },
    () => {
      if (found.results.length === 0) return `No servers match "${query}". Try fewer or broader words.`;
      const rows = found.results.map((r) => [
        r.name,
        r.version,
        kinds(
          r.packages.map((p) => p.registryType),
          r.remotes.length > 0,
        ) + (r.status === 'deprecated' ? ' (deprecated)' : ''),
        truncate(r.description, 70),
      ]);
      const more =
        found.total !== undefined && found.total > found.results.length
          ? `\n${dim(`${found.results.length} of ${found.total}; --limit shows more`)}`
          : '';
      return ctx.out.table([['NAME', 'VERSION', 'RUNS VIA', 'DESCRIPTION'], ...rows]) + more;
    },
  );
  return 0;
}

function kinds(types: string[], remote: boolean): string {
  const all = [...new Set(types), ...(remote ? ['remote'] : [])];
  return all.join(',') || '-';
}

const truncate = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
