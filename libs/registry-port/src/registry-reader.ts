import type { Viewer } from '@mcp-hub/domain';

/** The latest version of one server, as other services read it (search indexes it). */
export interface LatestVersion {
  serverName: string;
  namespace: string;
  version: string;
  serverJson: Record<string, unknown>;
  status: string;
  publishedAt: Date;
  /** The newest `updated_at` of the server's versions, as Postgres prints it (microseconds kept: compare it exactly). */
  sourceUpdatedAt: string;
  /** The org the server is private to; null when public. */
  privateOrgId: string | null;
}

/** What changed about a server last: its newest version row, and whether it has a latest (not deleted-only) version. */
export interface ServerStamp {
  serverName: string;
  /** The newest `updated_at` of its versions, as Postgres prints it (the same text as LatestVersion.sourceUpdatedAt). */
  updatedAt: string;
  /** False when every version is deleted: the server has no latest version. */
  visible: boolean;
}

/** One version of one server. */
export interface VersionRef {
  serverName: string;
  version: string;
}

/** A version that is not deleted, with what a consumer needs to decide whether its copy of it is current. */
export interface ActiveVersion extends VersionRef {
  isLatest: boolean;
  /** The version row's `updated_at`, as Postgres prints it. */
  updatedAt: string;
}

/** One version as the runtime reads it: its server.json and what decides who may see it. */
export interface VersionDetail extends VersionRef {
  namespace: string;
  serverJson: Record<string, unknown>;
  status: string;
  isLatest: boolean;
  privateOrgId: string | null;
}

/** The latest active version of a server that has remotes: what the health prober visits. */
export interface RemoteVersion extends VersionRef {
  remotes: { type: string; url: string }[];
}

/**
 * The registry's read port: the one registry-owned interface other services (search today;
 * runtime and scanner next) read registry data through. Registry tables (servers,
 * server_versions, orgs, …) are read here and in apps/registry only; a consumer injects this
 * class (it is the DI token) and never writes SQL on them. Writes stay in the registry, which
 * announces them with RegistryEvents and the change feed (same package).
 */
export abstract class RegistryReader {
  /** The latest version of each of these servers (private ones included; deleted-only servers have none). */
  abstract latestVisibleVersions(names: string[]): Promise<LatestVersion[]>;

  /** Every server's stamp: what a consumer compares with what it holds to find what changed while it was away. */
  abstract serverStamps(): Promise<ServerStamp[]>;

  /** The name of every server that has a version row (deleted ones included). */
  abstract serverNames(): Promise<string[]>;

  /** Whether the viewer may see a version of the server that is not deleted. */
  abstract servedTo(name: string, viewer: Viewer): Promise<boolean>;

  /**
   * Which of these servers the viewer may see now (each version row carries its server's
   * visibility, written in the same transaction as the change): a consumer's copy may lag.
   */
  abstract visibleNow(names: string[], viewer: Viewer): Promise<Set<string>>;

  /** Every version that is not deleted (of these servers only, when given): the runtime's reconciler compares them with its results. */
  abstract activeVersions(names?: string[]): Promise<ActiveVersion[]>;

  /**
   * One version (`latest`: the server's latest) if the viewer may see it, deleted ones only for an
   * instance-wide viewer (`viewer.all`); undefined otherwise, so a private server is indistinguishable
   * from an absent one.
   */
  abstract versionOf(name: string, version: string, viewer: Viewer): Promise<VersionDetail | undefined>;

  /** The latest version of every active server that lists remotes. */
  abstract latestWithRemotes(): Promise<RemoteVersion[]>;

  /** The latest version of every server the viewer may see (all of them, or only these names). */
  abstract latestVersionKeys(viewer: Viewer, names?: string[]): Promise<VersionRef[]>;
}
