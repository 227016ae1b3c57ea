import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  json,
  jsonb,
  real,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Text compared byte-wise. Names and versions are keyset-paginated; the "C" collation gives the
 * same order on every Postgres (and on PGlite) whatever the database's locale.
 */
const textC = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 6 });

/*
 * Every table is declared here, whether or not TypeScript queries it through Drizzle: this file is
 * drizzle-kit's source for the migrations (drizzle.config.ts) and the one description of the
 * database. A table marked "SQL-only" is read and written only by raw SQL in the repository named
 * (never by a trigger), for the reason given; keep its declaration in step with that SQL.
 * No table is trigger-owned; one column is (server_versions.entry_json, migration 0003).
 */

export const servers = pgTable(
  'servers',
  {
    name: textC('name').primaryKey(),
    namespace: textC('namespace').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    /** Who owns the name: published here, or mirrored from the upstream registry (docs/ARCHITECTURE.md, "Mirror"). */
    source: text('source').notNull().default('local'),
    /** The organization that owns the server (published with its token or in its namespace); null: nobody's. */
    orgId: uuid('org_id').references((): AnyPgColumn => orgs.id),
    /** public: everyone; private: members and tokens of `orgId` only. */
    visibility: text('visibility').notNull().default('public'),
  },
  (t) => [
    check('servers_source_ck', sql`${t.source} in ('local', 'upstream')`),
    check('servers_visibility_ck', sql`${t.visibility} in ('public', 'private')`),
    // A private server belongs to an organization: there is someone it is private to.
    check('servers_private_org_ck', sql`${t.visibility} = 'public' or ${t.orgId} is not null`),
    // Publish quotas count a namespace's recent versions.
    index('servers_namespace_idx').on(t.namespace),
  ],
);

export const serverVersions = pgTable(
  'server_versions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    serverName: textC('server_name')
      .notNull()
      .references(() => servers.name, { onDelete: 'cascade' }),
    version: textC('version').notNull(),
    /** The server.json exactly as published: `json`, not `jsonb`, so key order and all survive byte for byte. */
    serverJson: json('server_json').notNull(),
    status: text('status').notNull().default('active'),
    statusMessage: text('status_message'),
    statusChangedAt: tstz('status_changed_at').notNull(),
    isLatest: boolean('is_latest').notNull().default(false),
    publishedAt: tstz('published_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    /** Set when the publisher took the version back; the version string stays burnt. */
    unpublishedAt: tstz('unpublished_at'),
    publishedByTokenId: uuid('published_by_token_id'),
    source: text('source').notNull().default('local'),
    /**
     * The official `{server, _meta}` entry as JSON text, ready to serve. Derived, never written by
     * the application: the trigger `server_versions_entry_json` (migration 0003) rebuilds it on
     * every insert and update, so it cannot drift from the columns it is made of.
     */
    entryJson: text('entry_json').notNull().default(''),
    /** Mirrored versions: upstream's updatedAt exactly as sent; an entry whose stamp is unchanged is not rewritten. */
    upstreamUpdatedAt: text('upstream_updated_at'),
    /**
     * The organization this version is private to; null when public. A copy of the server's
     * visibility (set in the same transaction), so every read filters on its own row.
     */
    privateOrgId: uuid('private_org_id'),
  },
  (t) => [
    uniqueIndex('server_versions_name_version_uq').on(t.serverName, t.version),
    // At most one latest per server, enforced by the database, not only by the code.
    uniqueIndex('server_versions_one_latest_uq')
      .on(t.serverName)
      .where(sql`${t.isLatest}`),
    index('server_versions_updated_at_idx').on(t.updatedAt),
    check('server_versions_status_ck', sql`${t.status} in ('active', 'deprecated', 'deleted')`),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    /** First characters of the token, so people can tell their tokens apart in lists. */
    tokenPrefix: text('token_prefix').notNull(),
    namespacePattern: text('namespace_pattern').notNull(),
    scopes: text('scopes').array().notNull(),
    description: text('description'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at'),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    createdByTokenId: uuid('created_by_token_id'),
    /**
     * The token this one was delegated from (minted through /api/v1/tokens by a non-admin API
     * token): same owner, no more scopes or namespace, never outlives it, revoked with it.
     */
    parentId: uuid('parent_id').references((): AnyPgColumn => apiTokens.id, { onDelete: 'cascade' }),
    /** The user the token acts for (a personal token, or a sign-in's refresh credential); null for instance tokens. */
    userId: uuid('user_id').references((): AnyPgColumn => users.id, { onDelete: 'cascade' }),
    /** The organization the token belongs to (an org token); null otherwise. */
    orgId: uuid('org_id').references((): AnyPgColumn => orgs.id, { onDelete: 'cascade' }),
    /** api: an API token; session: the long-lived credential of a GitHub sign-in, exchanged for short-lived JWTs. */
    kind: text('kind').notNull().default('api'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_org_idx').on(t.orgId),
    index('api_tokens_user_idx').on(t.userId),
    index('api_tokens_parent_idx').on(t.parentId),
    index('api_tokens_created_by_idx').on(t.createdByTokenId),
    check('api_tokens_kind_ck', sql`${t.kind} in ('api', 'session')`),
  ],
);

/** People: signed in with GitHub (github_id set), or created by an instance admin on a private instance. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** GitHub login, lowercased (GitHub logins are case-insensitive). */
  login: textC('login').notNull().unique(),
  githubId: bigint('github_id', { mode: 'number' }).unique(),
  name: text('name'),
  avatarUrl: text('avatar_url'),
  /** The GitHub organizations the user belonged to at the last sign-in: io.github.<org>/* namespaces. */
  githubOrgs: text('github_orgs')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastSignInAt: tstz('last_sign_in_at'),
});

