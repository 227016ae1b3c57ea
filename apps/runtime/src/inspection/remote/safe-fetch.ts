import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, Headers, Response, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { checkPublicAddress, type AddressVerdict } from '@mcp-hub/domain/node';
import { tapBody } from './tap-body';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  /** HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: skip the address policy (tests, a Hub inside a private network). */
  allowPrivateNetworks: boolean;
  /** Connecting, waiting for response headers, and the longest silence inside a body. */
  timeoutMs: number;
  /** Bytes of one response body; a longer one fails its reader with `too-large`. */
  maxResponseBytes: number;
  /** Redirects followed (each target checked like the first URL); default 3. */
  maxRedirects?: number;
  /** Resolves a host name to every address it has; default dns.lookup({ all: true }). A seam for tests. */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Which addresses may be connected to; default checkPublicAddress. A seam for tests (e.g. allow 127.0.0.2 only). */
  checkAddress?: (address: string) => AddressVerdict;
}

/** A fetch for the MCP SDK transports that only reaches what the policy allows; close() ends its sockets. */
export type SafeFetch = FetchLike & { close(): Promise<void> };

export class SafeFetchError extends Error {
  constructor(
    readonly code: 'refused-address' | 'bad-url' | 'too-many-redirects' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

/** The URL's host is, or resolves to, an address the policy refuses (loopback, private, metadata…). */
export class RefusedAddress extends SafeFetchError {
  constructor(
    readonly host: string,
    readonly address: string,
    /** e.g. "169.254.169.254 is the cloud metadata address" */
    readonly reason: string,
  ) {
    super('refused-address', host === address ? reason : `${host} resolves to ${address}, and ${reason}`);
    this.name = 'RefusedAddress';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemLookup = async (hostname: string): Promise<ResolvedAddress[]> =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `fetch` that connects only to addresses the policy allows. Names are resolved and checked inside
 * the connection's own lookup, so the socket goes to exactly the addresses that were checked (no
 * second resolution an attacker's DNS could answer differently); TLS SNI and the Host header keep the
 * host name. IP-literal URLs are checked before any connection. Redirects are followed here, not by
 * undici, so every hop is checked the same way. One Agent per instance: sockets are reused across
 * requests to the same origin and all of them end with close().
 */
export function createSafeFetch(opts: SafeFetchOptions): SafeFetch {
  const check = opts.checkAddress ?? checkPublicAddress;
  const lookup = opts.lookup ?? systemLookup;
  const maxRedirects = opts.maxRedirects ?? 3;

  const verify = (host: string, address: string): void => {
    if (opts.allowPrivateNetworks) return;
    const verdict = check(address);
    if (!verdict.allowed) throw new RefusedAddress(host, address, verdict.reason ?? `${address} is not allowed`);
  };

  const connectLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname)
      .then((found) => {
        for (const a of found) verify(hostname, a.address);
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = family ? found.filter((a) => a.family === family) : found;
        const first = usable[0];
        if (!first)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };

  const agent = new Agent({
    connect: { lookup: connectLookup, timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });

  const checkUrl = (url: URL): void => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SafeFetchError('bad-url', `${url.protocol} URLs are not fetched (only http and https)`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) verify(host, host);
  };

  const capped = (response: Response, url: URL, redirected: boolean): Response => {
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > opts.maxResponseBytes) {
      void response.body?.cancel().catch(() => undefined);
      throw tooLarge(opts.maxResponseBytes);
    }
    if (!response.body) return response;
    let total = 0;
    const body = tapBody(response.body as ReadableStream<Uint8Array>, (chunk) =>
      (total += chunk.byteLength) > opts.maxResponseBytes ? tooLarge(opts.maxResponseBytes) : undefined,
    );
    const out = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(out, 'url', { value: url.href });
    Object.defineProperty(out, 'redirected', { value: redirected });
    return out;
  };

  const safeFetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(typeof input === 'string' ? input : input.href);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? undefined;
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    for (let hop = 0; ; hop++) {
      checkUrl(url);
      const response = await undiciFetch(url, {
        method,
        headers,
        body: body as string | undefined,
        signal: init.signal ?? undefined,
        redirect: 'manual',
        dispatcher: agent,
      }).catch((error: unknown) => {
        // undici wraps what the lookup threw in TypeError('fetch failed'); the policy's verdict is the news.
        const cause = (error as { cause?: unknown }).cause;
        throw cause instanceof SafeFetchError ? cause : error;
      });
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      const replayable = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
      if (location === null || init.redirect === 'manual' || !replayable) return capped(response, url, hop > 0);
      await response.body?.cancel().catch(() => undefined);
      if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused (redirect: 'error')`);
      if (hop >= maxRedirects) {
        throw new SafeFetchError(
          'too-many-redirects',
          `more than ${maxRedirects} redirects, starting at ${url.origin}`,
        );
      }
      const next = new URL(location, url);
      // As fetch does: 303, and 301/302 after a POST, repeat the request as a GET without its body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      if (next.origin !== url.origin)
        for (const h of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(h);
      url = next;
    }
  };

  return Object.assign(safeFetch as unknown as FetchLike, { close: () => agent.destroy() });
}

function tooLarge(max: number): SafeFetchError {
  return new SafeFetchError('too-large', `the response is larger than ${max} bytes (the cap)`);
}
