import 'server-only';
import { type HubClient, createHubClient } from '@mcp-hub/api-client';

/** Where the Hub's API is, seen from this server (the browser never calls the Hub directly). */
export const HUB_URL = (process.env.HUB_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');

/** The public address of this site, for sitemap.xml, robots.txt and canonical links. */
export const SITE_URL = (process.env.WEB_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? process.env.WEB_PORT ?? 3000}`).replace(/\/+$/, '');

/**
 * A client for the Hub. With `revalidate` (seconds), GET answers are kept in Next's data cache
 * for that long, so a page can render on every request without asking the Hub each time.
 */
export function hub(token?: string, options: { revalidate?: number } = {}): HubClient {
  const { revalidate } = options;
  const cachedFetch =
    revalidate === undefined || token
      ? undefined
      : (req: Request) => (req.method === 'GET' ? fetch(req.url, { headers: req.headers, next: { revalidate } }) : fetch(req));
  return createHubClient({ baseUrl: HUB_URL, token, fetch: cachedFetch });
}

/** Thrown when the Hub cannot be reached or answers 5xx: pages show an error instead of empty data. */
export class HubUnavailable extends Error {}

/** The error for a Hub answer that is no data and not the caller's to handle (5xx, mostly). */
export function unavailable(response: Response, what: string): HubUnavailable {
  return new HubUnavailable(`The Hub answered ${response.status} to ${what}.`);
}

/**
 * The data of a Hub answer, or undefined when it answered one of `missing` (a 404: not there, or
 * not the caller's to see); unreachable or any other failure throws, as with `must`.
 */
export async function found<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string, missing: number[] = [404]): Promise<T | undefined> {
  let r;
  try {
    r = await call;
  } catch (e) {
    throw new HubUnavailable(`The Hub at ${HUB_URL} could not be reached (${what}): ${(e as Error).message}`);
  }
  if (missing.includes(r.response.status)) return undefined;
  if (r.data === undefined) throw unavailable(r.response, what);
  return r.data;
}

/** The data of a Hub answer; anything else throws. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<T> {
  return (await found(call, what, []))!;
}
