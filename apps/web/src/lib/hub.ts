import 'server-only';
import { type HubClient, createHubClient } from '@mcp-hub/api-client';
import { headers } from 'next/headers';

/** Where the Hub's API is, seen from this server (the browser never calls the Hub directly). */
export const HUB_URL = (process.env.HUB_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');

/** The public address of this site, for sitemap.xml, robots.txt and canonical links. */
export const SITE_URL = (
  process.env.WEB_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? process.env.WEB_PORT ?? 3000}`
).replace(/\/+$/, '');

/**
 * A client for the Hub.
 *
 * Without `revalidate` (or with a token) the call is made for the visitor of this request: it
 * carries their X-Forwarded-For, so the Hub's rate limits count it against them and not against
 * this site, which every visitor shares. (server.cjs appends the address each request came from,
 * as any proxy does; the Hub believes the chain only from HUB_TRUSTED_PROXIES.) It reads the
 * request's headers, so it only works in a per-request render, route handler or server action.
 *
 * With `revalidate` (seconds), GET answers are shared by every visitor: kept in Next's data cache
 * for that long and asked for as this site, with no visitor's address. Pages rendered once for
 * everyone (ISR) must use this; the cache is what keeps the site's own allowance from running out.
 */
export function hub(token?: string, options: { revalidate?: number } = {}): HubClient {
  const { revalidate } = options;
  const fetcher =
    revalidate === undefined || token
      ? async (req: Request) => {
          const forwarded = (await headers()).get('x-forwarded-for');
          if (!forwarded) return reach(req);
          const withVisitor = new Headers(req.headers);
          withVisitor.set('x-forwarded-for', forwarded);
          return reach(new Request(req, { headers: withVisitor }));
        }
      : (req: Request) =>
          req.method === 'GET' ? reach(req.url, { headers: req.headers, next: { revalidate } }) : reach(req);
  return createHubClient({ baseUrl: HUB_URL, token, fetch: fetcher });
}

/** fetch, with "could not connect" turned into HubUnavailable (Next's own errors pass through). */
async function reach(input: Request | string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    const url = new URL(typeof input === 'string' ? input : input.url);
    throw new HubUnavailable(
      `The Hub at ${HUB_URL} could not be reached (${url.pathname}): ${e.message}`,
      503,
      RETRY_AFTER_DEFAULT,
    );
  }
}

/** How long a visitor is asked to wait when the Hub is down and did not say. */
const RETRY_AFTER_DEFAULT = 30;

/**
 * Thrown when the Hub cannot answer: unreachable or 5xx (status 503), or rate-limited (429).
 * The digest reaches the error page in the browser (`HUB;<status>;<retry-after seconds>`), and
 * the request is marked for server.cjs, which answers with that status and Retry-After instead
 * of Next's 500.
 */
export class HubUnavailable extends Error {
  readonly digest: string;
  constructor(
    message: string,
    readonly status: 429 | 503,
    readonly retryAfter: number,
  ) {
    super(message);
    this.digest = `HUB;${status};${retryAfter}`;
    requestContext()?.getStore()?.hubFailed(status, retryAfter);
  }
}

/** What server.cjs keeps for each request it serves (the same object, across the bundle boundary). */
interface RequestState {
  hubFailed(status: number, retryAfter: number): void;
}
function requestContext(): { getStore(): RequestState | undefined } | undefined {
  return (globalThis as Record<symbol, { getStore(): RequestState | undefined } | undefined>)[
    Symbol.for('mcp-hub.web.request')
  ];
}

/** The error for a Hub answer that is no data and not the caller's to handle (5xx, 429). */
export function unavailable(response: Response, what: string): HubUnavailable {
  const said = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isInteger(said) && said > 0 ? said : RETRY_AFTER_DEFAULT;
  return new HubUnavailable(
    `The Hub answered ${response.status} to ${what}.`,
    response.status === 429 ? 429 : 503,
    retryAfter,
  );
}

/**
 * The data of a Hub answer, or undefined when it answered one of `missing` (a 404: not there, or
 * not the caller's to see); unreachable or any other failure throws, as with `must`.
 */
export async function found<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  what: string,
  missing: number[] = [404],
): Promise<T | undefined> {
  const r = await call;
  if (missing.includes(r.response.status)) return undefined;
  if (r.data === undefined) throw unavailable(r.response, what);
  return r.data;
}

/** The data of a Hub answer; anything else throws. */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  what: string,
): Promise<T> {
  return (await found(call, what, []))!;
}
