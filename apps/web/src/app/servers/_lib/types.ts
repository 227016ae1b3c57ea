import type { OfficialMeta, StoredServerJson } from '@mcp-hub/domain';

/** The registry's metadata of a version as the server page reads it (the Hub's API types `_meta` as an open object). */
export type Official = Pick<OfficialMeta, 'status'> & Partial<Omit<OfficialMeta, 'status'>>;
/** A registry entry: the server.json as published (read leniently, see `Stored`) and its `_meta`. */
export interface Entry {
  server: StoredServerJson;
  _meta?: Record<string, unknown>;
}

export { OFFICIAL_META_KEY as OFFICIAL, HUB_PROVENANCE_META_KEY as PROVENANCE } from '@mcp-hub/domain';

/** An http(s) URL as given, or undefined: what a publisher wrote is shown as a link only if it is one. */
export function webUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The icon to show: https only (server.json's rule, and no mixed content), no credentials in it;
 * one made for light backgrounds or for any, else any.
 */
export function pickIcon(icons: StoredServerJson['icons']): string | undefined {
  const usable = (icons ?? []).flatMap((i) => {
    const src = typeof i?.src === 'string' ? webUrl(i.src) : undefined;
    return src?.startsWith('https://') ? [{ ...i, src }] : [];
  });
  return (usable.find((i) => i.theme !== 'dark') ?? usable[0])?.src;
}
