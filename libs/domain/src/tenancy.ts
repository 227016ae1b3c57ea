import { z } from 'zod';

/**
 * Who may see private servers: `all` for an instance admin, else the organizations whose private
 * servers the caller reads (its org token's org, or the orgs its user belongs to). Anonymous: none.
 */
export interface Viewer {
  all: boolean;
  orgs: string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ all: false, orgs: [] as string[] }) as Viewer;

export function canSee(viewer: Viewer, privateOrgId: string | null | undefined): boolean {
  return !privateOrgId || viewer.all || viewer.orgs.includes(privateOrgId);
}

/** A Postgres array literal of the viewer's org ids (uuids: nothing to escape), for `= any($1::uuid[])`. */
export function orgsLiteral(viewer: Viewer): string {
  return `{${viewer.orgs.join(',')}}`;
}

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const ORG_ROLES = ['owner', 'admin', 'publisher', 'viewer'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
/** Each role can do what the ones after it can. */
export const roleAtLeast = (role: OrgRole, least: OrgRole) => ORG_ROLES.indexOf(role) <= ORG_ROLES.indexOf(least);

/** Org names: like GitHub logins — lowercase letters, digits, single hyphens inside, 1–39 characters. */
export const ORG_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/;
export const LOGIN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;

export const createOrgSchema = z
  .object({
    name: z
      .string({ error: 'name is required: lowercase letters, digits and hyphens, e.g. "acme"' })
      .regex(
        ORG_NAME,
        'name must be 1–39 lowercase letters, digits or single hyphens, not starting or ending with a hyphen (e.g. "acme")',
      ),
    defaultVisibility: z
      .enum(VISIBILITIES, { error: 'defaultVisibility must be "public" or "private"' })
      .default('public'),
  })
  .strict();

export const updateOrgSchema = z
  .object({
    defaultVisibility: z.enum(VISIBILITIES, { error: 'defaultVisibility must be "public" or "private"' }).optional(),
    allowListEnabled: z.boolean({ error: 'allowListEnabled must be true or false' }).optional(),
  })
  .strict();

export const visibilitySchema = z
  .object({ visibility: z.enum(VISIBILITIES, { error: 'visibility must be "public" or "private"' }) })
  .strict();

export const memberInputSchema = z
  .object({
    login: z
      .string({ error: 'login is required: a GitHub login' })
      .regex(LOGIN, 'login must be a GitHub login (letters, digits, single hyphens)'),
    role: z.enum(ORG_ROLES, { error: 'role must be one of owner, admin, publisher, viewer' }),
  })
  .strict();

export const roleInputSchema = z
  .object({ role: z.enum(ORG_ROLES, { error: 'role must be one of owner, admin, publisher, viewer' }) })
  .strict();

/** The namespace patterns a GitHub identity proves, as upstream grants them: the login's and each of its orgs'. */
export function githubNamespaces(identity: { login: string; orgs: readonly string[] }): string[] {
  return [...new Set([identity.login, ...identity.orgs].map((l) => `io.github.${l.toLowerCase()}/*`))];
}

/** The patterns a verified namespace grants: a DNS proof covers its subdomains too, the other methods do not. */
export function verifiedNamespacePatterns(namespace: string, method: string): string[] {
  return method === 'dns' ? [`${namespace}/*`, `${namespace}.*/*`] : [`${namespace}/*`];
}
