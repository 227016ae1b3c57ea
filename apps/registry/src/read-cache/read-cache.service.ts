import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type ChangeFeed, RegistryEvents, subscribeToChanges } from '@mcp-hub/registry-port';
import { type HealthCheck, HealthIndicators, etagOf } from '@mcp-hub/http';

/** A cached response: its bytes, and the ETag they are sent with. */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

/** Tag of responses that can change with any write (the server lists). */
export const LIST_TAG = '\u0000lists';

/**
 * Serialized responses of public reads, kept until something they show changes. Each entry is
 * tagged: with its server's name (detail and version-history routes) or LIST_TAG. A committed
 * write to server X — in this process (RegistryEvents) or another one (the Postgres change feed,
 * whose payload is the name) — drops X's entries and every list. An entry is stored only if its
 * tag's stamp is unchanged since before its query ran, so a write racing a read can never leave a
 * stale entry. While the change feed is down the cache is bypassed, and everything is dropped
 * when it comes back, since notifications may have been missed meanwhile; /healthz shows the
 * cache degraded for that time.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('read-cache');
  private readonly entries = new Map<string, CachedBody & { tag: string }>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly tagGenerations = new Map<string, number>();
  private bytes = 0;
  private epoch = 0;
  private listening = false;
  private feed?: ChangeFeed;
  private unsubscribe?: () => void;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly events: RegistryEvents,
    private readonly health: HealthIndicators,
  ) {}

  onModuleInit(): void {
    if (this.config.readCacheBytes === 0) return;
    this.health.register('readCache', () => this.check());
    this.unsubscribe = this.events.onChange((change) => this.invalidateServer(change.serverName));
    this.feed = subscribeToChanges(this.config.database, {
      onChange: (serverName) => (serverName ? this.invalidateServer(serverName) : this.invalidateAll()),
      onState: (listening) => {
        if (listening !== this.listening)
          this.logger.log(listening ? 'change feed listening; cache on' : 'change feed lost; cache bypassed');
        this.listening = listening;
        this.invalidateAll();
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.feed?.close();
  }

  private check(): HealthCheck {
    return this.listening
      ? { status: 'ok', entries: this.entries.size, bytes: this.bytes }
      : {
          status: 'degraded',
          detail:
            'not listening to the database change feed (lost, or still connecting); reads bypass the cache until it is back',
        };
  }

  /** What a read of `tag` is stored under, or undefined when caching is off or cannot be trusted. */
  stamp(tag: string): string | undefined {
    return this.listening ? `${this.epoch}.${this.tagGenerations.get(tag) ?? 0}` : undefined;
  }

  get(key: string): CachedBody | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting makes this the most recently used entry.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Stores the body with its ETag, hashed once here rather than on every hit; undefined if not stored. */
  set(key: string, tag: string, stamp: string, body: Buffer): CachedBody | undefined {
    if (stamp !== this.stamp(tag) || body.length > this.config.readCacheBytes / 8) return undefined;
    this.remove(key);
    // Small Buffers are slices of Node's shared 8 KiB pool; a cached slice would pin its whole
    // slab, so the entry gets memory of its own and the byte budget stays honest.
    const own = Buffer.allocUnsafeSlow(body.length);
    body.copy(own);
    const entry = { tag, body: own, etag: etagOf(own) };
    this.entries.set(key, entry);
    let keys = this.keysByTag.get(tag);
    if (!keys) this.keysByTag.set(tag, (keys = new Set()));
    keys.add(key);
    this.bytes += body.length + key.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.config.readCacheBytes) break;
      this.remove(oldest);
    }
    return entry;
  }

  invalidateServer(serverName: string): void {
    for (const tag of [serverName, LIST_TAG]) {
      this.tagGenerations.set(tag, (this.tagGenerations.get(tag) ?? 0) + 1);
      for (const key of this.keysByTag.get(tag) ?? []) this.remove(key);
    }
  }

  invalidateAll(): void {
    this.epoch++;
    this.tagGenerations.clear();
    this.entries.clear();
    this.keysByTag.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length + key.length;
    const keys = this.keysByTag.get(entry.tag);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByTag.delete(entry.tag);
  }
}
