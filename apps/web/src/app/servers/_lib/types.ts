/** The parts of a registry entry the server page reads (the Hub's API types them as open objects). */
export interface Official {
  status: 'active' | 'deprecated' | 'deleted';
  statusMessage?: string;
  publishedAt?: string;
  updatedAt?: string;
  isLatest?: boolean;
}
export interface Input {
  name?: string;
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  default?: string;
  value?: string;
}
export interface Pkg {
  registryType: string;
  identifier: string;
  version?: string;
  registryBaseUrl?: string;
  transport?: { type: string; url?: string };
  environmentVariables?: Input[];
}
export interface Remote {
  type: string;
  url: string;
  headers?: Input[];
}
export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: string;
}
export interface ServerDoc {
  name: string;
  title?: string;
  description: string;
  version: string;
  websiteUrl?: string;
  repository?: { url?: string; source?: string; subfolder?: string };
  icons?: Icon[];
  packages?: Pkg[];
  remotes?: Remote[];
}
export interface Entry {
  server: ServerDoc;
  _meta?: Record<string, unknown>;
}
/** Filled by later services (scans, runtime probes, metrics); each section shows only with data. */
export interface Capabilities {
  tools?: { name: string; description?: string }[];
  resources?: { uri?: string; name: string; description?: string }[];
  prompts?: { name: string; description?: string }[];
}

export const OFFICIAL = 'io.modelcontextprotocol.registry/official';
export const PROVENANCE = 'io.mcphub/provenance';
export const CAPABILITIES = 'io.mcphub/capabilities';

/** An http(s) URL as given, or undefined: what a publisher wrote is shown as a link only if it is one. */
export function webUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The icon to show: https only (server.json's rule, and no mixed content), no credentials in it;
 * one made for light backgrounds or for any, else any.
 */
export function pickIcon(icons: Icon[] | undefined): string | undefined {
  const usable = (icons ?? []).flatMap((i) => {
    const src = typeof i?.src === 'string' ? webUrl(i.src) : undefined;
    return src?.startsWith('https://') ? [{ ...i, src }] : [];
  });
  return (usable.find((i) => i.theme !== 'dark') ?? usable[0])?.src;
}
