/**
 * The Hub's public HTTP API as typed calls. The types in ./schema are generated from the Hub's own
 * OpenAPI document (generate.mjs), and a test fails when they drift from it, so a caller that
 * compiles is calling endpoints that exist with parameters they accept.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };

export interface HubClientOptions {
  /** The Hub's base URL, e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** An API token, sent as a bearer token */
  token?: string;
  /** Another fetch (tests, or a framework's caching fetch) */
  fetch?: (input: Request) => Promise<Response>;
}

export function createHubClient(options: HubClientOptions) {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : undefined,
    fetch: options.fetch,
  });
}
export type HubClient = ReturnType<typeof createHubClient>;

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'delete'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer B }
      ? Json<B>
      : never
  : never;

export type ServerList = Ok<'/v0.1/servers', 'get'>;
export type ServerResponse = Ok<'/v0.1/servers/{serverName}/versions/{version}', 'get'>;
export type SearchResponse = Ok<'/api/v1/search', 'get'>;
export type SearchResult = SearchResponse['results'][number];
export type MyServers = Ok<'/api/v1/me/servers', 'get'>;
export type TokenList = Ok<'/api/v1/tokens', 'get'>;
export type CreatedToken = Ok<'/api/v1/tokens', 'post'>;
export type Whoami = Ok<'/api/v1/whoami', 'get'>;
export type ValidationResult = Ok<'/v0.1/validate', 'post'>;
export type CapabilitiesView = Ok<'/api/v1/servers/{serverName}/versions/{version}/capabilities', 'get'>;
export type ServerHealth = Ok<'/api/v1/servers/{serverName}/health', 'get'>;

/** An RFC 7807 problem as the Hub sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { location: string; message: string; value?: unknown }[];
}

/** The sentence to show a person for a failed call: the problem's detail, else its title. */
export function problemMessage(error: unknown, fallback = 'The Hub refused the request.'): string {
  if (error && typeof error === 'object') {
    const p = error as Problem;
    if (typeof p.detail === 'string' && p.detail) return p.detail;
    if (typeof p.title === 'string' && p.title) return p.title;
  }
  return fallback;
}
