import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { LimitExceeded } from '../session';
import type { FetchLog } from './fetch-log';
import { RefusedAddress, SafeFetchError } from './safe-fetch';

/** Why a session with a remote ended without a result, in the terms the inspector and the probe decide on. */
export type FailureKind =
  | 'refused' // the address policy (SSRF) said no
  | 'needs-auth' // 401 or 403 without credentials
  | 'timeout'
  | 'unreachable' // DNS, connection refused or reset, TLS
  | 'http' // another HTTP error status
  | 'not-mcp' // an answer, but not MCP (HTML, garbage JSON, no event stream)
  | 'limit' // a cap was crossed (bytes, tools, a cursor loop)
  | 'error'; // the server answered with a JSON-RPC error, or anything else

export interface Failure {
  kind: FailureKind;
  /** The specific part, e.g. "POST answered HTTP 404"; `describeFailure` adds the frame. */
  detail: string;
  /** The HTTP status behind needs-auth or http. */
  status?: number;
}

/**
 * Classifies what ended a session, from the error the SDK threw and what the fetch itself saw
 * (the SSE transport keeps only an error's message). Checked in order of what the user needs
 * to hear first: a policy refusal, a cap, credentials, then the network, then the protocol.
 */
export function classifyFailure(error: unknown, log: FetchLog, url: URL): Failure {
  const seen = [...log.errors, error];
  const refused = seen.find((e) => e instanceof RefusedAddress);
  if (refused) return { kind: 'refused', detail: refused.message };
  const policy = seen.find((e) => e instanceof SafeFetchError);
  if (policy) return { kind: policy.code === 'too-large' ? 'limit' : 'error', detail: policy.message };
  if (error instanceof LimitExceeded) return { kind: 'limit', detail: error.message };
  const auth = log.responses.find((r) => r.status === 401 || r.status === 403);
  if (auth) {
    const scheme = auth.wwwAuthenticate?.split(/[\s,]/)[0];
    return { kind: 'needs-auth', status: auth.status, detail: `HTTP ${auth.status}${scheme ? `, ${scheme}` : ''}` };
  }
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
    return { kind: 'timeout', detail: 'a request got no answer in time' };
  }
  for (const e of seen) {
    const network = networkFailure(e, url);
    if (network) return network;
  }
  const bad = log.responses.find((r) => r.status >= 400);
  if (bad) return { kind: 'http', status: bad.status, detail: `${bad.method} answered HTTP ${bad.status}` };
  if (error instanceof McpError)
    return { kind: 'error', detail: `the server answered with an error: ${clip(error.message)}` };
  return { kind: 'not-mcp', detail: notMcpDetail(error, log) };
}

/** The reason a person reads, for a failure of either kind of session. */
export function describeFailure(f: Failure, timeoutMs: number): string {
  switch (f.kind) {
    case 'refused':
      return (
        `refused by policy: ${f.detail}; the Hub does not connect to loopback, private, link-local or ` +
        `metadata addresses unless HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS=1`
      );
    case 'needs-auth':
      return `the remote wants credentials (${f.detail}); the Hub connects without them`;
    case 'timeout':
      return `no complete answer within ${timeoutMs} ms (${f.detail})`;
    case 'not-mcp':
      return `does not speak MCP: ${f.detail}`;
    case 'http':
      return `the remote's ${f.detail}`;
    default:
      return f.detail;
  }
}

const NETWORK: [RegExp, (host: string, port: string, message: string) => Failure][] = [
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NODATA|EAI_NONAME|EAI_FAIL)$/, (h) => unreachable(`the host name ${h} does not resolve`)],
  [/^ECONNREFUSED$/, (h, p) => unreachable(`${h}:${p} refused the connection (nothing listens there)`)],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/, (h) => unreachable(`${h} closed the connection`)],
  [/^(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/, (h) => unreachable(`${h} is unreachable from the Hub`)],
  [/^(UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT)$/, (h) => ({ kind: 'timeout', detail: `no connection to ${h}` })],
  [/^UND_ERR_(HEADERS|BODY)_TIMEOUT$/, (h) => ({ kind: 'timeout', detail: `${h} stopped answering` })],
  [/CERT|TLS|SSL|UNABLE_TO_(GET|VERIFY)/, (h, _p, m) => unreachable(`TLS with ${h} failed: ${clip(m)}`)],
];

function networkFailure(error: unknown, url: URL): Failure | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: string } } | undefined)?.cause;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // The fetch standard's list of ports a fetch never connects to (SMTP, IRC…).
  if (cause?.message === 'bad port') return unreachable(`port ${port} is one that fetch refuses to connect to`);
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const match = NETWORK.find(([pattern]) => pattern.test(code));
  return match?.[1](url.hostname, port, cause?.message ?? code);
}

function unreachable(detail: string): Failure {
  return { kind: 'unreachable', detail };
}

/** What the remote answered instead of MCP, from the last response and the parse error. */
function notMcpDetail(error: unknown, log: FetchLog): string {
  const last = log.responses.at(-1);
  const type = last?.contentType.split(';')[0]?.trim() || 'no content type';
  const name = (error as Error | undefined)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (/Unexpected content type|Invalid content type/.test(message)) {
    return `${last?.method ?? 'the request'} answered ${type}, not JSON-RPC or an event stream`;
  }
  if (name === 'SyntaxError') return `${last?.method ?? 'the request'} answered ${type} that is not valid JSON`;
  if (name === 'ZodError') return `${last?.method ?? 'the request'} answered JSON that is not a JSON-RPC message`;
  return clip(message);
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
