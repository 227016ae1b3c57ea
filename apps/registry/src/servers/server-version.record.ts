import type { OfficialMeta, ServerStatus } from '@mcp-hub/domain';

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

/** One published version as reads see it (no ORM types past the repository). */
export interface ServerVersionRecord extends VersionState {
  /** The stored server.json text, served as it is: never parsed and re-serialized on reads. */
  serverJsonText: string;
}

export interface ServerResponse {
  server: Record<string, unknown>;
  _meta: Record<string, unknown>;
}

export const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** A response body that is already JSON text; the HTTP layer sends it without serializing again. */
export class JsonText {
  constructor(readonly text: string) {}

  parse<T>(): T {
    return JSON.parse(this.text) as T;
  }
}

function officialMeta(r: VersionState): OfficialMeta {
  return {
    status: r.status,
    statusChangedAt: r.statusChangedAt.toISOString(),
    ...(r.statusMessage ? { statusMessage: r.statusMessage } : {}),
    publishedAt: r.publishedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    isLatest: r.isLatest,
  };
}

function serverResponseText(r: ServerVersionRecord): string {
  return `{"server":${r.serverJsonText},"_meta":${JSON.stringify({ [OFFICIAL]: officialMeta(r) })}}`;
}

export function serializeServerResponse(r: ServerVersionRecord): JsonText {
  return new JsonText(serverResponseText(r));
}

export function serializeServerList(rows: readonly ServerVersionRecord[], metadata: { count: number; nextCursor?: string }): JsonText {
  return new JsonText(`{"servers":[${rows.map(serverResponseText).join(',')}],"metadata":${JSON.stringify(metadata)}}`);
}

export function toServerResponse(r: ServerVersionRecord): ServerResponse {
  return serializeServerResponse(r).parse<ServerResponse>();
}