export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** URL name: lowercase letters, digits and single hyphens (like a GitHub login). */
    name: textC('name').notNull().unique(),
    /** What a server published with one of the org's tokens starts as. */
    defaultVisibility: text('default_visibility').notNull().default('public'),
    /** When on, the org's sub-registry (/o/<org>/v0.1) serves only servers on its allow-list (and its own). */
    allowListEnabled: boolean('allow_list_enabled').notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [check('orgs_default_visibility_ck', sql`${t.defaultVisibility} in ('public', 'private')`)],
);

export const orgMembers = pgTable(
  'org_members',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_members_pk').on(t.orgId, t.userId),
    index('org_members_user_idx').on(t.userId),
    check('org_members_role_ck', sql`${t.role} in ('owner', 'admin', 'publisher', 'viewer')`),
  ],
);

/** An invitation to join an org, addressed to a GitHub login; accepted by that user signed in. */
export const orgInvitations = pgTable(
  'org_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    login: textC('login').notNull(),
    role: text('role').notNull(),
    invitedBy: text('invited_by').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    index('org_invitations_login_idx').on(t.login),
    check('org_invitations_role_ck', sql`${t.role} in ('owner', 'admin', 'publisher', 'viewer')`),
  ],
);

/** Servers an org approved for its sub-registry view (used when the org turns its allow-list on). */
export const orgAllowedServers = pgTable(
  'org_allowed_servers',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    serverName: textC('server_name').notNull(),
    addedAt: tstz('added_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('org_allowed_servers_pk').on(t.orgId, t.serverName)],
);

/** Who did what: publishes, status changes, tokens, memberships, visibility. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull().defaultNow(),
    /** Who: "user:<login>", "token:<id prefix>" (and the token's user when it has one). */
    actor: text('actor').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    /** The org the action belongs to, when one does (its admins read its log). */
    orgId: uuid('org_id'),
    action: text('action').notNull(),
    target: text('target').notNull(),
    detail: json('detail'),
  },
  (t) => [index('audit_log_org_idx').on(t.orgId, t.id), index('audit_log_at_idx').on(t.at)],
);

/**
 * Every use of an API token or sign-in session, counted per token and minute: how many requests,
 * how many of them writes, and how many came after it was revoked or expired (refused), with the
 * last client address and user agent seen in that minute. Each process adds its counts in batches.
 */
