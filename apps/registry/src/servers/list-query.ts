import { LIST_LIMIT_MAX, badRequest, limitParam, singleParam } from '@mcp-hub/domain';
import { findUnacceptable, parseInput } from '@mcp-hub/http';
import { z } from 'zod';

/** Strict RFC 3339 date-time; Date.parse alone would accept "2025-02-30" or "yesterday". */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseRfc3339(value: string): Date | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const probe = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Year 0 parses in JavaScript but not in Postgres; nobody means it.
  if (y! < 1) return undefined;
  if (probe.getUTCMonth() !== mo! - 1 || probe.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 60) return undefined;
  const parsed = new Date(value);
  // An offset can carry 0001-01-01T00:00+01:00 into year 0, or 9999-12-31T23:59-01:00 into 10000.
  const year = parsed.getUTCFullYear();
  return Number.isNaN(parsed.getTime()) || year < 1 || year > 9999 ? undefined : parsed;
}

const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .optional();

const single = singleParam;

export const listQuerySchema = z.object({
  cursor: single('cursor').max(1024, 'cursor is too long').optional(),
  limit: limitParam(LIST_LIMIT_MAX).optional(),
  search: single('search').max(200, 'search must be at most 200 characters').optional(),
  updated_since: single('updated_since')
    .transform((v, ctx) => {
      const d = parseRfc3339(v);
      if (!d) {
        ctx.addIssue({
          code: 'custom',
          message: 'updated_since must be an RFC 3339 date-time such as 2025-08-07T13:15:04.280Z',
        });
        return z.NEVER;
      }
      return d;
    })
    .optional(),
  version: single('version').min(1).max(255).optional(),
  include_deleted: bool('include_deleted'),
});

/** The servers-list parameters a parsed list query carries; the caller adds who is asking. */
export function toListParams(q: z.infer<typeof listQuerySchema>) {
  return {
    cursor: q.cursor,
    limit: q.limit,
    search: q.search,
    updatedSince: q.updated_since,
    version: q.version,
    includeDeleted: q.include_deleted,
  };
}

export const detailQuerySchema = z.object({ include_deleted: bool('include_deleted') });

/** The include_deleted flag of a detail route's raw query, validated. */
export function includeDeletedParam(query: unknown): boolean | undefined {
  return parseInput(detailQuerySchema, query, 'query').include_deleted;
}

export interface Cursor {
  name: string;
  version: string;
}

/** Cursors are opaque to clients: base64url of the last (name, version) served. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.name, c.version]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  const fail = () =>
    badRequest('cursor is not valid: use the exact metadata.nextCursor value from the previous page', [
      { location: 'query.cursor', message: 'invalid cursor', value: raw },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw fail();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    // Any stored name must round-trip, including upstream names that break today's publish rules.
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      !findUnacceptable(parsed, 'cursor')
    ) {
      return { name: parsed[0], version: parsed[1] };
    }
  } catch {
    // fall through to the same error as any other malformed cursor
  }
  throw fail();
}
