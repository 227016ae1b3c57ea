import { z } from 'zod';

export const SERVER_STATUSES = ['active', 'deprecated', 'deleted'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
/** Our own `_meta` key beside the official one: `{source: 'local' | 'upstream'}` says where a version came from. */
export const HUB_PROVENANCE_META_KEY = 'io.mcphub/provenance';

/** Registry-managed metadata served beside each server.json (`_meta[OFFICIAL_META_KEY]`). */
export interface OfficialMeta {
  status: ServerStatus;
  statusChangedAt: string;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

export const STATUS_MESSAGE_MAX = 500;

export const statusUpdateSchema = z
  .object({
    status: z.enum(SERVER_STATUSES, { error: 'status must be one of "active", "deprecated", "deleted"' }),
    statusMessage: z
      .string()
      .max(STATUS_MESSAGE_MAX, `statusMessage must be at most ${STATUS_MESSAGE_MAX} characters`)
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'active' && v.statusMessage !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['statusMessage'],
        message: 'statusMessage is not allowed when status is "active"',
      });
    }
  });
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

/** read: private servers of the token's org; publish: write inside the namespace pattern; admin: manage (the instance, or the token's org). */
export const TOKEN_SCOPES = ['read', 'publish', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const createTokenSchema = z
  .object({
    namespace: z.string({ error: 'namespace is required: a pattern such as "io.github.alice/*", or "*"' }),
    scopes: z
      .array(z.enum(TOKEN_SCOPES, { error: 'scopes may contain "read", "publish" and "admin"' }), {
        error: 'scopes is required: a list such as ["publish"]',
      })
      .min(1, 'give at least one scope'),
    description: z.string().max(200).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

/** npm's rule: a publisher may take a version back only shortly after publishing it. */
export const UNPUBLISH_WINDOW_HOURS = 72;

export const LIST_LIMIT_DEFAULT = 30;
export const LIST_LIMIT_MAX = 100;

/** Response shapes of the official API; the OpenAPI document and the typed clients derive from these. */
export const officialMetaSchema = z.object({
  status: z.enum(SERVER_STATUSES),
  statusChangedAt: z.iso.datetime(),
  statusMessage: z.string().max(STATUS_MESSAGE_MAX).optional(),
  publishedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  isLatest: z.boolean(),
});

export const serverResponseSchema = z.object({
  server: z
    .looseObject({ name: z.string(), description: z.string(), version: z.string() })
    .describe('The server.json exactly as published'),
  _meta: z.looseObject({ [OFFICIAL_META_KEY]: officialMetaSchema }),
});

export const serverListSchema = z.object({
  servers: z.array(serverResponseSchema),
  metadata: z.object({ nextCursor: z.string().optional(), count: z.number().int() }),
});

export const allVersionsStatusSchema = z.object({
  updatedCount: z.number().int(),
  servers: z.array(serverResponseSchema),
});

export const validationResultSchema = z.object({
  valid: z.boolean(),
  schema: z.string().describe('The dated server.json schema the document was checked against'),
  errors: z.array(z.object({ location: z.string(), message: z.string(), value: z.unknown().optional() })),
});

export const tokenSchema = z.object({
  id: z.uuid(),
  tokenPrefix: z.string(),
  namespace: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const createdTokenSchema = tokenSchema.extend({
  token: z.string().describe('Shown once; only its hash is stored'),
});

/** A token's uses: one row per minute it was used, newest first, and totals over the window. */
const useCounts = {
  requests: z.number().int().describe('Requests made with the token'),
  writes: z.number().int().describe('Of them, anything but GET and HEAD'),
  refused: z.number().int().describe('Of them, refused because the token was revoked or expired'),
};
export const tokenUsesSchema = z.object({
  tokenId: z.uuid(),
  since: z.iso.datetime(),
  totals: z.object(useCounts),
  uses: z.array(
    z.object({
      minute: z.iso.datetime(),
      ...useCounts,
      lastAt: z.iso.datetime().describe('The last use in that minute'),
      ip: z.string().nullable().describe('Client address of the last use in that minute'),
      userAgent: z.string().nullable(),
    }),
  ),
});
export type TokenUsesView = z.infer<typeof tokenUsesSchema>;
export const tokenUsesQuerySchema = z
  .object({
    days: z.coerce.number({ error: 'days must be a whole number of days, 1 to 90' }).int().min(1).max(90).default(7),
    limit: z.coerce
      .number({ error: 'limit must be a number of minutes, 1 to 1000' })
      .int()
      .min(1)
      .max(1000)
      .default(100),
  })
  .strict();

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ location: z.string(), message: z.string(), value: z.unknown().optional() })),
});
