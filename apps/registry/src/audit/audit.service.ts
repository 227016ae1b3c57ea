import { Injectable } from '@nestjs/common';
import { type Principal, actorOf } from '@mcp-hub/domain';
import { type AuditEntry, AuditRepository } from './audit.repository';
import type { AuditQuery } from './audit.views';

export type { AuditEntry } from './audit.repository';

/** The audit log: who published, changed status or visibility, made or revoked tokens, changed roles. */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async record(
    by: Principal | undefined,
    action: string,
    target: string,
    orgId?: string | null,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.repo.insert({
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
  list(orgId: string | undefined, before: number | undefined, limit: number): Promise<AuditEntry[]> {
    return this.repo.list(orgId, before, limit);
  }

  /** One page of the log (an org's, or without one the instance's), with the cursor of the next when it is full. */
  async page(orgId: string | undefined, q: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
    const entries = await this.list(orgId, q.cursor, q.limit);
    const last = entries[entries.length - 1];
    return { entries, ...(entries.length === q.limit && last ? { nextCursor: String(last.id) } : {}) };
  }
}
