import type { ServerStatus } from '@mcp-hub/domain';

/** A version's registry-managed state, without its document (what write rules need). */
export interface VersionState {
  id: number;
  serverName: string;
  version: string;
  status: ServerStatus;
  statusMessage: string | null;
  statusChangedAt: Date;
  isLatest: boolean;
  publishedAt: Date;
  updatedAt: Date;
  unpublishedAt: Date | null;
  source: string;
}

/**
 * One version as reads serve it: `entryText` is the whole `{server, _meta}` entry, built by the
 * database from the stored server.json text, so reads never parse and re-serialize documents.
 */
export interface ServerEntry {
  id: number;
  serverName: string;
  version: string;
  status: ServerStatus;
  entryText: string;
}

export interface ServerResponse {
  server: Record<string, unknown>;
  _meta: Record<string, unknown>;
}

/** A response body that is already JSON text; the HTTP layer sends it without serializing again. */
export class JsonText {
  constructor(readonly text: string) {}
}

export function serializeServerList(
  entries: readonly ServerEntry[],
  metadata: { count: number; nextCursor?: string },
): JsonText {
  return new JsonText(
    `{"servers":[${entries.map((e) => e.entryText).join(',')}],"metadata":${JSON.stringify(metadata)}}`,
  );
}

export function toServerResponse(e: ServerEntry): ServerResponse {
  return JSON.parse(e.entryText) as ServerResponse;
}
