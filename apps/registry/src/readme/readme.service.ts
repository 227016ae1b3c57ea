import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import {
  type GitHubRepository,
  type ReadmeAnswer,
  type Viewer,
  githubReadmeBases,
  githubRepositoryOf,
  githubRepositoryUrl,
  notFound,
} from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { GitHubReadmeSource, README_MAX_BYTES } from './github-readme.source';
import { ReadmeRepository, type StoredReadme } from './readme.repository';

/** After a failed read, how long until the Hub tries GitHub again (the page says it is not available meanwhile). */
export const README_RETRY_MS = 10 * 60_000;

/**
 * A server's README, from its repository on github.com: read through GitHub's API at most once
 * per HUB_README_TTL (and, after a failure, once per README_RETRY_MS), kept in server_readmes and
 * served from there. When GitHub cannot be reached the last text read is served as it is; with
 * none, the answer says the README is not available — the request never fails for it.
 */
@Injectable()
export class ReadmeService {
  /** Reads in progress, so concurrent requests for one server make one call to GitHub. */
  private readonly reading = new Map<string, Promise<StoredReadme>>();

  constructor(
    private readonly repo: ReadmeRepository,
    private readonly github: GitHubReadmeSource,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async readme(name: string, viewer: Viewer): Promise<ReadmeAnswer> {
    const server = await this.repo.repositoryOf(name, viewer);
    if (!server) throw notFound(`No server named ${name}`);
    const url = typeof server.repository?.url === 'string' ? server.repository.url : null;
    const gh = githubRepositoryOf(server.repository);
    if (!gh) {
      return {
        status: 'none',
        source: url,
        fetchedAt: null,
        license: null,
        reason: url ? 'READMEs are read from repositories on github.com only' : 'This server names no repository',
      };
    }
    const source = `${gh.owner}/${gh.repo}${gh.subfolder ? `/${gh.subfolder}` : ''}`;
    let stored = await this.repo.find(name);
    if (this.due(stored, source)) stored = await this.readOnce(name, gh, source, stored);
    return answer(stored!, gh);
  }

  private due(stored: StoredReadme | undefined, source: string): boolean {
    if (!stored || stored.source !== source) return true;
    const now = this.clock.now().getTime();
    const stale = stored.status === 'unavailable' || now - stored.fetchedAt.getTime() >= this.config.readme.ttlMs;
    return stale && now - stored.checkedAt.getTime() >= README_RETRY_MS;
  }

  private readOnce(
    name: string,
    gh: GitHubRepository,
    source: string,
    stored: StoredReadme | undefined,
  ): Promise<StoredReadme> {
    const key = `${name}\n${source}`;
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.read(name, gh, source, stored).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async read(
    name: string,
    gh: GitHubRepository,
    source: string,
    stored: StoredReadme | undefined,
  ): Promise<StoredReadme> {
    const read = await this.github.read(gh);
    const now = this.clock.now();
    if (read.status === 'unavailable' && stored && stored.source === source && stored.status !== 'unavailable') {
      // GitHub away: the text read before is still the best answer; try again later.
      await this.repo.checked(name, now);
      return { ...stored, checkedAt: now };
    }
    const row: StoredReadme =
      read.status === 'ok'
        ? {
            source,
            status: 'ok',
            markdown: read.markdown,
            reason: read.truncated ? `Only the first ${README_MAX_BYTES / 1024} KB of the README are shown` : null,
            license: read.license,
            defaultBranch: read.defaultBranch,
            fetchedAt: now,
            checkedAt: now,
          }
        : {
            source,
            status: read.status,
            markdown: null,
            reason: read.reason,
            license: null,
            defaultBranch: null,
            fetchedAt: now,
            checkedAt: now,
          };
    await this.repo.store(name, row);
    return row;
  }
}

function answer(r: StoredReadme, gh: GitHubRepository): ReadmeAnswer {
  const base = r.status === 'ok' && r.defaultBranch ? githubReadmeBases(gh, r.defaultBranch) : undefined;
  return {
    status: r.status,
    ...(r.status === 'ok' && r.markdown !== null ? { markdown: r.markdown } : {}),
    source: githubRepositoryUrl(gh, r.defaultBranch),
    fetchedAt: r.status === 'unavailable' ? null : r.fetchedAt.toISOString(),
    ...(r.reason ? { reason: r.reason } : {}),
    license: r.license,
    ...(base ? { base } : {}),
  };
}
