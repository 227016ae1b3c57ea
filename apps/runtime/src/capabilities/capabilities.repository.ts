import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import type {
  InspectionOutcome,
  PromptInfo,
  ResourceInfo,
  ResourceTemplateInfo,
  ServerCapabilities,
  ToolInfo,
} from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import type { VersionRef } from '@mcp-hub/registry-port';
import { sql } from 'drizzle-orm';
import { CAPABILITIES_CHANGED_CHANNEL } from '@mcp-hub/runtime-port';

/** A tool as stored: what the server said, plus its fingerprint. */
export type StoredTool = ToolInfo & { fingerprint: string };

export interface CapabilitiesRow {
  serverName: string;
  version: string;
  source: 'inspected' | 'declared';
  status: InspectionOutcome['status'];
  reason: string | null;
  transport: string | null;
  target: string | null;
  protocolVersion: string | null;
  serverInfo: ServerCapabilities['serverInfo'] | null;
  declaredCapabilities: Record<string, unknown> | null;
  instructions: string | null;
  tools: StoredTool[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  prompts: PromptInfo[];
  toolsFingerprint: string | null;
  missingConfig: string[] | null;
  notes: string[] | null;
  attempts: number;
  durationMs: number | null;
  inspectedAt: Date;
}

/** What one write stores: an inspection's outcome or a declaration, tools already fingerprinted. */
export interface CapabilitiesWrite {
  serverName: string;
  version: string;
  source: 'inspected' | 'declared';
  outcome: InspectionOutcome;
  tools: StoredTool[];
  toolsFingerprint: string | null;
  at: Date;
}

export type CapabilityKind = 'tool' | 'resource' | 'prompt';

export interface CapabilityHit {
  serverName: string;
  version: string;
  kind: CapabilityKind;
  name: string;
  title?: string;
  description?: string;
}

interface RawRow {
  server_name: string;
  version: string;
  source: 'inspected' | 'declared';
  status: InspectionOutcome['status'];
  reason: string | null;
  transport: string | null;
  target: string | null;
  protocol_version: string | null;
  server_info: unknown;
  declared_capabilities: unknown;
  instructions: string | null;
  tools: unknown;
  resources: unknown;
  resource_templates: unknown;
  prompts: unknown;
  tools_fingerprint: string | null;
  missing_config: string[] | null;
  notes: string[] | null;
  attempts: number;
  duration_ms: number | null;
  inspected_at: string | Date;
}

/** json comes back parsed from node-postgres and as text from some PGlite paths: accept both. */
const parsed = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const toRow = (r: RawRow): CapabilitiesRow => ({
  serverName: r.server_name,
  version: r.version,
  source: r.source,
  status: r.status,
  reason: r.reason,
  transport: r.transport,
  target: r.target,
  protocolVersion: r.protocol_version,
  serverInfo: parsed(r.server_info),
  declaredCapabilities: parsed(r.declared_capabilities),
  instructions: r.instructions,
  tools: parsed(r.tools) ?? [],
  resources: parsed(r.resources) ?? [],
  resourceTemplates: parsed(r.resource_templates) ?? [],
  prompts: parsed(r.prompts) ?? [],
  toolsFingerprint: r.tools_fingerprint,
  missingConfig: r.missing_config,
  notes: r.notes,
  attempts: Number(r.attempts),
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  inspectedAt: new Date(r.inspected_at),
});

const json = (v: unknown) => sql`${v === undefined || v === null ? null : JSON.stringify(v)}::json`;
const textArray = (v: string[] | undefined) => sql`${v ? sql.param(v) : null}::text[]`;

/** The runtime's results per version (table `capabilities`). The only code that touches it. */
@Injectable()
export class CapabilitiesRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * Stores one result, replacing the previous one of the same source (a job that ran twice leaves
   * one row; `attempts` counts the runs), and announces it on the capabilities channel in the same
   * statement, so other processes (search) hear of it only if it was stored.
   */
  async save(w: CapabilitiesWrite): Promise<void> {
    const c = w.outcome.capabilities;
    await this.db.execute(sql`
      with saved as (
        insert into capabilities (server_name, version, source, status, reason, transport, target, protocol_version,
          server_info, declared_capabilities, instructions, tools, resources, resource_templates, prompts,
          tools_fingerprint, missing_config, notes, attempts, duration_ms, inspected_at)
        values (${w.serverName}, ${w.version}, ${w.source}, ${w.outcome.status}, ${w.outcome.reason ?? null},
          ${w.outcome.transport ?? null}, ${w.outcome.target ?? null}, ${c?.protocolVersion ?? null}, ${json(c?.serverInfo)},
          ${json(c?.capabilities)}, ${c?.instructions ?? null}, ${json(w.tools)}, ${json(c?.resources ?? [])},
          ${json(c?.resourceTemplates ?? [])}, ${json(c?.prompts ?? [])}, ${w.toolsFingerprint},
          ${textArray(w.outcome.missingConfig)}, ${textArray(w.outcome.notes)}, 1, ${w.outcome.durationMs ?? null},
          ${w.at.toISOString()}::timestamptz)
        on conflict (server_name, version, source) do update set
          status = excluded.status, reason = excluded.reason, transport = excluded.transport, target = excluded.target,
          protocol_version = excluded.protocol_version, server_info = excluded.server_info,
          declared_capabilities = excluded.declared_capabilities, instructions = excluded.instructions,
          tools = excluded.tools, resources = excluded.resources, resource_templates = excluded.resource_templates,
          prompts = excluded.prompts, tools_fingerprint = excluded.tools_fingerprint,
          missing_config = excluded.missing_config, notes = excluded.notes,
          attempts = capabilities.attempts + 1, duration_ms = excluded.duration_ms, inspected_at = excluded.inspected_at
        returning server_name
      )
      select pg_notify(${CAPABILITIES_CHANGED_CHANNEL}, server_name) from saved`);
  }

