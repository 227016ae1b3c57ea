import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  json,
  pgTable,
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

export const servers = pgTable('servers', {
  name: textC('name').primaryKey(),
  namespace: textC('namespace').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

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
  },
  (t) => [
    uniqueIndex('server_versions_name_version_uq').on(t.serverName, t.version),
    // At most one latest per server, enforced by the database, not only by the code.
    uniqueIndex('server_versions_one_latest_uq').on(t.serverName).where(sql`${t.isLatest}`),
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
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

export type ServerVersionRow = typeof serverVersions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
