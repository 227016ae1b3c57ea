/**
 * Search result types and facet counting with no dependencies beyond this package's query module,
 * so the search engine's worker thread loads them without the HTTP and database layers.
 */
import { ANONYMOUS, type Viewer, canSee } from '@mcp-hub/domain';

export const REGISTRY_TYPES = ['npm', 'pypi', 'oci', 'nuget', 'mcpb'] as const;
export const TRANSPORTS = ['stdio', 'streamable-http', 'sse'] as const;

export interface SearchFilters {
  /** Whose private servers may match (anonymous: none). Not a facet: every search applies it. */
  viewer?: Viewer;
  registryType?: string[];
  transport?: string[];
  hasRemote?: boolean;
  namespace?: string;
  status?: 'active' | 'deprecated';
  /**
   * Only servers exposing a tool of this name (lower-cased: names match case-insensitively). Not a
   * facet either: like the viewer it says which servers are searched at all, so hybrid takes its
   * semantic neighbours among them (see runModes), and semantic candidates need not carry tool names.
   */
  tool?: string;
}

export interface Facets {
  registryType: Record<string, number>;
  transport: Record<string, number>;
  hasRemote: Record<string, number>;
  status: Record<string, number>;
}

export interface Candidate {
  name: string;
  score: number;
  deprecated: boolean;
}

/** What facets count, per document: semantic candidates carry it so their counts need no query. */
export interface FacetFields {
  registryTypes: string[];
  transports: string[];
  hasRemote: boolean;
  status: string;
}

/** A vector neighbour, with what facets count and filters test. */
export type SemanticCandidate = Candidate & FacetFields & { namespace: string; privateOrgId: string | null };

export interface PageRow {
  name: string;
  version: string;
  namespace: string;
  title: string | null;
  description: string;
  status: string;
  packages: unknown[];
  remotes: unknown[];
}

export function hasFilters(f: SearchFilters): boolean {
  return Boolean(
    f.registryType?.length || f.transport?.length || f.hasRemote !== undefined || f.namespace || f.status || f.tool,
  );
}

/**
 * Whether a document passes the filters: the same test as the SQL and in-memory filters, but for
 * `tool`, which the sources apply before anything is ranked (candidates tested here passed it).
 */
export function passesFilters(
  f: SearchFilters,
  d: FacetFields & { namespace: string; privateOrgId: string | null },
): boolean {
  return (
    canSee(f.viewer ?? ANONYMOUS, d.privateOrgId) &&
    (!f.registryType?.length || f.registryType.some((t) => d.registryTypes.includes(t))) &&
    (!f.transport?.length || f.transport.some((t) => d.transports.includes(t))) &&
    (f.hasRemote === undefined || d.hasRemote === f.hasRemote) &&
    (!f.namespace || d.namespace === f.namespace) &&
    (!f.status || d.status === f.status)
  );
}

/** Every facet value a filter accepts and counts report, in the order they are reported. */
export const FACET_VALUES: { facet: keyof Facets; value: string; holds: (d: FacetFields) => boolean }[] = [
  ...REGISTRY_TYPES.map((v) => ({
    facet: 'registryType' as const,
    value: v,
    holds: (d: FacetFields) => d.registryTypes.includes(v),
  })),
  ...TRANSPORTS.map((v) => ({
    facet: 'transport' as const,
    value: v,
    holds: (d: FacetFields) => d.transports.includes(v),
  })),
  ...[true, false].map((v) => ({
    facet: 'hasRemote' as const,
    value: String(v),
    holds: (d: FacetFields) => d.hasRemote === v,
  })),
  ...['active', 'deprecated'].map((v) => ({
    facet: 'status' as const,
    value: v,
    holds: (d: FacetFields) => d.status === v,
  })),
];

/** Facets from one count per FACET_VALUES entry; zero counts are left out. */
export function toFacets(counts: number[]): Facets {
  const facets: Facets = { registryType: {}, transport: {}, hasRemote: {}, status: {} };
  FACET_VALUES.forEach((f, i) => {
    if (counts[i]! > 0) facets[f.facet][f.value] = counts[i]!;
  });
  return facets;
}

/** The facet counts of documents whose facet fields are at hand, as the SQL path counts them. */
export function facetsOf(docs: FacetFields[]): Facets {
  return toFacets(FACET_VALUES.map((f) => docs.filter(f.holds).length));
}

export function addFacets(a: Facets, b: Facets): Facets {
  return combineFacets(a, b, 1);
}

/** `a` without the documents `b` counts (a count that reaches zero is left out, as toFacets does). */
export function subtractFacets(a: Facets, b: Facets): Facets {
  return combineFacets(a, b, -1);
}

/** `a` with each of `b`'s counts added (sign 1) or taken away (sign -1, down to zero: left out). */
function combineFacets(a: Facets, b: Facets, sign: 1 | -1): Facets {
  const each = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) {
      const n = (out[k] ?? 0) + sign * Number(v);
      if (sign > 0 || n > 0) out[k] = n;
      else delete out[k];
    }
    return out;
  };
  return {
    registryType: each(a.registryType, b.registryType),
    transport: each(a.transport, b.transport),
    hasRemote: each(a.hasRemote, b.hasRemote),
    status: each(a.status, b.status),
  };
}
