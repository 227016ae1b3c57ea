import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CliError } from '../errors';
import type { Launch } from '../launch';
import { remoteTransport } from './connect';
import type { ToolDefinition } from './tools-hash';

export interface ProbeResult {
  server?: { name: string; version: string };
  protocolVersion?: string;
  timings: { initializeMs: number; toolsMs?: number; resourcesMs?: number; promptsMs?: number };
  tools: (ToolDefinition & { title?: string })[];
  resources: { uri: string; name: string; description?: string }[];
  prompts: { name: string; description?: string }[];
}

/**
 * Starts (or reaches) a server with the MCP TypeScript SDK client, initializes, and lists what it
 * offers, following pagination. The child process is always stopped before returning.
 */
export async function probe(launch: Launch, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProbeResult> {
  const stderrTail: string[] = [];
  let transport: Transport;
  if (launch.kind === 'stdio') {
    const stdio = new StdioClientTransport({
      command: launch.command,
      args: launch.args,
      env: { ...env, ...launch.env } as Record<string, string>,
      stderr: 'pipe',
    });
    stdio.stderr?.on('data', (c: Buffer) => {
      stderrTail.push(...c.toString('utf8').split('\n').filter(Boolean));
      stderrTail.splice(0, Math.max(0, stderrTail.length - 12));
    });
    transport = stdio;
  } else transport = await remoteTransport(launch);

  const client = new Client({ name: 'mcpm', version: '1' });
  const what = launch.kind === 'stdio' ? [launch.command, ...launch.args].join(' ') : launch.url;
  const fail = (step: string, e: unknown) =>
    new CliError(
      'server_failed',
      `${step} failed for ${what}: ${(e as Error).message}`,
      stderrTail.length
        ? `The server said:\n  ${stderrTail.slice(-6).join('\n  ')}`
        : 'Run it by hand to see its output.',
    );
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const value = await fn();
    return [value, Math.round((performance.now() - t) * 10) / 10];
  };
  try {
    const [, initializeMs] = await timed(() => client.connect(transport, { timeout: timeoutMs })).catch(
      (e: unknown) => {
        throw fail('initialize', e);
      },
    );
    const caps = client.getServerCapabilities() ?? {};
    const info = client.getServerVersion();
    const result: ProbeResult = {
      server: info ? { name: info.name, version: info.version } : undefined,
      timings: { initializeMs },
      tools: [],
      resources: [],
      prompts: [],
    };
    if (caps.tools) {
      [result.tools, result.timings.toolsMs] = await timed(() =>
        paginate(
          (cursor) => client.listTools({ cursor }, { timeout: timeoutMs }),
          (r) => r.tools,
        ),
      ).catch((e: unknown) => {
        throw fail('tools/list', e);
      });
    }
    if (caps.resources) {
      [result.resources, result.timings.resourcesMs] = await timed(() =>
        paginate(
          (cursor) => client.listResources({ cursor }, { timeout: timeoutMs }),
          (r) => r.resources,
        ),
      ).catch((e: unknown) => {
        throw fail('resources/list', e);
      });
    }
    if (caps.prompts) {
      [result.prompts, result.timings.promptsMs] = await timed(() =>
        paginate(
          (cursor) => client.listPrompts({ cursor }, { timeout: timeoutMs }),
          (r) => r.prompts,
        ),
      ).catch((e: unknown) => {
        throw fail('prompts/list', e);
      });
    }
    return result;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function paginate<R extends { nextCursor?: string }, T>(
  page: (cursor: string | undefined) => Promise<R>,
  items: (r: R) => T[],
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await page(cursor);
    out.push(...items(r));
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return out;
}
