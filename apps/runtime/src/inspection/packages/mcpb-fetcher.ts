import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredPackage } from '@mcp-hub/domain';
import { createSafeFetch } from '../remote/safe-fetch';
import { SANDBOX_HOME, type RuntimeLogger } from '../sandbox/sandbox';
import { buildOnce } from './atomic-dir';
import {
  FetchFailed,
  NotInspectable,
  PACKAGE_MOUNT,
  staysInside,
  type FetchedPackage,
  type PackageFetcher,
} from './fetcher';
import { unzipSafely, type UnzipCaps } from './safe-unzip';

export interface McpbFetcherOptions {
  /** `<HUB_DATA_DIR>/runtime/mcpb`: one directory per bundle sha256. */
  cacheDir: string;
  /** HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS: bundles may be downloaded from private addresses (tests). */
  allowPrivateNetworks?: boolean;
  maxBundleBytes?: number;
  unzip?: Partial<UnzipCaps>;
  timeoutMs?: number;
  logger?: RuntimeLogger;
}

interface Manifest {
  server?: {
    type?: string;
    entry_point?: string;
    mcp_config?: { command?: string; args?: string[]; env?: Record<string, string> };
  };
  user_config?: Record<string, { default?: unknown; required?: boolean }>;
}

/**
 * Fetches an MCP bundle (.mcpb, a zip with manifest.json): downloaded from a public address,
 * checked against the server.json's fileSha256 before anything else (a mismatch never runs),
 * unpacked safely into a cache by that sha256. Only node bundles run in the sandbox.
 */
export class McpbFetcher implements PackageFetcher {
  constructor(private readonly o: McpbFetcherOptions) {}

  async fetch(pkg: StoredPackage): Promise<FetchedPackage> {
    const sha = pkg.fileSha256?.toLowerCase();
    if (!sha || !/^[0-9a-f]{64}$/.test(sha)) {
      throw new FetchFailed(
        'the bundle has no valid fileSha256 in the server.json, so it cannot be checked and is not run',
      );
    }
    const dir = path.join(this.o.cacheDir, sha);
    await buildOnce(this.o.cacheDir, dir, async (scratch) => {
      const bytes = await this.download(pkg.identifier);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha) {
        throw new FetchFailed(
          `the bundle's sha256 is ${actual}, not the fileSha256 ${sha} of the server.json: it was not run`,
        );
      }
      try {
        unzipSafely(bytes, scratch, { maxEntries: 20_000, maxTotalBytes: 512 * 1024 * 1024, ...this.o.unzip });
      } catch (e) {
        throw e instanceof FetchFailed ? e : new FetchFailed(`the bundle does not unpack: ${(e as Error).message}`);
      }
    });
    return fromManifest(dir, await readManifest(dir));
  }

  private async download(url: string): Promise<Uint8Array> {
    const maxBytes = this.o.maxBundleBytes ?? 128 * 1024 * 1024;
    const fetch = createSafeFetch({
      allowPrivateNetworks: this.o.allowPrivateNetworks ?? false,
      timeoutMs: this.o.timeoutMs ?? 60_000,
      maxResponseBytes: maxBytes,
    });
    this.o.logger?.log(`downloading the bundle ${url}`);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new FetchFailed(`could not fetch the bundle ${url}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      if (e instanceof FetchFailed) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new FetchFailed(
        `could not fetch the bundle ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      );
    } finally {
      await fetch.close();
    }
  }
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new FetchFailed('the bundle has no readable manifest.json');
  }
}

/**
 * The entry and words of a node bundle's manifest: `server.entry_point`, and mcp_config's args
 * after it and env, with `${__dirname}`, `${HOME}` and `${user_config.X}` filled from X's default;
 * a required input without one is reported missing.
 */
export function fromManifest(dir: string, m: Manifest): FetchedPackage {
  const type = m.server?.type ?? 'unknown';
  if (type !== 'node')
    throw new NotInspectable(`${type} bundles are not inspected: only node bundles run in the sandbox`);
  const entry = m.server?.entry_point?.replace(/^\.\//, '');
  if (!entry || !staysInside(entry))
    throw new FetchFailed("the bundle's manifest has no entry_point inside the bundle");
  const missing = Object.entries(m.user_config ?? {})
    .filter(([, spec]) => spec.required && spec.default === undefined)
    .map(([key]) => key);
  const fill = (word: string) =>
    word.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
      if (key === '__dirname') return PACKAGE_MOUNT;
      if (key === 'HOME') return SANDBOX_HOME;
      if (key === '/' || key === 'pathSeparator') return '/';
      const input = /^user_config\.(.+)$/.exec(key)?.[1];
      const value = input === undefined ? undefined : m.user_config?.[input]?.default;
      if (value === undefined) return '';
      return Array.isArray(value) ? value.join(' ') : String(value);
    });
  const config = m.server?.mcp_config;
  // An optional input left empty leaves its word (or variable) out, as a host does.
  const words = (config?.args ?? []).map(fill).filter((w) => w !== '');
  const at = words.findIndex((w) => path.posix.normalize(w) === path.posix.join(PACKAGE_MOUNT, entry));
  const env = Object.fromEntries(
    Object.entries(config?.env ?? {})
      .map(([k, v]) => [k, fill(String(v))])
      .filter(([, v]) => v !== ''),
  );
  return { dir, entry, args: at >= 0 ? words.slice(at + 1) : [], env, missingConfig: missing };
}