export const tokenUses = pgTable(
  'token_uses',
  {
    tokenId: uuid('token_id')
      .notNull()
      .references((): AnyPgColumn => apiTokens.id, { onDelete: 'cascade' }),
    minute: tstz('minute').notNull(),
    requests: integer('requests').notNull(),
    writes: integer('writes').notNull(),
    refused: integer('refused').notNull(),
    lastAt: tstz('last_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.minute] }), index('token_uses_minute_idx').on(t.minute)],
);

/** Public halves of the Ed25519 keys Hub processes sign registry JWTs with; private keys never leave their process. */
export const jwtKeys = pgTable('jwt_keys', {
  kid: text('kid').primaryKey(),
  /** SPKI PEM. */
  publicKey: text('public_key').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/** Namespace proofs already used to log in (DNS/HTTP signed timestamps), kept until they could no longer pass the clock check. */
export const proofReplays = pgTable('proof_replays', {
  key: text('key').primaryKey(),
  expiresAt: tstz('expires_at').notNull(),
});

/** Namespaces proven to belong to someone here; a local publish in one wins over the upstream registry. */
export const verifiedNamespaces = pgTable('verified_namespaces', {
  namespace: textC('namespace').primaryKey(),
  method: text('method').notNull(),
  verifiedAt: tstz('verified_at').notNull().defaultNow(),
  /** Who proved it: an org (its servers there are the org's) or a user; both null for rows an operator wrote. */
  orgId: uuid('org_id'),
  userId: uuid('user_id'),
});

/**
 * Local versions displaced when the upstream registry claimed their name. Kept, not lost.
 * SQL-only: written by apps/registry/src/mirror/mirror.repository.ts with one `insert … select`
 * from server_versions inside the mirror's transaction; read by operators (no route reads it).
 */
export const supersededVersions = pgTable('superseded_versions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  serverName: textC('server_name').notNull(),
  version: textC('version').notNull(),
  serverJson: json('server_json').notNull(),
  status: text('status').notNull(),
  publishedAt: tstz('published_at').notNull(),
  supersededAt: tstz('superseded_at').notNull(),
  reason: text('reason').notNull(),
});

/** Where the mirror of one upstream stands: a crawl's saved cursor, or the `updated_since` of the next poll. */
export const mirrorState = pgTable(
  'mirror_state',
  {
    upstreamUrl: text('upstream_url').primaryKey(),
    phase: text('phase').notNull().default('crawl'),
    cursor: text('cursor'),
    since: text('since'),
    runStartedAt: tstz('run_started_at'),
    lastSuccessAt: tstz('last_success_at'),
    lastAttemptAt: tstz('last_attempt_at'),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    appliedTotal: bigint('applied_total', { mode: 'number' }).notNull().default(0),
    skippedTotal: bigint('skipped_total', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('mirror_state_phase_ck', sql`${t.phase} in ('crawl', 'poll')`)],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One search document per server: its latest visible version, weighted full text and facet columns.
 * SQL-only: apps/search (indexing and querying repositories, the Postgres engine sources) writes it
 * in batches with `unnest` and builds `tsv` with setweight/to_tsvector, which Drizzle cannot express.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    serverName: textC('server_name').primaryKey(),
    version: text('version').notNull(),
    namespace: textC('namespace').notNull(),
    status: text('status').notNull(),
    registryTypes: text('registry_types').array().notNull(),
    transports: text('transports').array().notNull(),
    hasRemote: boolean('has_remote').notNull(),
    tsv: tsvector('tsv').notNull(),
    contentHash: text('content_hash').notNull(),
    sourceUpdatedAt: tstz('source_updated_at').notNull(),
    publishedAt: tstz('published_at').notNull(),
    indexedAt: tstz('indexed_at').notNull().defaultNow(),
    /** The org the server is private to; null when public (searches outside it never match). */
    privateOrgId: uuid('private_org_id'),
    /** Its tools' names, lower-cased (the `tool=` filter), as the runtime's read port gave them. */
    toolNames: text('tool_names')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The runtime's fingerprint of the tool set indexed (null: none known): catch-up compares it. */
    toolsFingerprint: text('tools_fingerprint'),
  },
  (t) => [
    index('search_documents_tsv_idx').using('gin', t.tsv).with({ fastupdate: false }),
    index('search_documents_registry_types_idx').using('gin', t.registryTypes).with({ fastupdate: false }),
    index('search_documents_transports_idx').using('gin', t.transports).with({ fastupdate: false }),
    index('search_documents_tool_names_idx').using('gin', t.toolNames).with({ fastupdate: false }),
  ],
);

/**
 * What a search result shows, apart from what queries match and rank on (search_documents): a
 * query reads every matching document's row, so those rows stay narrow; only a page's rows are
 * read from here.
 * SQL-only: written in the same batched statements as search_documents (apps/search indexing repository).
 */
export const searchDisplay = pgTable('search_display', {
  serverName: textC('server_name')
    .primaryKey()
    .references(() => searchDocuments.serverName, { onDelete: 'cascade' }),
  title: text('title'),
  description: text('description').notNull(),
  packages: json('packages').notNull(),
  remotes: json('remotes').notNull(),
});

/**
 * Every word the index knows; unknown query words are matched to their nearest terms by trigram similarity.
 * SQL-only: filled with one `insert … select unnest(…) on conflict do nothing` per batch and queried with
 * pg_trgm's `%`, `<->` and similarity() (apps/search indexing and querying repositories).
 */
export const searchTerms = pgTable('search_terms', { term: textC('term').primaryKey() }, (t) => [
  index('search_terms_trgm_idx')
    .using('gin', sql`${t.term} gin_trgm_ops`)
    .with({ fastupdate: false }),
]);

/**
 * A document's embedding. `embedding` (real[]) works on every Postgres; where pgvector exists,
 * migration 0005 adds a `vec vector` column too, and semantic search runs in the database.
 * SQL-only: `vec` is not declared (it exists only with pgvector), so apps/search writes and ranks it in raw SQL.
 */
export const searchEmbeddings = pgTable('search_embeddings', {
  serverName: textC('server_name')
    .primaryKey()
    .references(() => searchDocuments.serverName, { onDelete: 'cascade' }),
  model: text('model').notNull(),
  contentHash: text('content_hash').notNull(),
  embedding: real('embedding').array().notNull(),
});

/**
 * Servers whose latest version the search index could not take (Postgres refused the document):
 * left out of the index until their source changes, and listed for instance admins.
 * SQL-only: recorded in one statement with the delete of the document it replaces (apps/search indexing repository).
 */
export const searchIndexFailures = pgTable('search_index_failures', {
  serverName: textC('server_name').primaryKey(),
  version: text('version').notNull(),
  reason: text('reason').notNull(),
  /** The server's newest updated_at when it failed: a later version or status change is tried again. */
  sourceUpdatedAt: tstz('source_updated_at').notNull(),
  /** The tool set's fingerprint when it failed (null: none): new tools are tried again too. */
  toolsFingerprint: text('tools_fingerprint'),
  failedAt: tstz('failed_at').notNull().defaultNow(),
});

export type ServerVersionRow = typeof serverVersions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/**
 * How often each server was installed, as clients report it (mcpm after a successful install):
 * what the site's "most installed" lists. One row per server, counted in place.
 * SQL-only: apps/registry/src/installs/install-count.repository.ts counts with one CTE statement
 * (this table and install_days together, only for a server the viewer may see) and reads with joins.
 */
export const installCounts = pgTable(
  'install_counts',
  {
    serverName: textC('server_name')
      .primaryKey()
      .references(() => servers.name, { onDelete: 'cascade' }),
    installs: bigint('installs', { mode: 'number' }).notNull().default(0),
    lastInstalledAt: tstz('last_installed_at').notNull().defaultNow(),
  },
  (t) => [index('install_counts_installs_idx').on(t.installs.desc())],
);

/**
 * The same installs per server and UTC day, counted in the same statement as `install_counts`:
 * what the server page's "installs over time" chart shows.
 * SQL-only: written with install_counts in one statement, read over generate_series (install-count.repository.ts).
 */
export const installDays = pgTable(
  'install_days',
  {
    serverName: textC('server_name')
      .notNull()
      .references(() => servers.name, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    installs: bigint('installs', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.serverName, t.day] })],
);

/**
 * Each server's README as the Hub last read it from its repository (GitHub's API): the text
 * (bounded), or why there is none, and when it was read; served until it is older than the TTL.
 */
export const serverReadmes = pgTable(
  'server_readmes',
  {
    serverName: textC('server_name')
      .primaryKey()
      .references(() => servers.name, { onDelete: 'cascade' }),
    /** The repository it was read from (owner/repo, and the subfolder); another one is read afresh. */
    source: text('source').notNull(),
    /** ok: markdown holds it; none: the repository has no README (or is not on GitHub); unavailable: GitHub could not be reached. */
    status: text('status').notNull(),
    markdown: text('markdown'),
    reason: text('reason'),
    license: text('license'),
    defaultBranch: text('default_branch'),
    /** When what is stored was read; `checked_at`: the last attempt (a failed one keeps the old text). */
    fetchedAt: tstz('fetched_at').notNull(),
    checkedAt: tstz('checked_at').notNull(),
  },
  (t) => [check('server_readmes_status_ck', sql`${t.status} in ('ok', 'none', 'unavailable')`)],
);

/*
 * The Runtime service's tables (apps/runtime). Keyed by server name and version, with no foreign
 * key into the registry's tables: the runtime reads registry data only through RegistryReader.
 */

/**
 * What each version exposes: one row per (version, source). `inspected`: the last inspection's
 * outcome (status, reason and, when ok, the handshake and every list); `declared`: what the owner
 * declared with PUT …/capabilities (shown as declared by the publisher, never as inspected).
 * Written once per finished inspection (an upsert: a job that runs twice leaves one row).
 */
export const capabilities = pgTable(
  'capabilities',
  {
    serverName: textC('server_name').notNull(),
    version: textC('version').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    transport: text('transport'),
    target: text('target'),
    protocolVersion: text('protocol_version'),
    serverInfo: json('server_info'),
    declaredCapabilities: json('declared_capabilities'),
    instructions: text('instructions'),
    tools: json('tools')
      .notNull()
      .default(sql`'[]'::json`),
    resources: json('resources')
      .notNull()
      .default(sql`'[]'::json`),
    resourceTemplates: json('resource_templates')
      .notNull()
      .default(sql`'[]'::json`),
    prompts: json('prompts')
      .notNull()
      .default(sql`'[]'::json`),
    toolsFingerprint: text('tools_fingerprint'),
    missingConfig: text('missing_config').array(),
    notes: text('notes').array(),
    /** Inspections run for this row (a job that ran again after a crash counts twice). */
    attempts: integer('attempts').notNull().default(1),
    durationMs: integer('duration_ms'),
    inspectedAt: tstz('inspected_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.serverName, t.version, t.source] }),
    check('capabilities_source_ck', sql`${t.source} in ('inspected', 'declared')`),
    check(
      'capabilities_status_ck',
      sql`${t.status} in ('ok', 'needs-config', 'needs-auth', 'unsupported', 'failed', 'timeout')`,
    ),
  ],
);

/** Each remote's tools as last listed by a health probe: what the next probe compares against. */
export const remoteToolState = pgTable(
  'remote_tool_state',
  {
    serverName: textC('server_name').notNull(),
    url: text('url').notNull(),
    version: text('version').notNull(),
    toolsFingerprint: text('tools_fingerprint').notNull(),
    tools: jsonb('tools').notNull(),
    seenAt: tstz('seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serverName, t.url] })],
);

/** A remote whose tools changed without a new version (a "rug pull"), with what changed. */
export const driftEvents = pgTable(
  'drift_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    serverName: textC('server_name').notNull(),
    version: text('version').notNull(),
    url: text('url').notNull(),
    previousFingerprint: text('previous_fingerprint').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** {added, removed, changed: [{name, before, after}]} */
    diff: jsonb('diff').notNull(),
    detectedAt: tstz('detected_at').notNull().defaultNow(),
  },
  (t) => [index('drift_events_server_idx').on(t.serverName, t.detectedAt.desc())],
);

/** One row per health probe of a remote (connect + handshake + tools/list); kept 7 days. */
export const healthChecks = pgTable(
  'health_checks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    serverName: textC('server_name').notNull(),
    url: text('url').notNull(),
    status: text('status').notNull(),
    latencyMs: integer('latency_ms'),
    error: text('error'),
    checkedAt: tstz('checked_at').notNull().defaultNow(),
  },
  (t) => [
    index('health_checks_server_idx').on(t.serverName, t.url, t.checkedAt),
    index('health_checks_checked_idx').on(t.checkedAt),
    check('health_checks_status_ck', sql`${t.status} in ('up', 'down', 'degraded')`),
  ],
);

/**
 * Health checks rolled up per remote and UTC hour, kept for longer than the raw checks: counts by
 * outcome and a latency histogram (fixed buckets, HEALTH_LATENCY_BUCKETS in apps/runtime), from
 * which uptime and p50/p95 over 24 h / 7 d / 30 d are read.
 */
export const healthHourly = pgTable(
  'health_hourly',
  {
    serverName: textC('server_name').notNull(),
    url: text('url').notNull(),
    hour: tstz('hour').notNull(),
    up: integer('up').notNull().default(0),
    degraded: integer('degraded').notNull().default(0),
    down: integer('down').notNull().default(0),
    latencyBuckets: integer('latency_buckets').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverName, t.url, t.hour] })],
);