  /** Both rows (inspected, declared) of one version, when there are any. */
  async forVersion(name: string, version: string): Promise<CapabilitiesRow[]> {
    const rows = rowsOf<RawRow>(
      await this.db.execute(sql`select * from capabilities where server_name = ${name} and version = ${version}`),
    );
    return rows.map(toRow);
  }

  /** Which versions of a server have an inspection that ended ok, and when (to pick the one to compare with). */
  async okInspections(name: string): Promise<{ version: string; inspectedAt: Date }[]> {
    const rows = rowsOf<{ version: string; inspected_at: string | Date }>(
      await this.db.execute(
        sql`select version, inspected_at from capabilities where server_name = ${name} and source = 'inspected' and status = 'ok'`,
      ),
    );
    return rows.map((r) => ({ version: r.version, inspectedAt: new Date(r.inspected_at) }));
  }

  /** Every version (of these servers, when given) that has an inspection result, as `name\u0000version` keys. */
  async inspectedKeys(names?: string[]): Promise<Set<string>> {
    const only = names ? sql`and server_name = any(${sql.param(names)}::text[])` : sql``;
    const rows = rowsOf<{ name: string; version: string }>(
      await this.db.execute(
        sql`select server_name as name, version from capabilities where source = 'inspected' ${only}`,
      ),
    );
    return new Set(rows.map((r) => `${r.name}\u0000${r.version}`));
  }

  /**
   * Capabilities across these versions (the latest ones a viewer may see), matching `q` in name,
   * title or description, in (server, kind, name) order after the cursor.
   */
  async search(
    kind: CapabilityKind | undefined,
    q: string | undefined,
    versions: VersionRef[],
    after: { serverName: string; kind: string; name: string } | undefined,
    limit: number,
  ): Promise<CapabilityHit[]> {
    if (versions.length === 0) return [];
    const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const rows = rowsOf<{
      server_name: string;
      version: string;
      kind: CapabilityKind;
      name: string;
      title: string | null;
      description: string | null;
    }>(
      await this.db.execute(sql`
        with v as (
          -- per version, the row it shows: an ok inspection wins over a declaration ('inspected' > 'declared')
          select distinct on (c.server_name) c.* from capabilities c
          join unnest(${sql.param(versions.map((x) => x.serverName))}::text[], ${sql.param(versions.map((x) => x.version))}::text[])
            as k(name, version) on c.server_name = k.name and c.version = k.version
          where (c.source = 'inspected' and c.status = 'ok') or c.source = 'declared'
          order by c.server_name, c.source desc
        ), items as (
          select server_name, version, 'tool' as kind, e from v, json_array_elements(v.tools) e
          union all select server_name, version, 'resource', e from v, json_array_elements(v.resources) e
          union all select server_name, version, 'prompt', e from v, json_array_elements(v.prompts) e
        )
        select server_name, version, kind, e->>'name' as name, e->>'title' as title, e->>'description' as description
        from items
        where (${kind ?? null}::text is null or kind = ${kind ?? null})
          and (${pattern ?? null}::text is null or e->>'name' ilike ${pattern ?? null} or e->>'title' ilike ${pattern ?? null}
            or e->>'description' ilike ${pattern ?? null})
          and (${after ? 1 : 0} = 0 or (server_name, kind, e->>'name' collate "C") > (${after?.serverName ?? ''}, ${after?.kind ?? ''}, ${after?.name ?? ''} collate "C"))
        order by server_name, kind, e->>'name' collate "C"
        limit ${limit}`),
    );
    return rows.map((r) => ({
      serverName: r.server_name,
      version: r.version,
      kind: r.kind,
      name: r.name,
      ...(r.title ? { title: r.title } : {}),
      ...(r.description ? { description: r.description } : {}),
    }));
  }
}
