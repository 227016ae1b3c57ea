import { hasExactVersion, ociImage } from '@mcp-hub/domain';
import semver from 'semver';
import { CliError } from '../errors';
import type { PackageDoc } from '../registry/client';
import { type HttpResponse, request } from '../registry/http';
import { ociDigest } from './oci-digest';

export interface PackageRegistries {
  npmRegistry: string;
  pypiRegistry: string;
  offline: boolean;
}

const TIMEOUT_MS = 15_000;

/** The npm registry a package is looked up on: its own registryBaseUrl unless that is the public one (mcpm's setting then). */
export function npmBase(pkg: PackageDoc, npmRegistry: string): string {
  return pkg.registryBaseUrl && !/^https:\/\/registry\.npmjs\.org\/?$/.test(pkg.registryBaseUrl)
    ? pkg.registryBaseUrl.replace(/\/+$/, '')
    : npmRegistry;
}

/**
 * The package pinned to one release. Older registry entries name a dist-tag ("latest"), a range
 * or an OCI "latest" where an exact version belongs; what that points at today is looked up —
 * npm's dist-tags or the highest version in the range, PyPI's current release, the tag's OCI
 * digest — and the install locks that. When it cannot be looked up, the install is refused:
 * a launch that starts different code tomorrow is what the lockfile exists to prevent.
 */
export async function pinPackage(
  server: { name: string; version: string },
  pkg: PackageDoc,
  o: PackageRegistries,
): Promise<PackageDoc> {
  if (hasExactVersion(pkg)) return pkg;
  const wanted = pkg.version ?? 'latest';
  const ref = `${server.name}@${server.version}`;
  const label = `${ref}'s ${pkg.registryType} package ${pkg.identifier}`;
  const pickAnother = `Install a version of ${server.name} whose package names an exact version (mcpm info ${server.name} lists them), or ask its publisher to publish one.`;
  const about: Subject = { ref, label, pickAnother };
  if (o.offline) {
    throw new CliError(
      'network',
      `${label} names version "${wanted}", not one release; mcpm looks up the exact one when installing, which --offline rules out.`,
      `Run without --offline. ${pickAnother}`,
    );
  }
  switch (pkg.registryType) {
    case 'npm':
      return { ...pkg, version: await npmVersion(about, pkg, wanted, npmBase(pkg, o.npmRegistry)) };
    case 'pypi':
      return { ...pkg, version: await pypiVersion(about, pkg, wanted, o.pypiRegistry.replace(/\/+$/, '')) };
    case 'oci': {
      const image = ociImage(pkg);
      let digest: string | undefined;
      try {
        digest = await ociDigest(image, TIMEOUT_MS);
      } catch (e) {
        throw new CliError(
          'network',
          `${label} names the moving tag ${image}, and its registry is unreachable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) to pin it to a digest.`,
          `Retry when the registry is reachable. ${pickAnother}`,
        );
      }
      if (!digest)
        throw new CliError(
          'not_found',
          `${label} names the moving tag ${image}, and its registry gives no digest to pin it to.`,
          pickAnother,
        );
      return { ...pkg, identifier: `${image}@${digest}`, version: digest };
    }
    default:
      throw new CliError(
        'invalid',
        `${label} names version "${wanted}", which is not one release, and mcpm cannot look ${pkg.registryType} versions up.`,
        pickAnother,
      );
  }
}

/** What a lookup is for, for its messages. */
interface Subject {
  ref: string;
  label: string;
  pickAnother: string;
}

async function npmVersion(
  { ref, label, pickAnother }: Subject,
  pkg: PackageDoc,
  wanted: string,
  base: string,
): Promise<string> {
  const url = `${base}/${pkg.identifier.replace('/', '%2F')}`;
  // The abbreviated packument: dist-tags and version numbers, without every README.
  const res = await lookUp(
    url,
    'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8',
    label,
    pickAnother,
  );
  if (res.status === 404)
    throw new CliError('not_found', `${base} has no package ${pkg.identifier}, which ${ref} names.`, pickAnother);
  if (!res.ok)
    throw new CliError(
      'network',
      `${base} answered ${res.status} for ${pkg.identifier}, so "${wanted}" cannot be pinned to a version.`,
      `Retry later. ${pickAnother}`,
    );
  const doc = JSON.parse(res.text()) as { 'dist-tags'?: Record<string, string>; versions?: Record<string, unknown> };
  const tagged = doc['dist-tags']?.[wanted];
  if (tagged && semver.valid(tagged)) return tagged;
  const range = semver.validRange(wanted);
  const best = range ? semver.maxSatisfying(Object.keys(doc.versions ?? {}), range) : null;
  if (best) return best;
  throw new CliError(
    'not_found',
    `${label} names version "${wanted}", which is neither a dist-tag of ${pkg.identifier} nor a range any of its versions meet.`,
    pickAnother,
  );
}

async function pypiVersion(
  { ref, label, pickAnother }: Subject,
  pkg: PackageDoc,
  wanted: string,
  base: string,
): Promise<string> {
  // PyPI has no tags: only "latest" means something there (its current release).
  if (wanted !== 'latest')
    throw new CliError('not_found', `${label} names version "${wanted}", which is not a PyPI version.`, pickAnother);
  const res = await lookUp(
    `${base}/pypi/${encodeURIComponent(pkg.identifier)}/json`,
    'application/json',
    label,
    pickAnother,
  );
  if (res.status === 404)
    throw new CliError('not_found', `${base} has no project ${pkg.identifier}, which ${ref} names.`, pickAnother);
  if (!res.ok)
    throw new CliError(
      'network',
      `${base} answered ${res.status} for ${pkg.identifier}, so "latest" cannot be pinned to a version.`,
      `Retry later. ${pickAnother}`,
    );
  const version = (JSON.parse(res.text()) as { info?: { version?: string } }).info?.version;
  if (!version) throw new CliError('not_found', `${base} names no current release of ${pkg.identifier}.`, pickAnother);
  return version;
}

async function lookUp(url: string, accept: string, label: string, pickAnother: string): Promise<HttpResponse> {
  try {
    return await request(url, { headers: { accept }, timeoutMs: TIMEOUT_MS });
  } catch (e) {
    const host = new URL(url).host;
    throw new CliError(
      'network',
      `${host} is unreachable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), so ${label}'s version cannot be pinned.`,
      `Retry when ${host} is reachable. ${pickAnother}`,
    );
  }
}
