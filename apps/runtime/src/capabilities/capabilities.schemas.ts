import { INSPECTION_STATUSES } from '@mcp-hub/domain';
import { z } from 'zod';

const jsonObject = z.record(z.string(), z.unknown());
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const toolSchema = z.object({
  name: text(128).min(1),
  title: text(256).optional(),
  description: text(16_384).optional(),
  inputSchema: jsonObject.describe('JSON Schema of the arguments'),
  outputSchema: jsonObject.optional(),
  annotations: jsonObject.optional(),
});
const resourceSchema = z.object({
  uri: text(2048).min(1),
  name: text(256).min(1),
  title: text(256).optional(),
  description: text(16_384).optional(),
  mimeType: text(128).optional(),
});
const resourceTemplateSchema = z.object({
  uriTemplate: text(2048).min(1),
  name: text(256).min(1),
  title: text(256).optional(),
  description: text(16_384).optional(),
  mimeType: text(128).optional(),
});
const promptSchema = z.object({
  name: text(256).min(1),
  title: text(256).optional(),
  description: text(16_384).optional(),
  arguments: z
    .array(z.object({ name: text(128).min(1), description: text(4096).optional(), required: z.boolean().optional() }))
    .max(100)
    .optional(),
});

/** What an owner may declare (PUT …/capabilities): the same shape an inspection stores. */
export const declarationSchema = z.object({
  protocolVersion: text(32).optional(),
  serverInfo: z.object({ name: text(256), version: text(64), title: text(256).optional() }).optional(),
  capabilities: jsonObject.optional(),
  instructions: text(16_384).optional(),
  tools: z.array(toolSchema).max(1000, 'at most 1000 tools').default([]),
  resources: z.array(resourceSchema).max(1000, 'at most 1000 resources').default([]),
  resourceTemplates: z.array(resourceTemplateSchema).max(1000, 'at most 1000 resource templates').default([]),
  prompts: z.array(promptSchema).max(1000, 'at most 1000 prompts').default([]),
});
export type Declaration = z.infer<typeof declarationSchema>;

const changesSchema = z.object({
  since: z.string().describe('The version compared with'),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
});

export const capabilitiesViewSchema = z.object({
  name: z.string(),
  version: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  reason: z.string().optional().describe('Why, in words a publisher can act on (always, unless a plain ok)'),
  source: z.enum(['inspected', 'declared']).describe('inspected by the Hub, or declared by the publisher'),
  inspectedAt: z.string().nullable(),
  protocolVersion: z.string().nullable(),
  serverInfo: z.object({ name: z.string(), version: z.string(), title: z.string().optional() }).nullable(),
  capabilities: jsonObject.nullable().describe('The capabilities the server declared in its handshake'),
  instructions: z.string().nullable(),
  tools: z.array(toolSchema.extend({ fingerprint: z.string() })),
  resources: z.array(resourceSchema),
  resourceTemplates: z.array(resourceTemplateSchema),
  prompts: z.array(promptSchema),
  toolsFingerprint: z.string().nullable().describe('fingerprintTools over every tool: what mcpm pins in its lockfile'),
  transport: z.enum(['stdio', 'streamable-http', 'sse']).optional(),
  target: z.string().optional().describe('The package or remote that was inspected'),
  missingConfig: z.array(z.string()).optional().describe('With needs-config / needs-auth: what has no value'),
  notes: z.array(z.string()).optional().describe('Limits applied without failing (e.g. a description cut)'),
  inspection: z
    .object({ status: z.enum(INSPECTION_STATUSES), reason: z.string().nullable(), inspectedAt: z.string() })
    .optional()
    .describe("With a declaration: how the Hub's own inspection ended"),
  changes: changesSchema.optional().describe('Tools added, removed or changed since the previous inspected version'),
});
export type CapabilitiesView = z.infer<typeof capabilitiesViewSchema>;

export const capabilitySearchQuerySchema = z.object({
  type: z.enum(['tool', 'resource', 'prompt'], { error: 'type must be tool, resource or prompt' }).optional(),
  q: z.string().trim().max(200, 'q must be at most 200 characters').optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int().min(1).max(100).default(30),
});

export const capabilitySearchSchema = z.object({
  items: z.array(
    z.object({
      serverName: z.string(),
      version: z.string(),
      kind: z.enum(['tool', 'resource', 'prompt']),
      name: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  nextCursor: z.string().optional(),
});
