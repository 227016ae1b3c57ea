/** A repository on github.com, as a server.json `repository` names it. */
export interface GitHubRepository {
  owner: string;
  repo: string;
  /** The folder the server lives in (monorepos), without leading or trailing slashes. */
  subfolder?: string;
}

const SEGMENT = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The github.com repository a server.json `repository` points at, or undefined when it is not one
 * (another host, not a URL, an owner or repo GitHub would not accept). Accepts what publishers
 * write: `https://github.com/o/r`, `…/r.git`, a trailing slash, `…/tree/<branch>/<dir>` (the
 * directory becomes the subfolder unless `subfolder` says otherwise). A subfolder with `..` or
 * odd characters is dropped rather than sent to GitHub.
 */
export function githubRepositoryOf(
  repository: { url?: unknown; subfolder?: unknown } | undefined | null,
): GitHubRepository | undefined {
  if (typeof repository?.url !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(repository.url.trim());
  } catch {
    return undefined;
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    !/^(www\.)?github\.com$/i.test(url.hostname) ||
    url.port !== ''
  )
    return undefined;
  const parts = url.pathname.split('/').filter(Boolean);
  const owner = parts[0];
  const repo = parts[1]?.replace(/\.git$/i, '');
  if (!owner || !repo || !SEGMENT.test(owner) || !SEGMENT.test(repo) || owner.startsWith('.') || repo.startsWith('.'))
    return undefined;
  const fromUrl = parts[2] === 'tree' && parts.length > 4 ? parts.slice(4).join('/') : undefined;
  const subfolder = cleanFolder(typeof repository.subfolder === 'string' ? repository.subfolder : fromUrl);
  return { owner, repo, ...(subfolder ? { subfolder } : {}) };
}

function cleanFolder(folder: string | undefined): string | undefined {
  if (!folder) return undefined;
  const parts = folder.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..' || !/^[\p{L}\p{N} _.@+-]{1,200}$/u.test(p))) return undefined;
  return parts.join('/');
}

/** The repository's page on github.com (its subfolder's, on the default branch, when known). */
export function githubRepositoryUrl(r: GitHubRepository, branch?: string | null): string {
  const base = `https://github.com/${r.owner}/${r.repo}`;
  return r.subfolder && branch ? `${base}/tree/${encodePath(branch)}/${encodePath(r.subfolder)}` : base;
}

/**
 * Where a README's relative links and images point: its folder on github.com and on
 * raw.githubusercontent.com, at the default branch (both ending in "/").
 */
export function githubReadmeBases(r: GitHubRepository, branch: string): { links: string; images: string } {
  const folder = r.subfolder ? `${encodePath(r.subfolder)}/` : '';
  const b = encodePath(branch);
  return {
    links: `https://github.com/${r.owner}/${r.repo}/blob/${b}/${folder}`,
    images: `https://raw.githubusercontent.com/${r.owner}/${r.repo}/${b}/${folder}`,
  };
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');
