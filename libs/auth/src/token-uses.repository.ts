import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, tokenUses } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { lt, sql } from 'drizzle-orm';

/** One token's uses in one minute, as added to `token_uses`. */
export interface TokenUseCounts {
  tokenId: string;
  /** The minute's start, in ms since the epoch. */
  minute: number;
  requests: number;
  writes: number;
  refused: number;
  /** The latest use, in ms since the epoch. */
  lastAt: number;
  ip?: string;
  userAgent?: string;
}

/** `token_uses`: per token and minute, added to by every process. */
@Injectable()
export class TokenUsesRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /** Adds the counts to their rows in one statement; the later use's address and user agent win. */
  async add(batch: TokenUseCounts[]): Promise<void> {
    // Rows of tokens deleted meanwhile (their user or org was) are skipped by the join.
    const rows = sql.join(
      batch.map(
        (b) =>
          sql`(${b.tokenId}::uuid, ${new Date(b.minute).toISOString()}::timestamptz, ${b.requests}::int, ${b.writes}::int, ${b.refused}::int, ${new Date(b.lastAt).toISOString()}::timestamptz, ${b.ip ?? null}::text, ${b.userAgent ?? null}::text)`,
      ),
      sql`, `,
    );
    await this.db.execute(sql`
      insert into token_uses (token_id, minute, requests, writes, refused, last_at, ip, user_agent)
      select v.token_id, v.minute, v.requests, v.writes, v.refused, v.last_at, v.ip, v.user_agent
      from (values ${rows}) as v(token_id, minute, requests, writes, refused, last_at, ip, user_agent)
      join api_tokens t on t.id = v.token_id
      on conflict (token_id, minute) do update set
        requests = token_uses.requests + excluded.requests,
        writes = token_uses.writes + excluded.writes,
        refused = token_uses.refused + excluded.refused,
        ip = case when excluded.last_at >= token_uses.last_at then coalesce(excluded.ip, token_uses.ip) else token_uses.ip end,
        user_agent = case when excluded.last_at >= token_uses.last_at then coalesce(excluded.user_agent, token_uses.user_agent) else token_uses.user_agent end,
        last_at = greatest(token_uses.last_at, excluded.last_at)`);
  }

  /** Forgets the minutes before `before`. */
  async pruneBefore(before: Date): Promise<void> {
    await this.db.delete(tokenUses).where(lt(tokenUses.minute, before));
  }
}
