import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { InspectionLimits, InspectionOutcome } from '@mcp-hub/domain';
import { PACKAGE_MOUNT, type FetchedPackage } from '../packages/fetcher';
import type { Exit, Sandbox } from '../sandbox/sandbox';
import { LimitExceeded, collectCapabilities } from '../session';
import { CappedStdioTransport } from './capped-stdio-transport';

export interface ServerRun {
  fetched: FetchedPackage;
  /** The publisher's packageArguments, after the package's own words. */
  args: string[];
  env: Record<string, string>;
  /** Required inputs without a value. */
  missing: string[];
  notes: string[];
}

export interface RunContext {
  sandbox: Sandbox;
  limits: InspectionLimits;
  dataDir: string;
  signal?: AbortSignal;
}

type Result = Pick<InspectionOutcome, 'status' | 'reason' | 'capabilities' | 'missingConfig' | 'notes'>;

/**
 * Runs a fetched package's node entry in the sandbox and collects its capabilities within the wall
 * clock (limits.timeoutMs), then kills it and everything it started, whatever happened. Returns
 * an outcome, never throws for what the server did.
 */
export async function runServer(run: ServerRun, ctx: RunContext): Promise<Result> {
  const homes = path.join(ctx.dataDir, 'runtime', 'homes');
  await mkdir(homes, { recursive: true });
  const home = await mkdtemp(path.join(homes, 'run-'));
  const proc = ctx.sandbox.spawn({
    command: process.execPath,
    args: [
      // Below the cgroup cap, so a heap that grows too far ends in node's own error, not a silent OOM kill.
      `--max-old-space-size=${Math.max(32, Math.floor(ctx.limits.memoryMb * 0.75))}`,
      path.posix.join(PACKAGE_MOUNT, run.fetched.entry),
      ...(run.fetched.args ?? []),
      ...run.args,
    ],
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      NO_COLOR: '1',
      ...run.fetched.env,
      ...run.env,
    },
    readOnlyMounts: [{ host: run.fetched.dir, inside: PACKAGE_MOUNT }],
    writableHome: home,
    limits: ctx.limits,
  });
  const transport = new CappedStdioTransport(proc, ctx.limits);
  const wall = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    wall.abort(new Error('wall clock'));
  }, ctx.limits.timeoutMs);
  const onCancel = () => wall.abort(new Error('cancelled'));
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  const notes = [...(run.fetched.notes ?? []), ...run.notes];
  try {
    // Each request may use the whole wall clock; the timer above is what ends a slow session.
    const collected = await collectCapabilities(transport, {
      limits: ctx.limits,
      requestTimeoutMs: ctx.limits.timeoutMs + 1_000,
      signal: wall.signal,
    });
    notes.push(...collected.notes);
    if (run.missing.length > 0) notes.push(`ran without ${run.missing.join(', ')} (required, no default)`);
    return { status: 'ok', capabilities: collected.capabilities, ...(notes.length ? { notes } : {}) };
  } catch (error) {
    // An exit is reported by the process a moment after stdout closes; wait for it briefly (not
    // when the Hub itself ended the session: then the server is still running and is killed below).
    const ours = timedOut || transport.failure !== undefined || ctx.signal?.aborted;
    const exit =
      transport.exit ?? (ours ? undefined : await Promise.race([proc.exited, sleep(500).then(() => undefined)]));
    const r = classify(error, { transport, exit: exit?.killed ? undefined : exit, timedOut, run, ctx });
    return { ...r, ...(notes.length ? { notes } : {}) };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onCancel);
    await proc.kill();
    await rm(home, { recursive: true, force: true });
  }
}

interface Seen {
  transport: CappedStdioTransport;
  exit?: Exit;
  timedOut: boolean;
  run: ServerRun;
  ctx: RunContext;
}

function classify(error: unknown, s: Seen): Result {
  const t = s.transport;
  const stderr = t.stderrTail.length ? ` Its last stderr lines: ${t.stderrTail.join(' | ')}` : '';
  const lines = t.skipped === 1 ? '1 line that is' : `${t.skipped} lines that are`;
  const junk = t.skipped ? ` It wrote ${lines} not JSON-RPC on stdout (first: ${JSON.stringify(t.firstSkipped)}).` : '';
  if (t.failure) return { status: 'failed', reason: t.failure.message };
  if (error instanceof LimitExceeded) return { status: 'failed', reason: error.message };
  if (s.timedOut) {
    const stage = t.initialized ? 'listing its capabilities' : 'the handshake (it never answered initialize)';
    const limit = s.ctx.limits.timeoutMs / 1000;
    return {
      status: 'timeout',
      reason: `the server did not finish within ${limit} s, stuck in ${stage}.${junk}${stderr}`,
    };
  }
  if (s.ctx.signal?.aborted) {
    return { status: 'failed', reason: 'the inspection was cancelled (the worker is stopping)' };
  }
  // The SDK rejects what is pending with ConnectionClosed when the server goes away (or a write hits
  // EPIPE). Any other error is about what the server said, and it may have exited only because the
  // client then hung up.
  const gone =
    (error instanceof McpError && error.code === (ErrorCode.ConnectionClosed as number)) ||
    (error as NodeJS.ErrnoException).code === 'EPIPE';
  if (s.exit && (gone || !t.initialized)) {
    const how = exitWords(s.exit, s.ctx.limits);
    const missing = s.run.missing;
    if (!t.initialized && missing.length > 0) {
      const which = `${missing.join(', ')}, which ${missing.length === 1 ? 'has' : 'have'} no default`;
      return {
        status: 'needs-config',
        reason: `the server ${how} before the handshake; it needs ${which}.${stderr}`,
        missingConfig: missing,
      };
    }
    const when = t.initialized ? 'during the session' : 'before the handshake';
    return { status: 'failed', reason: `the server ${how} ${when}.${junk}${stderr}` };
  }
  const message = (error as Error).message ?? String(error);
  return { status: 'failed', reason: `the server's answers are not valid MCP: ${message}.${junk}${stderr}` };
}

function exitWords(exit: Exit, limits: InspectionLimits): string {
  // bubblewrap passes a signal death on as 128 + the signal's number
  const signal = exit.signal ?? (exit.code !== null && exit.code > 128 ? exit.code - 128 : undefined);
  if (signal === 9 || signal === 'SIGKILL') {
    return `was killed (SIGKILL: likely its memory cap of ${limits.memoryMb} MB or its ${limits.cpuSeconds} CPU seconds)`;
  }
  if (signal !== undefined) return `was killed by signal ${signal}`;
  return `exited with code ${exit.code}`;
}
