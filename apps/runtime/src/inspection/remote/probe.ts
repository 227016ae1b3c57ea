import { type ToolInfo } from '@mcp-hub/domain';
import { withFingerprints } from '@mcp-hub/domain/node';
import { type FailureKind, describeFailure } from './failure';
import { type RemoteContext, type RemoteTarget, type RemoteTransportKind, runRemoteSession } from './remote-session';

/** Above this, a remote that answered everything is `degraded` (slow): 5 s, a sixth of a client's usual patience. */
export const SLOW_PROBE_MS = 5_000;

export type ProbeStatus = 'up' | 'down' | 'degraded';

export interface ProbeResult {
  status: ProbeStatus;
  /** Connect + handshake + tools/list (both transports when it fell back to SSE), without ending the session. */
  latencyMs: number;
  /** Why not up, in words; starts with "needs-auth:" for a remote that wants credentials. */
  error?: string;
  /** A stable word for metrics and rollups: 'slow', 'tools-failed', or the failure kind. */
  code?: 'slow' | 'tools-failed' | FailureKind;
  transport?: RemoteTransportKind;
  /** Only when tools/list worked; each with its toolFingerprint, as the capabilities API shows them. */
  tools?: (ToolInfo & { fingerprint: string })[];
  /** fingerprintTools(tools).hash: compare with the last probe's; diff the tools' fingerprints when it differs. */
  toolsFingerprint?: string;
}

export interface ProbeContext extends RemoteContext {
  /** Default SLOW_PROBE_MS. */
  slowMs?: number;
}

/**
 * The health check of one remote: connect + handshake + tools/list (nothing else). `up` when all of
 * it worked in time; `degraded` when the remote spoke MCP but tools/list failed or timed out, when
 * it was slower than slowMs, or when it wants credentials (reachable and alive, tools unknown: not
 * down, since nothing is wrong with it, and not up, since the Hub could not check its tools);
 * `down` otherwise (refused by policy, unreachable, not MCP, no handshake in time). Never throws.
 */
export async function probeRemote(remote: RemoteTarget, ctx: ProbeContext): Promise<ProbeResult> {
  const session = await runRemoteSession(remote, ctx, 'tools');
  const base = { latencyMs: session.elapsedMs, transport: session.transport };
  if (session.collected) {
    const listed = session.collected.capabilities.tools;
    const fp = withFingerprints(listed);
    const tools = fp.tools;
    const result = { ...base, tools, toolsFingerprint: fp.hash };
    const slowMs = ctx.slowMs ?? SLOW_PROBE_MS;
    if (session.elapsedMs > slowMs) {
      return {
        ...result,
        status: 'degraded',
        code: 'slow',
        error: `slow: ${session.elapsedMs} ms (over ${slowMs} ms)`,
      };
    }
    return { ...result, status: 'up' };
  }
  const failure = session.failure ?? { kind: 'error' as const, detail: 'the session ended without a result' };
  const reason = describeFailure(failure, ctx.limits.timeoutMs);
  if (failure.kind === 'needs-auth')
    return { ...base, status: 'degraded', code: 'needs-auth', error: `needs-auth: ${reason}` };
  if (session.handshook) {
    const code = failure.kind === 'timeout' ? 'timeout' : 'tools-failed';
    return { ...base, status: 'degraded', code, error: `tools/list failed: ${reason}` };
  }
  return { ...base, status: 'down', code: failure.kind, error: reason };
}
