import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type ChangeFeed, subscribeToChanges } from '@mcp-hub/db';
import { RegistryEvents } from '../events/registry-events';

/**
 * Serialized responses of public reads, kept until the registry changes. Any committed write —
 * in this process (RegistryEvents) or another one (the Postgres change feed) — bumps the
 * generation and drops everything. A response is stored only under the generation that was
 * current before it was read from the database, so a write racing a read can never leave a
 * stale entry behind. While the change feed is down the cache is bypassed, not trusted.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('read-cache');
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private gen = 0;
  private listening = false;
  private feed?: ChangeFeed;
  private unsubscribe?: () => void;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly events: RegistryEvents,
  ) {}

  onModuleInit(): void {
    if (this.config.readCacheBytes === 0) return;
    this.unsubscribe = this.events.onChange(() => this.invalidate());
    this.feed = subscribeToChanges(this.config.database, {
      onChange: () => this.invalidate(),
      onState: (listening) => {
        if (listening !== this.listening) this.logger.log(listening ? 'change feed listening; cache on' : 'change feed lost; cache bypassed');
        this.listening = listening;
        this.invalidate();
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.feed?.close();
  }

  /** The generation to tag a read with, or undefined when caching is off or cannot be trusted. */
  generation(): number | undefined {
    return this.listening ? this.gen : undefined;
  }

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting makes this the most recently used entry.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, generation: number, body: Buffer): void {
    if (generation !== this.gen || !this.listening || body.length > this.config.readCacheBytes / 8) return;
    const previous = this.entries.get(key);
    if (previous) this.bytes -= previous.length + key.length;
    this.entries.set(key, body);
    this.bytes += body.length + key.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.config.readCacheBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length + k.length;
    }
  }

  invalidate(): void {
    this.gen++;
    this.entries.clear();
    this.bytes = 0;
  }
}
