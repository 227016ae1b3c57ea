import type { InspectionOutcome } from '@mcp-hub/domain';
import { describeFailure } from './failure';
import { type RemoteContext, type RemoteTarget, runRemoteSession } from './remote-session';

/**
 * Inspects a remote of a server.json: connects without credentials (streamable HTTP, then SSE),
 * lists everything, and ends in ok, needs-auth (401/403; the required headers of server.json
 * named as missingConfig), needs-config (a URL with {variables}), timeout or failed — an SSRF
 * refusal, an unreachable host, a remote that does not speak MCP — each with a reason. Never throws.
 */
export async function inspectRemote(remote: RemoteTarget, ctx: RemoteContext): Promise<InspectionOutcome> {
  const base = { target: remote.url };
  const variables = [...remote.url.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  if (variables.length > 0) {
    return {
      ...base,
      status: 'needs-config',
      reason: `the remote URL has variables without a value: ${variables.join(', ')}`,
      missingConfig: variables,
      durationMs: 0,
    };
  }
  const session = await runRemoteSession(remote, ctx);
  const outcome = { ...base, transport: session.transport, durationMs: session.elapsedMs };
  if (session.collected) {
    const { capabilities, notes } = session.collected;
    return { ...outcome, status: 'ok', capabilities, ...(notes.length > 0 && { notes }) };
  }
  const failure = session.failure ?? { kind: 'error', detail: 'the session ended without a result' };
  const reason = describeFailure(failure, ctx.limits.timeoutMs);
  ctx.logger?.debug(`remote ${remote.url}: ${failure.kind}: ${reason}`);
  switch (failure.kind) {
    case 'needs-auth': {
      const required = (remote.headers ?? []).filter((h) => h.isRequired && h.name).map((h) => h.name!);
      return {
        ...outcome,
        status: 'needs-auth',
        reason:
          required.length > 0 ? `${reason}; server.json names the required headers ${required.join(', ')}` : reason,
        ...(required.length > 0 && { missingConfig: required }),
      };
    }
    case 'timeout':
      return { ...outcome, status: 'timeout', reason };
    default:
      return { ...outcome, status: 'failed', reason };
  }
}
