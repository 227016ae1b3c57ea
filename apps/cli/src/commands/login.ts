import type { Context } from '../context';
import { registryKey } from '../context';
import { usage } from '../errors';
import type { Args } from '../main';
import { ask, readStdin } from '../prompt';

/** login / logout / whoami: a Hub API token, kept in the vault (never in ~/.mcpmrc). */
export async function run(ctx: Context, args: Args): Promise<number> {
  const ref = { server: '_hub', name: registryKey(ctx.config.registry) };
  if (args.command === 'logout') {
    const vault = await ctx.vault();
    const had = (await vault.get(ref)) !== undefined;
    await vault.delete(ref);
    ctx.out.info(had ? `Logged out of ${ctx.config.registry}.` : `Was not logged in to ${ctx.config.registry}.`);
    return 0;
  }
  if (args.command === 'whoami') {
    const me = await ctx.registry().whoami(await ctx.token());
    ctx.out.result({ registry: ctx.config.registry, ...me }, () => `${me.namespace} (scopes: ${me.scopes.join(', ')}; token ${me.tokenId}) at ${ctx.config.registry}`);
    return 0;
  }
  let token = args.flags.token as string | undefined;
  if (token === undefined) {
    if (ctx.config.interactive) token = await ask(`Hub API token for ${ctx.config.registry} (not shown): `, { secret: true });
    else if (!process.stdin.isTTY) token = await readStdin();
  }
  token = token?.trim();
  if (!token) throw usage('No token given.', 'Create one on the Hub (pnpm hub tokens create …), then: mcpm login --token <token>, or pipe it: echo $TOKEN | mcpm login');
  // Check it before storing: a typo should fail here, not at the first publish.
  const me = await ctx.registry().whoami(token);
  await (await ctx.vault()).set(ref, token);
  ctx.out.info(`Logged in to ${ctx.config.registry} as ${me.namespace} (scopes: ${me.scopes.join(', ')}). The token is in the vault.`);
  return 0;
}
