import { z } from 'zod';
import type { Org } from './orgs.repository';

/** The response shapes of the organizations API (orgs/, orgs/members/): one place, shared by its controllers. */
export const orgSchema = z.object({
  name: z.string(),
  defaultVisibility: z.enum(['public', 'private']),
  allowListEnabled: z.boolean(),
  createdAt: z.string(),
  role: z.enum(['owner', 'admin', 'publisher', 'viewer']).optional().describe("The caller's role"),
});

export const orgView = (o: Org, role?: string) => ({
  name: o.name,
  defaultVisibility: o.defaultVisibility,
  allowListEnabled: o.allowListEnabled,
  createdAt: o.createdAt.toISOString(),
  ...(role ? { role } : {}),
});

export const memberSchema = z.object({ login: z.string(), role: z.enum(['owner', 'admin', 'publisher', 'viewer']) });

export const invitationSchema = z.object({
  id: z.string(),
  org: z.string(),
  login: z.string(),
  role: z.string(),
  expiresAt: z.string(),
});
