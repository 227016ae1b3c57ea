import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { Clock } from '@mcp-hub/http';
import { type ChangeFeed, subscribeToChanges, TOKEN_CHANGED_CHANNEL } from '@mcp-hub/registry-port';
import { CredentialsRepository } from './credentials.repository';

/** What a JWT's use needs to know of the token it was minted from. */
export interface TokenState {
  kind: 'api' | 'session';
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/** How long a token's state is trusted without a notification: a bound for one that was missed. */
const TRUST_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** Boot waits this long at most for the notification feed; until it is up, every use reads the database. */
const FEED_WAIT_MS = 5_000;

/**
 * Whether the token a registry JWT was minted from is still live, checked on every use of the JWT
 * so revoking the token ends its JWTs at once. A JWT's use costs no database round trip: states
 * are kept briefly and dropped when a revocation or a new expiry is announced, by this process
 * (`forget`, right after its commit) or any other (a trigger on api_tokens notifies
 * TOKEN_CHANGED_CHANNEL). An answer is kept only if nothing was forgotten while it was read, so a
 * revocation racing a lookup can never leave a stale "live". While the notification feed is down
 * every use reads the database, and everything known is dropped when it comes back.
 */
@Injectable()
export class TokenLiveness implements OnModuleInit, OnModuleDestroy {
  private readonly states = new Map<string, { state: TokenState | undefined; at: number }>();
  private generation = 0;
  private listening = false;
  private feed?: ChangeFeed;

  constructor(
    private readonly repo: CredentialsRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    let reported!: () => void;
    const first = new Promise<void>((resolve) => (reported = resolve));
    this.feed = subscribeToChanges(
      this.config.database,
      {
        onChange: (id) => this.forget(id ? [id] : undefined),
        onState: (listening) => {
          this.listening = listening;
          this.forget();
          reported();
        },
      },
      TOKEN_CHANGED_CHANNEL,
    );
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, FEED_WAIT_MS).unref())]);
  }

  /** The token's state if it is live now (not revoked, not expired); undefined otherwise. */
  async live(tokenId: string): Promise<TokenState | undefined> {
    const now = this.clock.now().getTime();
    const known = this.states.get(tokenId);
    const state = known && this.listening && now - known.at < TRUST_MS ? known.state : await this.read(tokenId, now);
    return state && state.revokedAt === null && (state.expiresAt === null || state.expiresAt.getTime() > now)
      ? state
      : undefined;
  }

  /** Drops what is known of these tokens (all of them without ids): called after revoking them. */
  forget(tokenIds?: string[]): void {
    this.generation++;
    if (!tokenIds) this.states.clear();
    else for (const id of tokenIds) this.states.delete(id);
  }

  private async read(tokenId: string, now: number): Promise<TokenState | undefined> {
    const generation = this.generation;
    const row = await this.repo.state(tokenId);
    const state: TokenState | undefined = row
      ? { ...row, kind: row.kind === 'session' ? 'session' : 'api' }
      : undefined;
    if (this.listening && generation === this.generation) {
      if (this.states.size >= MAX_ENTRIES) this.states.clear();
      this.states.set(tokenId, { state, at: now });
    }
    return state;
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed?.close();
  }
}
