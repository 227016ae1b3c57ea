import { z } from 'zod';

/** A page of the audit log, as GET /api/v1/audit and GET /api/v1/orgs/:org/audit answer it. */
export const auditSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      target: z.string(),
      detail: z.unknown(),
    }),
  ),
  nextCursor: z.string().optional(),
});

export const auditQuery = z.object({
  cursor: z.coerce.number({ error: 'cursor must be the nextCursor of the previous page' }).int().min(1).optional(),
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 200' }).int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;
