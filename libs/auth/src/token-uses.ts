import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { Clock } from '@mcp-hub/http';
import { type TokenUseCounts, TokenUsesRepository } from './token-uses.repository';

/** One request made with a token. */
export interface TokenUse {
  /** Anything but GET and HEAD. */
  write: boolean;
  /** The token was revoked or expired, so the request was refused. */
  refused: boolean;
  ip?: string;
  userAgent?: string;
}

type Bucket = TokenUseCounts;

const MINUTE_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;
/** Buckets held while the database cannot be written; past this the oldest counts are dropped (and said so). */
const MAX_PENDING = 50_000;
const MAX_USER_AGENT = 200;

/**
 * Counts every use of a token, per token and minute, in memory, and adds the counts to
 * `token_uses` in one statement every HUB_TOKEN_USE_FLUSH_MS (and at shutdown). Requests never wait
 * on this write. Several processes add to the same rows. If a write fails the counts stay pending
 * and go with the next one; a process killed outright loses at most one interval of counts.
 */
@Injectable()
export class TokenUses implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('token-uses');
  private pending = new Map<string, Bucket>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<number>;
  private lastPrune = 0;

  constructor(
    private readonly repo: TokenUsesRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.tokenUses.flushMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(tokenId: string, use: TokenUse): void {
    const at = this.clock.now().getTime();
    this.merge({
      tokenId,
      minute: at - (at % MINUTE_MS),
      requests: 1,
      writes: use.write ? 1 : 0,
      refused: use.refused ? 1 : 0,
      lastAt: at,
      ip: use.ip,
      userAgent: use.userAgent?.slice(0, MAX_USER_AGENT),
    });
  }

  /** Writes the pending counts; resolves to how many buckets were written. One flush at a time. */
  flush(): Promise<number> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.repo.add(batch);
    } catch (e) {
      // Kept for the next flush, added to whatever came in meanwhile.
      for (const b of batch) this.merge(b);
      this.log.warn(
        `Could not write ${batch.length} token-use counts (kept for the next try): ${(e as Error).message}`,
      );
      return 0;
    }
    await this.prune();
    return batch.length;
  }

  /** Adds a bucket's counts to the pending ones; the later use's address and user agent win. */
  private merge(b: Bucket): void {
    const key = `${b.tokenId} ${b.minute}`;
    const current = this.pending.get(key);
    if (!current) {
      if (this.pending.size >= MAX_PENDING) this.dropOldest();
      this.pending.set(key, b);
      return;
    }
    current.requests += b.requests;
    current.writes += b.writes;
    current.refused += b.refused;
    if (b.lastAt >= current.lastAt) {
      current.lastAt = b.lastAt;
      current.ip = b.ip ?? current.ip;
      current.userAgent = b.userAgent ?? current.userAgent;
    }
  }

  private dropOldest(): void {
    const [key, bucket] = this.pending.entries().next().value as [string, Bucket];
    this.pending.delete(key);
    this.log.error(
      `Dropped ${bucket.requests} uses of token ${bucket.tokenId} at ${new Date(bucket.minute).toISOString()}: ${MAX_PENDING} minutes of counts are waiting for the database.`,
    );
  }

  /** Forgets uses older than HUB_TOKEN_USE_DAYS, at most once an hour. */
  private async prune(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    try {
      await this.repo.pruneBefore(new Date(now - this.config.tokenUses.keepDays * 86_400_000));
    } catch (e) {
      this.log.warn(`Could not prune old token uses: ${(e as Error).message}`);
    }
  }
}
