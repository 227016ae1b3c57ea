import { type HttpResponse, request } from '../registry/http';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface ImageRef {
  /** Registry host[:port]; Docker Hub's API host for docker.io. */
  host: string;
  repository: string;
  reference: string;
  /** Plain HTTP only for a registry on this machine, as docker itself allows. */
  scheme: 'https' | 'http';
}

/** `ghcr.io/acme/w:1.2`, `acme/w:1.2` (Docker Hub), `localhost:5000/w:1` → registry, repository, tag. */
export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const parts = withoutDigest.split('/');
  const first = parts[0]!;
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let host = hasHost ? first : 'docker.io';
  let path = (hasHost ? parts.slice(1) : parts).join('/');
  const colon = path.lastIndexOf(':');
  const tag = colon >= 0 ? path.slice(colon + 1) : 'latest';
  if (colon >= 0) path = path.slice(0, colon);
  if (host === 'docker.io' || host === 'index.docker.io') {
    host = 'registry-1.docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  return { host, repository: path, reference: at >= 0 ? image.slice(at + 1) : tag, scheme: local ? 'http' : 'https' };
}

/**
 * The digest a tag points at now (`sha256:…`), from the registry's Docker-Content-Digest header:
 * a HEAD on the manifest, with the anonymous bearer token the registry asks for (OCI
 * distribution spec token flow), so pulling by digest later gets exactly what was locked.
 */
export async function ociDigest(image: string, timeoutMs = 15_000): Promise<string | undefined> {
  const ref = parseImage(image);
  if (ref.reference.startsWith('sha256:')) return ref.reference;
  const url = `${ref.scheme}://${ref.host}/v2/${ref.repository}/manifests/${ref.reference}`;
  let res = await request(url, { method: 'HEAD', headers: { accept: ACCEPT }, timeoutMs });
  if (res.status === 401) {
    const token = await bearerToken(res, timeoutMs);
    if (token)
      res = await request(url, {
        method: 'HEAD',
        headers: { accept: ACCEPT, authorization: `Bearer ${token}` },
        timeoutMs,
      });
  }
  if (!res.ok) return undefined;
  const digest = res.header('docker-content-digest');
  return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}

async function bearerToken(challenge: HttpResponse, timeoutMs: number): Promise<string | undefined> {
  const header = challenge.header('www-authenticate') ?? '';
  if (!/^Bearer /i.test(header)) return undefined;
  const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  if (!params.realm) return undefined;
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const res = await request(url.toString(), { headers: { accept: 'application/json' }, timeoutMs });
  if (!res.ok) return undefined;
  const body = JSON.parse(res.text()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}
