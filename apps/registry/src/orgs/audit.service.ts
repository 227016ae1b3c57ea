import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, auditLog } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { and, desc, eq, lt } from 'drizzle-orm';
import { type Principal, actorOf } from '../auth/principal';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
}

/** The audit log: who published, changed status or visibility, made or revoked tokens, changed roles. */
@Injectable()
export class AuditService {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async record(by: Principal | undefined, action: string, target: string, orgId?: string | null, detail?: Record<string, unknown>): Promise<void> {
    await this.db.insert(auditLog).values({
      actor: by ? actorOf(by) : 'system',
      actorUserId: by?.userId,
      actorTokenId: by?.tokenId,
      orgId: orgId ?? undefined,
      action,
      target,
      detail: detail ?? null,
    });
  }

  /** Newest first; `before` is the id to continue below (pagination). Without an org: the whole instance's log. */
  async list(orgId: string | undefined, before: number | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(and(orgId ? eq(auditLog.orgId, orgId) : undefined, before ? lt(auditLog.id, before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, detail: r.detail }));
  }
}
