import 'server-only';
import { hub, unavailable } from './hub';
import { sessionToken } from './session';

/** One dependency on /healthz: its state and, when it is not ok, a short reason. */
export interface HealthCheck {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

/**
 * /healthz as the Hub answers it (its OpenAPI entry declares no body). Operator notices come
 * from here, not from search answers or page copy: they are the operator's to read, on the admin
 * dashboard, and visitors never see them.
 */
export async function hubHealth(): Promise<Record<string, HealthCheck>> {
  const { data, response } = await hub().GET('/healthz');
  const body = data as unknown as { checks?: Record<string, HealthCheck> } | undefined;
  if (!body?.checks) throw unavailable(response, 'the health check');
  return body.checks;
}

/** The checks that need the operator's attention: every one that is not ok. */
export function noticesOf(checks: Record<string, HealthCheck>): { check: string; detail: string }[] {
  return Object.entries(checks)
    .filter(([, c]) => c.status !== 'ok')
    .map(([check, c]) => ({ check, detail: c.detail ?? c.status }));
}

/** Whether this request is an admin's signed-in session (instance admin: the "admin" scope). */
export async function isAdminSession(): Promise<boolean> {
  const token = await sessionToken();
  if (!token) return false;
  const { data } = await hub(token).GET('/api/v1/whoami');
  return isAdmin(data?.scopes);
}

export const isAdmin = (scopes: string[] | undefined) => scopes?.includes('admin') ?? false;

/** How the checks are named on the status page. */
export const CHECK_LABELS: Record<string, string> = {
  database: 'Database',
  upstream: 'Upstream registry sync',
  search: 'Search index',
  embeddings: 'Semantic search (embeddings)',
  readCache: 'Read cache',
};
