import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, auditLog } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { and, desc, eq, lt } from 'drizzle-orm';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
}

export interface NewAuditEntry {
  actor: string;
  actorUserId?: string;
  actorTokenId?: string;
  orgId?: string;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
}

/** The audit_log table: append-only. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async insert(entry: NewAuditEntry): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }

  /** Newest first, below id `before` when given; without an org, the whole instance's log. */
  async list(orgId: string | undefined, before: number | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(and(orgId ? eq(auditLog.orgId, orgId) : undefined, before ? lt(auditLog.id, before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      detail: r.detail,
    }));
  }
}
