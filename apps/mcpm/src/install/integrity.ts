import { CliError } from '../errors';
import type { PackageDoc } from '../registry/client';
import { ociDigest } from './oci-digest';
import { npmBase } from './package-version';
import { ociImage } from './plan';

export type IntegrityResult = { integrity: string } | { unavailable: string };

/**
 * The package's integrity as its own registry states it: npm's dist.integrity, an OCI digest
 * pinned in the identifier, an mcpb bundle's fileSha256. Unreachable registries give
 * `unavailable` (the lock then records none); a registry that says the version does not exist
 * is an error, because the host could never start it.
 */
export async function packageIntegrity(
  pkg: PackageDoc,
  version: string,
  npmRegistry: string,
): Promise<IntegrityResult> {
  switch (pkg.registryType) {
    case 'npm':
      return npmIntegrity(pkg, version, npmRegistry);
    case 'mcpb':
      return pkg.fileSha256
        ? { integrity: `sha256-${pkg.fileSha256}` }
        : { unavailable: 'the bundle has no fileSha256' };
    case 'oci': {
      const image = ociImage(pkg);
      try {
        const digest = await ociDigest(image);
        return digest ? { integrity: digest } : { unavailable: `the registry gave no digest for ${image}` };
      } catch (e) {
        return {
          unavailable: `the registry of ${image} is unreachable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        };
      }
    }
    default:
      return { unavailable: `${pkg.registryType} integrity is not checked` };
  }
}

async function npmIntegrity(pkg: PackageDoc, version: string, npmRegistry: string): Promise<IntegrityResult> {
  const base = npmBase(pkg, npmRegistry);
  const url = `${base}/${pkg.identifier.replace('/', '%2F')}/${encodeURIComponent(version)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    return {
      unavailable: `${base} unreachable (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message})`,
    };
  }
  if (res.status === 404) {
    throw new CliError(
      'not_found',
      `npm has no ${pkg.identifier}@${version}, which this server version names as its package.`,
      'The server entry is broken upstream; pick another version (mcpm info <name>) or tell its publisher.',
    );
  }
  if (!res.ok) return { unavailable: `${base} answered ${res.status}` };
  const body = (await res.json()) as { dist?: { integrity?: string; shasum?: string } };
  const integrity =
    body.dist?.integrity ??
    (body.dist?.shasum ? `sha1-${Buffer.from(body.dist.shasum, 'hex').toString('base64')}` : undefined);
  return integrity ? { integrity } : { unavailable: 'npm lists no integrity for it' };
}
