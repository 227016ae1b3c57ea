import { Injectable } from '@nestjs/common';
import { notFound } from '@mcp-hub/domain';
import { LIST_LIMIT_DEFAULT } from '@mcp-hub/domain';
import { type Cursor, decodeCursor, encodeCursor } from './list-query';
import { JsonText, serializeServerList } from './server-version.record';
import { ServerVersionRepository } from './server-version.repository';

export interface ListParams {
  cursor?: string;
  limit?: number;
  search?: string;
  updatedSince?: Date;
  version?: string;
  includeDeleted?: boolean;
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

  async versions(name: string, includeDeleted = false): Promise<JsonText> {
    const rows = await this.repo.versionsOf(name, includeDeleted);
    if (rows.length === 0) throw notFound(`Server ${name} not found`);
    return serializeServerList(rows, { count: rows.length });
  }

  async version(name: string, version: string, includeDeleted = false): Promise<JsonText> {
    const row = await this.repo.find(name, version);
    if (!row || (row.status === 'deleted' && !includeDeleted)) {
      throw notFound(version === 'latest' ? `Server ${name} not found` : `Version ${version} of server ${name} not found`);
    }
    return new JsonText(row.entryText);
  }
}
