import type { paths } from '@mcp-hub/api-client';
import { HUB_URL } from '../../../../../lib/hub';

/** What the Hub answers a GET of `P` with. */
export type HubGet<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

export type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

/** One part of the page: its data, or the sentence to show in its place (the rest of the page still renders). */
export async function part<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  what: string,
): Promise<Result<T>> {
  try {
    const { data, error, response } = await call;
    if (data !== undefined) return { data };
    const detail = (error as { detail?: string } | undefined)?.detail;
    return { error: detail ?? `The Hub answered ${response.status} to ${what}.` };
  } catch (e) {
    return { error: `The Hub at ${HUB_URL} could not be reached (${what}): ${(e as Error).message}` };
  }
}

/** What shows in place of a part the Hub could not give. */
export function Unavailable({ error }: { error: string }) {
  return (
    <p role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
      {error}
    </p>
  );
}
