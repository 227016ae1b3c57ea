import { Injectable } from '@nestjs/common';
import {
  type Principal,
  type ServerStatus,
  type Viewer,
  canSee,
  isAdmin,
  mayUnpublish,
  notFound,
} from '@mcp-hub/domain';
import { LIST_LIMIT_DEFAULT } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { type Cursor, decodeCursor, encodeCursor } from './list-query';
import { JsonText, type ServerEntry, serializeServerList } from './server-version.record';
import { ServerVersionRepository } from './server-version.repository';

export interface ListParams {
  cursor?: string;
  limit?: number;
  search?: string;
  updatedSince?: Date;
  version?: string;
  includeDeleted?: boolean;
  viewer: Viewer;
  /** An org's sub-registry whose allow-list is on. */
  allowListOf?: string;
}

/** What the developer dashboard lists (GET /api/v1/me/servers): a server a caller may manage, every version's status. */
export interface MyServer {
  name: string;
  source: 'local' | 'upstream';
  org: string | null;
  visibility: 'public' | 'private';
  versions: {
    version: string;
    status: ServerStatus;
    statusMessage: string | null;
    isLatest: boolean;
    publishedAt: string;
    updatedAt: string;
    unpublishedAt: string | null;
    canUnpublish: boolean;
  }[];
}

/**
 * Read side of the official API: listing, version history, one version. Results are JSON text
 * (the stored documents spliced in as they are), the shape of ServerList / ServerResponse.
 */
@Injectable()
export class ServersService {
  constructor(
    private readonly repo: ServerVersionRepository,
    private readonly clock: Clock,
  ) {}

  async list(p: ListParams): Promise<JsonText> {
    const limit = p.limit ?? LIST_LIMIT_DEFAULT;
    const after: Cursor | undefined = p.cursor ? decodeCursor(p.cursor) : undefined;
    const rows = await this.repo.list({
      viewer: p.viewer,
      allowListOf: p.allowListOf,
      after,
      limit,
      nameContains: p.search || undefined,
      updatedSince: p.updatedSince,
      version: p.version,
      // Incremental sync must see deletions, so updated_since always includes them (upstream rule).
      includeDeleted: p.includeDeleted === true || p.updatedSince !== undefined,
    });
    const last = rows[rows.length - 1];
    return serializeServerList(rows, {
      count: rows.length,
      ...(rows.length === limit && last
        ? { nextCursor: encodeCursor({ name: last.serverName, version: last.version }) }
        : {}),
    });
  }

  /**
   * Every version the viewer may see, deleted ones included, in name and version order, a page
   * at a time: what a snapshot in the official list format holds (`pnpm hub mirror export`).
   */
  async *everyEntry(viewer: Viewer, pageSize = 500): AsyncGenerator<ServerEntry[]> {
    let after: Cursor | undefined;
    for (;;) {
      const rows = await this.repo.list({ viewer, after, limit: pageSize, includeDeleted: true });
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < pageSize || !last) return;
      after = { name: last.serverName, version: last.version };
    }
  }

  /** Whether an org's allow-list admits a server (its own servers always are). */
  allowed(orgId: string, name: string): Promise<boolean> {
    return this.repo.allowedFor(orgId, name);
  }

  /** A private server the viewer may not see answers exactly like one that does not exist. */
  async versions(name: string, viewer: Viewer, includeDeleted = false): Promise<JsonText> {
    const rows = await this.repo.versionsOf(name, includeDeleted, viewer);
    if (rows.length === 0) throw notFound(`Server ${name} not found`);
    return serializeServerList(rows, { count: rows.length });
  }

  async version(name: string, version: string, viewer: Viewer, includeDeleted = false): Promise<JsonText> {
    const row = await this.repo.find(name, version, viewer);
    if (!row || (row.status === 'deleted' && !includeDeleted)) {
      throw notFound(
        version === 'latest' ? `Server ${name} not found` : `Version ${version} of server ${name} not found`,
      );
    }
    return new JsonText(row.entryText);
  }

  /** The servers inside the caller's namespace patterns (every one for an instance admin), a page of servers at a time. */
  async mine(
    principal: Principal,
    q: { cursor?: string; limit: number; source?: 'local' | 'upstream'; q?: string },
  ): Promise<{ servers: MyServer[]; nextCursor?: string }> {
    const patterns = isAdmin(principal) ? ['*'] : principal.namespaces;
    const { rows, more } = await this.repo.versionsInNamespace(patterns, q.cursor, q.limit, {
      source: q.source,
      nameContains: q.q?.trim() || undefined,
    });
    const now = this.clock.now();
    const owners = await this.repo.ownersOf([...new Set(rows.map((r) => r.serverName))]);
    const byName = new Map<string, MyServer>();
    for (const r of rows) {
      const owner = owners.get(r.serverName);
      // Another org's private server in a namespace this caller may publish in stays out of sight.
      if (owner?.visibility === 'private' && !canSee(principal.viewer, owner.orgId)) continue;
      let server = byName.get(r.serverName);
      if (!server) {
        server = {
          name: r.serverName,
          source: r.source === 'upstream' ? 'upstream' : 'local',
          org: owner?.org ?? null,
          visibility: owner?.visibility ?? 'public',
          versions: [],
        };
        byName.set(r.serverName, server);
      }
      server.versions.push({
        version: r.version,
        status: r.status,
        statusMessage: r.statusMessage,
        isLatest: r.isLatest,
        publishedAt: r.publishedAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        unpublishedAt: r.unpublishedAt?.toISOString() ?? null,
        canUnpublish: mayUnpublish(r, isAdmin(principal), now),
      });
    }
    const list = [...byName.values()];
    return { servers: list, ...(more && list.length > 0 ? { nextCursor: list[list.length - 1]!.name } : {}) };
  }
}
