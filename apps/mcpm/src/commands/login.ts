import type { Context } from '../context';
import { HUB, registryKey } from '../context';
import { CliError, usage } from '../errors';
import type { Args } from '../args';
import type { Whoami } from '../registry/client';
import { ask, readStdin } from '../prompt';

/** login / logout / whoami: a Hub API token, kept in the vault (never in ~/.mcpmrc). */
export async function run(ctx: Context, args: Args): Promise<number> {
  const ref = { server: HUB, name: registryKey(ctx.config.registry) };
  if (args.command === 'logout') {
    const vault = await ctx.vault();
    const stored = await vault.get(ref);
    const had = stored !== undefined;
    // A GitHub sign-in is revoked on the Hub too; an API token stays valid (revoke it on the Hub).
    if (stored !== undefined && !ctx.config.offline) {
      const me = await ctx
        .registry()
        .whoami(stored)
        .catch(() => undefined);
      if (me?.kind === 'session')
        await ctx
          .registry()
          .signOut(stored)
          .catch(() => undefined);
    }
    await vault.delete(ref);
    ctx.out.info(had ? `Logged out of ${ctx.config.registry}.` : `Was not logged in to ${ctx.config.registry}.`);
    return 0;
  }
  if (args.command === 'whoami') {
    const token = await ctx.token();
    const me = await whoami(ctx, token);
    if (!me) {
      ctx.out.result(
        { registry: ctx.config.registry, accepted: true },
        () => `${ctx.config.registry} accepts your stored token (it does not say whose it is).`,
      );
      return 0;
    }
    ctx.out.result({ registry: ctx.config.registry, ...me }, () =>
      me.login
        ? `${me.login} (GitHub) may publish in ${(me.namespaces ?? [me.namespace]).join(', ') || 'no namespace yet'} at ${ctx.config.registry}`
        : `${me.namespace} (scopes: ${me.scopes.join(', ')}; token ${me.tokenId}) at ${ctx.config.registry}`,
    );
    return 0;
  }
  if (args.flags.github) {
    const session = await githubDeviceLogin(ctx);
    await (await ctx.vault()).set(ref, session.token);
    ctx.out.info(
      `Logged in to ${ctx.config.registry} as ${session.user.login} (GitHub). The session is in the vault; mcpm logout ends it.`,
    );
    return 0;
  }
  let token = args.flags.token as string | undefined;
  if (token === undefined) {
    if (ctx.config.interactive)
      token = await ask(`Hub API token for ${ctx.config.registry} (not shown): `, { secret: true });
    else if (!process.stdin.isTTY) token = await readStdin();
  }
  token = token?.trim();
  if (!token)
    throw usage(
      'No token given.',
      'Sign in with GitHub: mcpm login --github; or create a token on the Hub, then: mcpm login --token <token>, or pipe it: echo $TOKEN | mcpm login',
    );
  // Check it before storing: a typo should fail here, not at the first publish.
  const me = await whoami(ctx, token);
  await (await ctx.vault()).set(ref, token);
  ctx.out.info(
    me
      ? `Logged in to ${ctx.config.registry} as ${me.namespace} (scopes: ${me.scopes.join(', ')}). The token is in the vault.`
      : `Logged in to ${ctx.config.registry}: it accepted the token on a read. The token is in the vault, and mcpm sends it with every read of this registry.`,
  );
  return 0;
}

/**
 * Who a token is, from the Hub's whoami; undefined where the registry has none (an org's view,
 * /o/<org>, or a registry that only speaks the official API) but accepts the token on a read.
 */
async function whoami(ctx: Context, token: string): Promise<Whoami | undefined> {
  try {
    return await ctx.registry().whoami(token);
  } catch (e) {
    if (!(e instanceof CliError) || e.code !== 'not_found') throw e;
  }
  await ctx.registry().acceptsToken(token);
  return undefined;
}

/**
 * GitHub's device flow, through the Hub: show the code and page, then poll at the pace the Hub
 * asks until the user approves (or cancels, or the code expires).
 */
async function githubDeviceLogin(ctx: Context): Promise<{ token: string; user: { login: string } }> {
  const registry = ctx.registry();
  const start = await registry.startGitHubDevice().catch((e: unknown) => {
    if (!(e instanceof CliError) || e.code !== 'not_found') throw e;
    const origin = new URL(ctx.config.registry).origin;
    throw new CliError(
      'usage',
      `${ctx.config.registry} does not offer GitHub sign-in.`,
      origin === ctx.config.registry.replace(/\/+$/, '')
        ? 'Log in with a token instead: mcpm login --token <token>'
        : `Sign in at the Hub itself (mcpm login --github --registry ${origin}): reads of ${ctx.config.registry} then use that login. Or log in here with a token: mcpm login --token <token>`,
    );
  });
  ctx.out.info(`To sign in, open ${start.verificationUri} and enter the code ${start.userCode}`);
  ctx.out.info('Waiting for you to approve on GitHub…');
  const deadline = Date.now() + start.expiresIn * 1000;
  let interval = start.interval;
  for (;;) {
    if (Date.now() > deadline)
      throw new CliError(
        'auth',
        'The sign-in code expired before it was approved on GitHub.',
        'Run mcpm login --github again and enter the new code.',
      );
    await sleep(interval * 1000);
    const polled = await registry.pollGitHubDevice(start.deviceCode);
    if (polled.status === 'ok') return polled;
    interval = Math.max(1, polled.interval);
  }
}

/** MCPM_DEVICE_POLL_SCALE shortens the waits (tests against a fake GitHub that keeps its own clock). */
function sleep(ms: number): Promise<void> {
  const scale = Number(process.env.MCPM_DEVICE_POLL_SCALE ?? '1');
  return new Promise((resolve) => setTimeout(resolve, ms * (Number.isFinite(scale) && scale >= 0 ? scale : 1)));
}
