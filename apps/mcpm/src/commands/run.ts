import { spawn } from 'node:child_process';
import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { specArgument } from '../install/spec';
import type { Launch } from '../launch';
import { findLocked, type LockEntry } from '../lock';
import type { Args } from '../args';
import { isBundleLaunch, materializeBundle } from '../mcp/bundle';
import { resolveLaunch } from '../mcp/resolve-secrets';
import { diffTools, fingerprintTools, type ToolDefinition } from '../mcp/tools-hash';
import { red } from '../output';

/**
 * What host entries call: starts the server with secrets taken from the vault and passes stdio
 * through byte for byte, watching tools/list answers. If the tools differ from the ones the
 * lockfile pinned at `mcpm test`, it warns loudly on stderr (which hosts log): a server whose
 * tools change after approval may have been taken over.
 */
export async function run(ctx: Context, args: Args): Promise<number> {
  const spec = specArgument(
    args.positionals,
    'run',
    'e.g. mcpm run io.github.acme/weather (or what a host entry passes: <name>@<version> -- <command>)',
  );
  const found = findLocked(spec.name, ctx.config.cwd, ctx.config.home);
  const locked = found && (spec.want === undefined || found.entry.version === spec.want) ? found.entry : undefined;

  let launch: Launch;
  if (args.rest.length) {
    launch = { kind: 'stdio', command: args.rest[0]!, args: args.rest.slice(1), env: {} };
  } else if (args.flags.remote) {
    launch = {
      kind: 'remote',
      transport: args.flags.transport === 'sse' ? 'sse' : 'streamable-http',
      url: args.flags.remote as string,
      headers: parseHeaders(args.flags.header as string[] | undefined),
    };
  } else {
    if (!found)
      throw new CliError(
        'not_found',
        `${spec.name} is not installed here.`,
        `Install it first: mcpm install ${spec.name}`,
      );
    launch = found.entry.launch;
  }
  // Host entries carry vault references in env; resolve them along with the launch's own.
  const envRefs = Object.fromEntries(
    Object.entries(ctx.config.env).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1].startsWith('vault://'),
    ),
  );
  const resolved = await resolveLaunch(
    launch.kind === 'stdio' ? { ...launch, env: { ...envRefs, ...launch.env } } : launch,
    () => ctx.vault(),
  );
  const watch = toolsWatcher(spec.name, locked);
  if (resolved.kind === 'remote') {
    const { bridgeRemote } = await import('../mcp/bridge');
    return bridgeRemote(resolved, watch);
  }
  const runnable = isBundleLaunch(resolved) ? await materializeBundle(resolved, ctx.config.home) : resolved;
  return passthrough(runnable, { ...ctx.config.env, ...runnable.env }, watch);
}

function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw usage(`--header "${h.slice(0, 40)}" must be "Name: value".`);
    out[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return out;
}

export interface Watcher {
  fromClient(message: unknown): void;
  fromServer(message: unknown): void;
}

/** Watches JSON-RPC traffic for tools/list results and compares them with the locked fingerprint. */
export function toolsWatcher(
  name: string,
  locked: LockEntry | undefined,
  warn: (text: string) => void = (t) => process.stderr.write(t),
): Watcher {
  const pending = new Set<string | number>();
  let collected: ToolDefinition[] = [];
  let warned = false;
  return {
    fromClient(m) {
      const msg = m as { id?: string | number; method?: string; params?: { cursor?: string } };
      if (msg.method === 'tools/list' && msg.id !== undefined) {
        if (!msg.params?.cursor) collected = [];
        pending.add(msg.id);
      }
    },
    fromServer(m) {
      const msg = m as { id?: string | number; result?: { tools?: ToolDefinition[]; nextCursor?: string } };
      if (msg.id === undefined || !pending.delete(msg.id) || !msg.result?.tools) return;
      collected.push(...msg.result.tools);
      if (msg.result.nextCursor || !locked?.toolsHash || warned) return;
      const now = fingerprintTools(collected);
      if (now.hash === locked.toolsHash) return;
      warned = true;
      const d = diffTools(locked.tools, now.tools);
      const parts = [
        d.changed.length ? `changed: ${d.changed.join(', ')}` : '',
        d.added.length ? `added: ${d.added.join(', ')}` : '',
        d.removed.length ? `removed: ${d.removed.join(', ')}` : '',
      ].filter(Boolean);
      warn(
        red(
          `\n!!! mcpm: WARNING: the tools of ${name}@${locked.version} are not the ones you approved (${parts.join('; ') || 'definitions differ'}).\n` +
            `!!! A server whose tools change after approval may have been taken over (rug pull).\n` +
            `!!! Review them with: mcpm test ${name}   — and if they are fine: mcpm test ${name} --update-lock\n\n`,
        ),
      );
    },
  };
}

/** Splits a byte stream into JSON-RPC messages (one per line) without altering what is forwarded. */
export function lineSniffer(onMessage: (m: unknown) => void): (chunk: Buffer) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line) continue;
      try {
        onMessage(JSON.parse(line));
      } catch {
        // not JSON-RPC (a server printing to stdout); forwarded all the same
      }
    }
  };
}

function passthrough(
  launch: Extract<Launch, { kind: 'stdio' }>,
  env: NodeJS.ProcessEnv,
  watch: Watcher,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(launch.command, launch.args, {
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
      shell: process.platform === 'win32',
    });
    const sniffIn = lineSniffer((m) => watch.fromClient(m));
    const sniffOut = lineSniffer((m) => watch.fromServer(m));
    process.stdin.on('data', (c: Buffer) => {
      sniffIn(c);
      child.stdin.write(c);
    });
    process.stdin.on('end', () => child.stdin.end());
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (c: Buffer) => {
      sniffOut(c);
      process.stdout.write(c);
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.on('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(
        new CliError(
          'server_failed',
          `Cannot start ${launch.command}: ${code === 'ENOENT' ? 'command not found' : e.message}.`,
          code === 'ENOENT' ? `Install ${launch.command} (mcpm doctor checks runtimes).` : undefined,
        ),
      );
    });
    child.on('exit', (code, signal) => {
      process.stdin.pause();
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}
