import { Injectable } from '@nestjs/common';
import { type Viewer, notFound } from '@mcp-hub/domain';
import { LIST_LIMIT_DEFAULT } from '@mcp-hub/domain';
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

/**
 * Read side of the official API: listing, version history, one version. Results are JSON text
 * (the stored documents spliced in as they are), the shape of ServerList / ServerResponse.
 */
@Injectable()
export class ServersService {
  constructor(private readonly repo: ServerVersionRepository) {}

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
      ...(rows.length === limit && last ? { nextCursor: encodeCursor({ name: last.serverName, version: last.version }) } : {}),
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
      throw notFound(version === 'latest' ? `Server ${name} not found` : `Version ${version} of server ${name} not found`);
    }
    return new JsonText(row.entryText);
  }
}
