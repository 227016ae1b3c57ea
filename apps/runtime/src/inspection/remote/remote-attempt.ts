import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type Collected, collectCapabilities } from '../session';
import { type Failure, classifyFailure } from './failure';
import { FetchLog } from './fetch-log';
import type { RemoteContext, RemoteTransportKind } from './remote-session';

export interface Attempt {
  transport: RemoteTransportKind;
  handshook: boolean;
  collected?: Collected;
  failure?: Failure;
  endedAt: number;
}

/**
 * One try over one transport: the SDK client session raced against the wall clock (`deadline`)
 * and against a fatal error inside an event stream; whatever happens, the transport is closed and
 * a streamable HTTP session ended before this returns.
 */
export async function attempt(
  kind: RemoteTransportKind,
  url: URL,
  fetch: FetchLike,
  ctx: RemoteContext,
  deadline: number,
  only: 'tools' | undefined,
): Promise<Attempt> {
  const remaining = Math.floor(deadline - performance.now());
  if (remaining <= 0) {
    return {
      transport: kind,
      handshook: false,
      failure: { kind: 'timeout', detail: 'no time left' },
      endedAt: deadline,
    };
  }
  const log = new FetchLog();
  let fatal: (error: unknown) => void = () => undefined;
  const fatalError = new Promise<{ fatal: unknown }>((resolve) => (fatal = (error) => resolve({ fatal: error })));
  const tracked = log.wrap(fetch, (error) => fatal(error));
  // redirectPolicy 'follow' hands redirects to the safe fetch, which checks every hop against the policy.
  const transport =
    kind === 'sse'
      ? new SSEClientTransport(url, { fetch: tracked, redirectPolicy: 'follow' })
      : new StreamableHTTPClientTransport(url, {
          fetch: withoutListenStream(tracked),
          redirectPolicy: 'follow',
          reconnectionOptions: {
            maxRetries: 0,
            initialReconnectionDelay: 0,
            maxReconnectionDelay: 0,
            reconnectionDelayGrowFactor: 1,
          },
        });
  let handshook = false;
  let protocolVersion: string | undefined;
  const setVersion = transport.setProtocolVersion.bind(transport);
  // The client sets the negotiated version right after initialize succeeds: that is the handshake.
  transport.setProtocolVersion = (v: string) => {
    handshook = true;
    protocolVersion = v;
    setVersion(v);
  };
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const wallClock = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, remaining);
  });
  const collecting = collectCapabilities(transport, {
    limits: ctx.limits,
    requestTimeoutMs: remaining,
    signal: abort.signal,
    only,
  });
  // Once the wall clock or a fatal error wins the race, this rejects with nobody listening.
  collecting.catch(() => undefined);
  try {
    const result = await Promise.race([collecting, wallClock, fatalError]);
    const endedAt = performance.now();
    if (result === 'timeout') {
      const failure: Failure = {
        kind: 'timeout',
        detail: handshook ? 'listing took too long' : 'the handshake took too long',
      };
      return { transport: kind, handshook, failure, endedAt };
    }
    if ('fatal' in result)
      return { transport: kind, handshook, failure: classifyFailure(result.fatal, log, url), endedAt };
    return { transport: kind, handshook, collected: result, endedAt };
  } catch (error) {
    return { transport: kind, handshook, failure: classifyFailure(error, log, url), endedAt: performance.now() };
  } finally {
    clearTimeout(timer);
    abort.abort();
    await endSession(transport, tracked, url, protocolVersion);
  }
}

/**
 * Streamable HTTP opens an optional GET stream for server-initiated messages after the handshake;
 * an inspection has no use for one, so it is answered here as the spec lets a server answer it
 * (405: no stream offered), sparing a socket per session on both ends.
 */
function withoutListenStream(fetch: FetchLike): FetchLike {
  return (url, init) =>
    (init?.method ?? 'GET').toUpperCase() === 'GET'
      ? Promise.resolve(new Response(null, { status: 405, statusText: 'Method Not Allowed' }))
      : fetch(url, init);
}

/**
 * Closes the transport, and ends a streamable HTTP session the polite way (DELETE with its id) so a
 * remote probed every few minutes does not pile up sessions. Best effort, at most 2 s.
 */
async function endSession(transport: Transport, fetch: FetchLike, url: URL, protocolVersion?: string): Promise<void> {
  await transport.close().catch(() => undefined);
  const sessionId = transport instanceof StreamableHTTPClientTransport ? transport.sessionId : undefined;
  if (!sessionId) return;
  const headers: Record<string, string> = { 'mcp-session-id': sessionId };
  if (protocolVersion) headers['mcp-protocol-version'] = protocolVersion;
  try {
    const res = await fetch(url, { method: 'DELETE', headers, signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
  } catch {}
}
