import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, auditLog, orgs, rowsOf, serverVersions, servers, verifiedNamespaces } from '@mcp-hub/db';
import { REGISTRY_CHANGED_CHANNEL } from '@mcp-hub/registry-port';
import { type ServerStatus, type Viewer, orgsLiteral } from '@mcp-hub/domain';
import { type SQL, and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { HUB_DB } from '@mcp-hub/http';
import type { ServerEntry, VersionState } from './server-version.record';

export interface ListQuery {
  viewer: Viewer;
  /** An org's sub-registry with its allow-list on: only servers it approved, and its own. */
  allowListOf?: string;
  after?: { name: string; version: string };
  limit: number;
  nameContains?: string;
  updatedSince?: Date;
  version?: string;
  includeDeleted: boolean;
}

/** A transaction-bound view used while one server's versions are locked for a write. */
export interface LockedServer {
  versions(): Promise<VersionState[]>;
  insert(
    v: Omit<VersionState, 'id' | 'isLatest'> & {
      serverJson: Record<string, unknown>;
      publishedByTokenId: string | null;
    },
  ): Promise<VersionState>;
  setStatus(
    ids: number[],
    status: ServerStatus,
    message: string | null,
    at: Date,
    unpublished?: boolean,
  ): Promise<void>;
  replaceJson(id: number, json: Record<string, unknown>, at: Date): Promise<void>;
  /** Points `latest` at one version (or none), touching updatedAt of every row whose flag flips. */
  setLatest(latestId: number | undefined, at: Date): Promise<void>;
  /**
   * Who owns the name (local or upstream), whether its namespace is verified here (and by which
   * org), and the org that owns the server with its visibility.
   */
  ownership(): Promise<{
    source: 'local' | 'upstream';
    namespaceVerified: boolean;
    namespaceOrgId: string | null;
    orgId: string | null;
    visibility: 'public' | 'private';
  }>;
  /** Gives a new server to an org; it starts with the org's default visibility. */
  adopt(orgId: string): Promise<void>;
  /** Makes the server public or private to its org: every version follows, and changes (updatedAt). */
  setVisibility(visibility: 'public' | 'private', at: Date): Promise<void>;
  /** A local publish in a verified namespace takes the name over from the mirror. */
  claimForLocal(): Promise<void>;
  /** The served entries of these versions as this transaction sees them, in id order. */
  entries(ids: number[]): Promise<ServerEntry[]>;
  /** An audit entry written with the change (same transaction), in the server's org's log. */
  audit(actor: AuditActor, action: string, target: string, detail?: Record<string, unknown>): Promise<void>;
}

/** Who did it, as the audit log names them. */
export interface AuditActor {
  actor: string;
  userId?: string;
  tokenId?: string;
}

const stateColumns = {
  id: serverVersions.id,
  serverName: serverVersions.serverName,
  version: serverVersions.version,
  status: serverVersions.status,
  statusMessage: serverVersions.statusMessage,
  statusChangedAt: serverVersions.statusChangedAt,
  isLatest: serverVersions.isLatest,
  publishedAt: serverVersions.publishedAt,
  updatedAt: serverVersions.updatedAt,
  unpublishedAt: serverVersions.unpublishedAt,
  source: serverVersions.source,
};
const entryColumns = {
  id: serverVersions.id,
  serverName: serverVersions.serverName,
  version: serverVersions.version,
  status: serverVersions.status,
  // Built by the database on every write (trigger server_versions_entry_json), served as it is.
  entryText: serverVersions.entryJson,
};

const toEntry = (r: Record<keyof typeof entryColumns, unknown>) => r as ServerEntry;
const toState = (r: Record<keyof typeof stateColumns, unknown>) => r as VersionState;

type EntryRow = Record<keyof typeof entryColumns, unknown>;
interface Prepared {
  execute(params: Record<string, unknown>): Promise<EntryRow[]>;
}
const p = sql.placeholder;

/** Rows the viewer may see: public ones, and those private to an org it reads (all for an instance admin). */
const visible = () =>
  sql`(${serverVersions.privateOrgId} is null or ${p('all')}::boolean or ${serverVersions.privateOrgId} = any(${p('orgs')}::uuid[]))`;
const viewerParams = (v: Viewer) => ({ all: v.all, orgs: orgsLiteral(v) });

/**
 * Reads run as prepared statements: built once per process (and, on Postgres, parsed and planned
 * once per connection) instead of on every request.
 */
@Injectable()
export class ServerVersionRepository {
  private readonly findLatest: Prepared;
  private readonly findVersion: Prepared;
  private readonly versionsActive: Prepared;
  private readonly versionsAll: Prepared;
  /** The list route has 32 filter combinations; each gets its statement the first time it is used. */
  private readonly listStatements = new Map<string, Prepared>();

  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {
    const entry = () => db.select(entryColumns).from(serverVersions);
    this.findLatest = entry()
      .where(and(eq(serverVersions.serverName, p('name')), eq(serverVersions.isLatest, true), visible()))
      .limit(1)
      .prepare('hub_find_latest');
    this.findVersion = entry()
      .where(and(eq(serverVersions.serverName, p('name')), eq(serverVersions.version, p('version')), visible()))
      .limit(1)
      .prepare('hub_find_version');
    const newestFirst = [desc(serverVersions.publishedAt), desc(serverVersions.id)];
    this.versionsActive = entry()
      .where(and(eq(serverVersions.serverName, p('name')), ne(serverVersions.status, 'deleted'), visible()))
      .orderBy(...newestFirst)
      .prepare('hub_versions_active');
    this.versionsAll = entry()
      .where(and(eq(serverVersions.serverName, p('name')), visible()))
      .orderBy(...newestFirst)
      .prepare('hub_versions_all');
  }

  async list(q: ListQuery): Promise<ServerEntry[]> {
    const shape = [
      q.includeDeleted ? 'd' : '',
      q.version === 'latest' ? 'l' : q.version !== undefined ? 'v' : '',
      q.updatedSince ? 'u' : '',
      q.nameContains ? 's' : '',
      q.after ? 'c' : '',
      q.allowListOf ? 'a' : '',
    ].join('');
    let statement = this.listStatements.get(shape);
    if (!statement) {
      statement = this.prepareList(shape);
      this.listStatements.set(shape, statement);
    }
    const rows = await statement.execute({
      version: q.version,
      since: q.updatedSince,
      search: q.nameContains?.toLowerCase(),
      afterName: q.after?.name,
      afterVersion: q.after?.version,
      limit: q.limit,
      allowOrg: q.allowListOf,
      ...viewerParams(q.viewer),
    });
    return rows.map(toEntry);
  }

  private prepareList(shape: string): Prepared {
    const where: SQL[] = [visible()];
    if (shape.includes('a')) {
      where.push(
        sql`exists (select 1 from servers s where s.name = ${serverVersions.serverName} and (s.org_id = ${p('allowOrg')}::uuid
          or exists (select 1 from org_allowed_servers a where a.org_id = ${p('allowOrg')}::uuid and a.server_name = s.name)))`,
      );
    }
    if (!shape.includes('d')) where.push(ne(serverVersions.status, 'deleted'));
    if (shape.includes('l')) where.push(eq(serverVersions.isLatest, true));
    if (shape.includes('v')) where.push(eq(serverVersions.version, p('version')));
    if (shape.includes('u')) where.push(sql`${serverVersions.updatedAt} > ${p('since')}::timestamptz`);
    if (shape.includes('s')) where.push(sql`strpos(lower(${serverVersions.serverName}), ${p('search')}::text) > 0`);
    if (shape.includes('c')) {
      // A row comparison, not (a > x OR (a = x AND b > y)): Postgres turns it into an index range.
      where.push(
        sql`(${serverVersions.serverName}, ${serverVersions.version}) > (${p('afterName')}::text, ${p('afterVersion')}::text)`,
      );
    }
    return this.db
      .select(entryColumns)
      .from(serverVersions)
      .where(and(...where))
      .orderBy(asc(serverVersions.serverName), asc(serverVersions.version))
      .limit(p('limit'))
      .prepare(`hub_list_${shape || 'plain'}`);
  }

  async versionsOf(name: string, includeDeleted: boolean, viewer: Viewer): Promise<ServerEntry[]> {
    return (
      await (includeDeleted ? this.versionsAll : this.versionsActive).execute({ name, ...viewerParams(viewer) })
    ).map(toEntry);
  }

  async find(name: string, version: string, viewer: Viewer): Promise<ServerEntry | undefined> {
    const params = { name, version, ...viewerParams(viewer) };
    const rows = version === 'latest' ? await this.findLatest.execute(params) : await this.findVersion.execute(params);
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  /**
   * Every version of up to `limit` servers whose name matches a namespace pattern, after `after`
   * in name order; `more` says whether another page exists. `filter` keeps only servers published
   * here or mirrored (`source`), and those whose name contains `nameContains` (any case).
   */
  async versionsInNamespace(
    patterns: string[],
    after: string | undefined,
    limit: number,
    filter: { source?: 'local' | 'upstream'; nameContains?: string } = {},
  ): Promise<{ rows: VersionState[]; more: boolean }> {
    if (patterns.length === 0) return { rows: [], more: false };
    const likes = patterns.map((pattern) => sql`${servers.name} like ${likeEscape(pattern).replaceAll('*', '%')}`);
    const names = this.db
      .select({ name: servers.name })
      .from(servers)
      .where(
        and(
          or(...likes),
          filter.source === undefined ? undefined : eq(servers.source, filter.source),
          filter.nameContains
            ? sql`lower(${servers.name}) like ${`%${likeEscape(filter.nameContains.toLowerCase())}%`}`
            : undefined,
          after === undefined ? undefined : sql`${servers.name} > ${after}`,
        ),
      )
      .orderBy(asc(servers.name))
      .limit(limit + 1);
    const page = (await names).map((r) => r.name);
    const more = page.length > limit;
    const chosen = page.slice(0, limit);
    if (chosen.length === 0) return { rows: [], more: false };
    const rows = await this.db
      .select(stateColumns)
      .from(serverVersions)
      .where(inArray(serverVersions.serverName, chosen))
      .orderBy(asc(serverVersions.serverName), desc(serverVersions.publishedAt), desc(serverVersions.id));
    return { rows: rows.map(toState), more };
  }

  /**
   * When the namespace's local publishes since `since` happened, oldest first, at most `limit`
   * (the newest `limit`): the quota check needs only whether there are `limit` and when the
   * oldest of them leaves the window.
   */
  async localPublishesSince(namespace: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.db
      .select({ at: serverVersions.publishedAt })
      .from(serverVersions)
      .innerJoin(servers, eq(servers.name, serverVersions.serverName))
      .where(
        and(
          eq(servers.namespace, namespace),
          eq(serverVersions.source, 'local'),
          sql`${serverVersions.publishedAt} >= ${since}`,
        ),
      )
      .orderBy(desc(serverVersions.publishedAt))
      .limit(limit);
    return rows.map((r) => r.at).reverse();
  }

  /** Who owns each server: its org (id and name) and visibility. */
  async ownersOf(
    names: string[],
  ): Promise<Map<string, { orgId: string | null; org: string | null; visibility: 'public' | 'private' }>> {
    if (names.length === 0) return new Map();
    const rows = await this.db
      .select({ name: servers.name, orgId: servers.orgId, org: orgs.name, visibility: servers.visibility })
      .from(servers)
      .leftJoin(orgs, eq(orgs.id, servers.orgId))
      .where(inArray(servers.name, names));
    return new Map(
      rows.map((r) => [r.name, { orgId: r.orgId, org: r.org, visibility: r.visibility as 'public' | 'private' }]),
    );
  }

  /** Whether the server exists for this viewer (a private one it may not see does not). */
  async serverExists(name: string, viewer: Viewer): Promise<boolean> {
    const rows = await this.db
      .select({ name: servers.name })
      .from(servers)
      .where(
        and(
          eq(servers.name, name),
          viewer.all
            ? undefined
            : sql`(${servers.visibility} = 'public' or ${servers.orgId} = any(${orgsLiteral(viewer)}::uuid[]))`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  async allowedFor(orgId: string, name: string): Promise<boolean> {
    const rows = await this.db.execute(sql`
      select 1 from servers s where s.name = ${name} and (s.org_id = ${orgId}::uuid
        or exists (select 1 from org_allowed_servers a where a.org_id = ${orgId}::uuid and a.server_name = s.name))`);
    return rowsOf(rows).length > 0;
  }

  /** The org that owns a server and its visibility (undefined: no such server). */
  async serverOwner(name: string): Promise<{ orgId: string | null; visibility: 'public' | 'private' } | undefined> {
    const [row] = await this.db
      .select({ orgId: servers.orgId, visibility: servers.visibility })
      .from(servers)
      .where(eq(servers.name, name))
      .limit(1);
    return row ? { orgId: row.orgId, visibility: row.visibility as 'public' | 'private' } : undefined;
  }

  /**
   * Runs `fn` in one transaction holding a row lock on the server, so concurrent writes to the
   * same server queue up and a crash mid-way leaves nothing half-written. The change is announced
   * to other processes by pg_notify (delivered only if the transaction commits); the calling
   * service announces it to this process (RegistryEvents) once this returns.
   */
  async withServerLock<T>(
    name: string,
    opts: { namespace: string; create: boolean },
    fn: (s: LockedServer) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      if (opts.create) {
        await tx.insert(servers).values({ name, namespace: opts.namespace }).onConflictDoNothing();
      }
      await tx.execute(sql`select 1 from ${servers} where ${servers.name} = ${name} for update`);
      const locked: LockedServer = {
        versions: async () =>
          (
            await tx
              .select(stateColumns)
              .from(serverVersions)
              .where(eq(serverVersions.serverName, name))
              .orderBy(asc(serverVersions.id))
          ).map(toState),
        insert: async (v) => {
          const [row] = await tx
            .insert(serverVersions)
            .values({
              ...v,
              isLatest: false,
              // A new version is private exactly when its server is.
              privateOrgId: sql`(select case when s.visibility = 'private' then s.org_id end from servers s where s.name = ${name})`,
            })
            .returning(stateColumns);
          await tx.update(servers).set({ updatedAt: v.updatedAt }).where(eq(servers.name, name));
          return toState(row!);
        },
        setStatus: async (ids, status, message, at, unpublished = false) => {
          if (ids.length === 0) return;
          await tx
            .update(serverVersions)
            .set({
              status,
              statusMessage: message,
              statusChangedAt: at,
              updatedAt: at,
              ...(unpublished ? { unpublishedAt: at } : {}),
            })
            .where(inArray(serverVersions.id, ids));
        },
        replaceJson: async (id, json, at) => {
          await tx.update(serverVersions).set({ serverJson: json, updatedAt: at }).where(eq(serverVersions.id, id));
        },
        ownership: async () => {
          const [row] = await tx
            .select({
              source: servers.source,
              verified: verifiedNamespaces.namespace,
              namespaceOrgId: verifiedNamespaces.orgId,
              orgId: servers.orgId,
              visibility: servers.visibility,
            })
            .from(servers)
            .leftJoin(verifiedNamespaces, eq(verifiedNamespaces.namespace, servers.namespace))
            .where(eq(servers.name, name));
          return {
            source: (row?.source ?? 'local') as 'local' | 'upstream',
            namespaceVerified: Boolean(row?.verified),
            namespaceOrgId: row?.namespaceOrgId ?? null,
            orgId: row?.orgId ?? null,
            visibility: (row?.visibility ?? 'public') as 'public' | 'private',
          };
        },
        adopt: async (orgId) => {
          await tx
            .update(servers)
            .set({ orgId, visibility: sql`(select o.default_visibility from orgs o where o.id = ${orgId}::uuid)` })
            .where(eq(servers.name, name));
        },
        setVisibility: async (visibility, at) => {
          const [server] = await tx
            .update(servers)
            .set({ visibility, updatedAt: at })
            .where(eq(servers.name, name))
            .returning({ orgId: servers.orgId });
          await tx
            .update(serverVersions)
            .set({ privateOrgId: visibility === 'private' ? server!.orgId : null, updatedAt: at })
            .where(eq(serverVersions.serverName, name));
        },
        claimForLocal: async () => {
          await tx.update(servers).set({ source: 'local' }).where(eq(servers.name, name));
        },
        audit: async (who, action, target, detail) => {
          const [server] = await tx.select({ orgId: servers.orgId }).from(servers).where(eq(servers.name, name));
          await tx.insert(auditLog).values({
            actor: who.actor,
            actorUserId: who.userId,
            actorTokenId: who.tokenId,
            orgId: server?.orgId ?? null,
            action,
            target,
            detail: detail ?? null,
          });
        },
        entries: async (ids) =>
          (
            await tx
              .select(entryColumns)
              .from(serverVersions)
              .where(inArray(serverVersions.id, ids))
              .orderBy(asc(serverVersions.id))
          ).map(toEntry),
        setLatest: async (latestId, at) => {
          // Clear first: the partial unique index allows one latest row per server at any instant.
          await tx
            .update(serverVersions)
            .set({ isLatest: false, updatedAt: at })
            .where(
              and(
                eq(serverVersions.serverName, name),
                eq(serverVersions.isLatest, true),
                latestId === undefined ? undefined : ne(serverVersions.id, latestId),
              ),
            );
          if (latestId !== undefined) {
            await tx
              .update(serverVersions)
              .set({ isLatest: true, updatedAt: at })
              .where(and(eq(serverVersions.id, latestId), eq(serverVersions.isLatest, false)));
          }
        },
      };
      const value = await fn(locked);
      await tx.execute(sql`select pg_notify(${REGISTRY_CHANGED_CHANNEL}, ${name})`);
      return value;
    });
  }
}

/** `%`, `_` and the backslash taken literally in a LIKE pattern (the backslash is LIKE's default escape). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
