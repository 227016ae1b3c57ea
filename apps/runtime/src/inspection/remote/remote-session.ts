import type { InspectionLimits } from '@mcp-hub/domain';
import type { Collected } from '../session';
import type { Failure } from './failure';
import { type Attempt, attempt } from './remote-attempt';
import { type SafeFetch, createSafeFetch } from './safe-fetch';

/** A remote of a server.json, as the inspector and the probe need it. */
export interface RemoteTarget {
  type: 'streamable-http' | 'sse';
  url: string;
  /** server.json `remotes[].headers`: the required ones are named when the remote wants credentials. */
  headers?: readonly { name?: string; isRequired?: boolean }[];
}

export interface RemoteLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface RemoteContext {
  limits: Pick<InspectionLimits, 'timeoutMs' | 'maxOutputBytes' | 'maxTools' | 'maxDescriptionChars'>;
  /** HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS */
  allowPrivateNetworks: boolean;
  logger?: RemoteLogger;
  /**
   * The fetch to use, e.g. one createSafeFetch shared by every health probe so sockets and the Agent
   * are reused (its own options then apply). Without it, each call makes one and closes it after.
   */
  fetch?: SafeFetch;
}

export type RemoteTransportKind = 'streamable-http' | 'sse';

export interface SessionResult {
  /** The transport of the attempt that decided the result. */
  transport: RemoteTransportKind;
  /** The server answered initialize (it speaks MCP), even if a list failed later. */
  handshook: boolean;
  collected?: Collected;
  failure?: Failure;
  /** From the start to the end of the deciding attempt, before the session is ended. */
  elapsedMs: number;
}

/**
 * One session with a remote: streamable HTTP first, then SSE when the remote is declared as SSE or
 * its POST got a 4xx other than 401/403 (the MCP spec's backwards-compatibility rule for servers
 * that predate streamable HTTP), both within one wall clock (limits.timeoutMs). Never throws.
 */
export async function runRemoteSession(
  remote: RemoteTarget,
  ctx: RemoteContext,
  only?: 'tools',
): Promise<SessionResult> {
  const started = performance.now();
  const deadline = started + ctx.limits.timeoutMs;
  let url: URL;
  try {
    url = new URL(remote.url);
  } catch {
    const failure: Failure = { kind: 'error', detail: `${JSON.stringify(remote.url)} is not a valid URL` };
    return { transport: remote.type, handshook: false, failure, elapsedMs: 0 };
  }
  if (url.username || url.password) {
    const failure: Failure = {
      kind: 'error',
      detail: 'the remote URL carries credentials, which the Hub does not send',
    };
    return { transport: remote.type, handshook: false, failure, elapsedMs: 0 };
  }
  const fetch =
    ctx.fetch ??
    createSafeFetch({
      allowPrivateNetworks: ctx.allowPrivateNetworks,
      // A little over the wall clock, which then speaks first (one reason for one kind of stall).
      timeoutMs: ctx.limits.timeoutMs + 1_000,
      maxResponseBytes: ctx.limits.maxOutputBytes,
    });
  try {
    const first = await attempt('streamable-http', url, fetch, ctx, deadline, only);
    if (!first.failure || first.handshook || !worthSse(remote, first.failure)) return done(first, started);
    ctx.logger?.debug(`remote ${remote.url}: streamable HTTP failed (${first.failure.detail}), trying SSE`);
    const second = await attempt('sse', url, fetch, ctx, deadline, only);
    return done(second.failure ? { ...second, failure: merge(first.failure, second.failure) } : second, started);
  } finally {
    if (!ctx.fetch) await fetch.close().catch(() => undefined);
  }
}

function worthSse(remote: RemoteTarget, f: Failure): boolean {
  if (f.kind === 'refused' || f.kind === 'needs-auth' || f.kind === 'timeout' || f.kind === 'unreachable') return false;
  return remote.type === 'sse' || (f.kind === 'http' && f.status !== undefined && f.status >= 400 && f.status < 500);
}

/** Both transports were turned away at the door: say what each got, as one "not MCP". */
function merge(streamable: Failure, sse: Failure): Failure {
  const doorway = (f: Failure) => f.kind === 'http' || f.kind === 'not-mcp';
  if (!doorway(streamable) || !doorway(sse)) return sse;
  return { kind: 'not-mcp', detail: `streamable HTTP: ${streamable.detail}; SSE: ${sse.detail}` };
}

function done(a: Attempt, started: number): SessionResult {
  const { endedAt, ...rest } = a;
  return { ...rest, elapsedMs: Math.round(endedAt - started) };
}
