import type { OfficialMeta, ServerStatus } from '@mcp-hub/domain';

/** One published version as the services see it (no ORM types past the repository). */
export interface ServerVersionRecord {
  id: number;
  serverName: string;
  version: string;
  serverJson: Record<string, unknown>;
  status: ServerStatus;
  statusMessage: string | null;
  statusChangedAt: Date;
  isLatest: boolean;
  publishedAt: Date;
  updatedAt: Date;
  unpublishedAt: Date | null;
  source: string;
}

export interface ServerResponse {
  server: Record<string, unknown>;
  _meta: Record<string, unknown>;
}

export const OFFICIAL = 'io.modelcontextprotocol.registry/official';

export function toServerResponse(r: ServerVersionRecord): ServerResponse {
  const official: OfficialMeta = {
    status: r.status,
    statusChangedAt: r.statusChangedAt.toISOString(),
    ...(r.statusMessage ? { statusMessage: r.statusMessage } : {}),
    publishedAt: r.publishedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    isLatest: r.isLatest,
  };
  return { server: r.serverJson, _meta: { [OFFICIAL]: official } };
}
