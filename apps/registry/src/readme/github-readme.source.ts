import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import type { GitHubRepository } from '@mcp-hub/domain';

/** The most of a README the Hub keeps; a longer one is cut at the last line break before it. */
export const README_MAX_BYTES = 512 * 1024;

export type ReadmeRead =
  | { status: 'ok'; markdown: string; truncated: boolean; license: string | null; defaultBranch: string | null }
  | { status: 'none'; reason: string }
  | { status: 'unavailable'; reason: string };

export const UNREACHABLE = 'README not available: the Hub cannot reach GitHub';

/**
 * Reads a repository's README (and its license and default branch) from GitHub's REST API.
 * Every call is bounded by HUB_README_TIMEOUT, body included, and the README by
 * README_MAX_BYTES; nothing here throws: a failure is an answer saying why.
 */
@Injectable()
export class GitHubReadmeSource {
  private readonly apiUrl: string;
  private readonly timeoutMs: number;
  /**
   * The sign-in OAuth app's credentials, when the Hub has them: GitHub then allows 5,000 calls an
   * hour instead of the 60 it gives an anonymous caller (per address).
   */
  private readonly authorization?: string;

  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    this.apiUrl = config.readme.githubApiUrl;
    this.timeoutMs = config.readme.timeoutMs;
    const app = config.github;
    if (app?.clientSecret)
      this.authorization = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
  }

  async read(r: GitHubRepository): Promise<ReadmeRead> {
    const repoPath = `/repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}`;
    const dir = r.subfolder ? `/${r.subfolder.split('/').map(encodeURIComponent).join('/')}` : '';
    const [readme, repo] = await Promise.all([
      this.call(`${repoPath}/readme${dir}`, 'application/vnd.github.raw', README_MAX_BYTES),
      this.call(repoPath, 'application/vnd.github+json', 256 * 1024),
    ]);
    if (readme.kind === 'failed') return { status: 'unavailable', reason: UNREACHABLE };
    if (readme.status === 404)
      return {
        status: 'none',
        reason: `${r.owner}/${r.repo}${dir} has no README on GitHub (or is not a public repository)`,
      };
    if (readme.status === 403 || readme.status === 429)
      return {
        status: 'unavailable',
        reason: 'README not available: GitHub is limiting the Hub’s requests; it will try again later',
      };
    if (readme.status !== 200)
      return { status: 'unavailable', reason: `README not available: GitHub answered ${readme.status}` };
    const facts =
      repo.kind === 'answered' && repo.status === 200 && !repo.truncated
        ? repoFacts(repo.body)
        : { license: null, defaultBranch: null };
    const text = readme.body.toString('utf8');
    // Cut whole lines only; a multi-byte character split at the limit is dropped with its line.
    const markdown = readme.truncated ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
    return { status: 'ok', markdown, truncated: readme.truncated, ...facts };
  }

  /** One GET, its body read up to `maxBytes`; never throws. */
  private async call(
    path: string,
    accept: string,
    maxBytes: number,
  ): Promise<{ kind: 'answered'; status: number; body: Buffer; truncated: boolean } | { kind: 'failed' }> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await fetch(`${this.apiUrl}${path}`, {
        headers: {
          accept,
          'user-agent': 'mcp-hub',
          'x-github-api-version': '2022-11-28',
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        redirect: 'follow',
        signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const reader = res.body?.getReader();
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(Buffer.from(value));
        size += value.byteLength;
        if (size > maxBytes) {
          truncated = true;
          await reader.cancel();
          break;
        }
      }
      return { kind: 'answered', status: res.status, body: Buffer.concat(chunks).subarray(0, maxBytes), truncated };
    } catch {
      // Unreachable, refused, reset or too slow: all the same to a reader of the page.
      return { kind: 'failed' };
    }
  }
}

function repoFacts(body: Buffer): { license: string | null; defaultBranch: string | null } {
  try {
    const repo = JSON.parse(body.toString('utf8')) as {
      default_branch?: unknown;
      license?: { spdx_id?: unknown; name?: unknown } | null;
    };
    const spdx =
      typeof repo.license?.spdx_id === 'string' && repo.license.spdx_id !== 'NOASSERTION'
        ? repo.license.spdx_id
        : undefined;
    const name = typeof repo.license?.name === 'string' ? repo.license.name : undefined;
    const branch =
      typeof repo.default_branch === 'string' && /^[\p{L}\p{N}._/-]{1,200}$/u.test(repo.default_branch)
        ? repo.default_branch
        : null;
    return { license: (spdx ?? name)?.slice(0, 100) ?? null, defaultBranch: branch };
  } catch {
    return { license: null, defaultBranch: null };
  }
}
