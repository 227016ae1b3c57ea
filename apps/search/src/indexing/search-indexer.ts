import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { databaseError, errorReason } from '@mcp-hub/db';
import {
  type ChangeFeed,
  RegistryEvents,
  RegistryReader,
  type ServerStamp,
  subscribeToChanges,
} from '@mcp-hub/registry-port';
import { type HealthCheck, HealthIndicators } from '@mcp-hub/http';
import { InProcessQueue, type JobQueue } from '@mcp-hub/queue';
import { CAPABILITIES_CHANGED_CHANNEL, CapabilitiesReader, RuntimeEvents } from '@mcp-hub/runtime-port';
import { type Embedder, isDegenerate } from '../embeddings/embedder';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import type { EngineClient } from '../engine/engine-client';
import { EngineHost } from '../engine/engine-host';
import { type SearchDocument, buildDocument, vocabulary } from './document';
import { type HeldTools, type RefusedSource, SearchIndexingRepository } from './indexing.repository';

const BATCH = 200;
const EMBED_BATCH = 64;
/** Documents or vectors written after which the search tables are maintained (see maintainIfDue)... */
const MAINTAIN_AFTER = 1_000;
/** ...once indexing has been quiet this long: a mirror crawl's pages keep it busy until the end. */
const MAINTAIN_QUIET_MS = 1_000;

/**
 * Keeps the search index in step with the registry and the runtime. Registry events (publish,
 * status change, mirror update) and stored capabilities (a version's tools, whose text is the
 * documents' weight D) — from this process, or from other processes through the Postgres change
 * feeds — become jobs on the queue, keyed by server name; a worker rebuilds those servers'
 * documents in batches, re-embedding only text that changed. At boot it catches up with whatever
 * changed while it was not running, so the index never needs a manual rebuild to become correct.
 */
@Injectable()
export class SearchIndexer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('search-indexer');
  private readonly queue: JobQueue<string>;
  private readonly unsubscribe: (() => void)[] = [];
  private feeds: ChangeFeed[] = [];
  /** Whether each change feed is listening: while one is not, other processes' writes wait for the catch-up on reconnect. */
  private registryFeedListening = false;
  private capabilitiesFeedListening = false;
  private get feedListening(): boolean {
    return this.registryFeedListening && this.capabilitiesFeedListening;
  }
  /**
   * Whether the index holds every registry change this process has heard of: nothing queued or
   * being written, no catch-up scan, and the change feed listening (while it is down, other
   * processes' writes are not heard of at all).
   */
  get upToDate(): boolean {
    return this.feedListening && this.scans === 0 && this.queue.pending === 0;
  }

  private lastError?: string;
  /** Scans for work (catch-up, missing embeddings) in progress: work not yet on the queue. */
  private scans = 0;
  /** Rows written since the search tables were last vacuumed and analyzed. */
  private writtenSinceMaintenance = 0;
  private maintenanceTimer?: NodeJS.Timeout;
  private maintaining?: Promise<void>;

  constructor(
    private readonly repo: SearchIndexingRepository,
    private readonly registry: RegistryReader,
    private readonly host: EngineHost,
    private readonly embeddings: EmbeddingsService,
    private readonly events: RegistryEvents,
    private readonly capabilities: CapabilitiesReader,
    private readonly runtimeEvents: RuntimeEvents,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    health: HealthIndicators,
  ) {
    this.queue = new InProcessQueue<string>({
      name: 'search-index',
      batchSize: BATCH,
      debounceMs: 10,
      onError: (err, attempt) => {
        this.lastError = errorReason(err);
        this.logger.error(`indexing batch failed (attempt ${attempt}), will retry: ${this.lastError}`);
      },
    });
    health.register('search', () => this.health());
    host.reportFreshness(() => this.upToDate);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.init();
    this.unsubscribe.push(
      this.events.onChange((c) => this.queue.add(c.serverName, c.serverName)),
      this.runtimeEvents.onCapabilitiesChanged((name) => this.queue.add(name, name)),
    );
    // Writes committed by other processes (a second Hub, `pnpm hub mirror import`, a runtime
    // worker) arrive by the change feeds. Each reports "listening" at once on PGlite, and after
    // every reconnect on Postgres: whenever both listen again, catch up (once at boot).
    const onState = (feed: 'registry' | 'capabilities') => (listening: boolean) => {
      const before = this.feedListening;
      if (feed === 'registry') this.registryFeedListening = listening;
      else this.capabilitiesFeedListening = listening;
      if (this.feedListening && !before) void this.catchUp();
    };
    this.feeds.push(
      subscribeToChanges(this.config.database, {
        onChange: (name) => (name ? this.queue.add(name, name) : void this.catchUp()),
        onState: onState('registry'),
      }),
      subscribeToChanges(
        this.config.database,
        {
          onChange: (name) => (name ? this.queue.add(name, name) : void this.catchUp()),
          onState: onState('capabilities'),
        },
        CAPABILITIES_CHANGED_CHANNEL,
      ),
    );
    this.queue.process(async (names) => {
      await this.indexNames(names);
      this.lastError = undefined;
      // The last batch of a burst (nothing else is waiting): maintain once things stay quiet.
      clearTimeout(this.maintenanceTimer);
      this.maintenanceTimer = undefined;
      if (this.queue.pending <= names.length && this.writtenSinceMaintenance >= MAINTAIN_AFTER) {
        this.maintenanceTimer = setTimeout(() => {
          this.maintenanceTimer = undefined;
          if (this.queue.pending > 0) return; // the next burst's last batch re-arms it
          this.maintaining = this.maintainIfDue()
            .catch((err) => this.logger.warn(`search table maintenance failed: ${(err as Error).message}`))
            .finally(() => (this.maintaining = undefined));
        }, MAINTAIN_QUIET_MS);
      }
    });
    void this.embeddings.start();
    this.embeddings.onReady(() => void this.embedMissing());
  }

  async onModuleDestroy(): Promise<void> {
    for (const stop of this.unsubscribe.splice(0)) stop();
    clearTimeout(this.maintenanceTimer);
    this.maintenanceTimer = undefined;
    await Promise.all(this.feeds.splice(0).map((f) => f.close()));
    await this.queue.close();
    await this.maintaining;
    // The engine itself is closed by its host, once every module is destroyed.
  }

  /** The search engine (EngineHost's), for tools and benchmarks. */
  get engine(): EngineClient {
    return this.host.engine;
  }

  /** Which vector store answers semantic queries here. */
  get vectorStore(): 'pgvector' | 'memory' {
    return this.host.vectorStore;
  }

  /** Finds out what the database offers and, for the memory engine, loads the documents (once). */
  init(): Promise<void> {
    return this.host.init();
  }

  /** Resolves when every queued change is indexed and any maintenance it made due is done. */
  async idle(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      if (this.maintaining) await this.maintaining;
      else if (this.maintenanceTimer) await new Promise((r) => setTimeout(r, 25));
      else if (this.queue.pending === 0) return;
    }
  }

  /** Queues every server whose document is missing or out of date. */
  async catchUp(): Promise<number> {
    this.scans++;
    try {
      const names = await this.staleNames();
      if (names.length > 0) this.logger.log(`catching up: ${names.length} servers to (re)index`);
      this.queue.addMany(names.map((n) => ({ key: n, data: n })));
      return names.length;
    } catch (err) {
      this.logger.error(`catch-up failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.scans--;
    }
  }

  /** Rebuilds every document and embedding from the registry (`pnpm hub search reindex`). */
  async reindexAll(opts: { force?: boolean } = {}): Promise<{ servers: number }> {
    await this.init();
    const names = await this.allServerNames();
    for (let i = 0; i < names.length; i += BATCH) await this.indexNames(names.slice(i, i + BATCH), opts.force);
    await this.maintainIfDue();
    return { servers: names.length };
  }

  /** Embeds documents that have no vector from the current model (a new or changed model). */
  async embedMissing(): Promise<void> {
    const embedder = this.embeddings.embedder;
    if (!embedder) return;
    this.scans++;
    try {
      await this.scanMissingEmbeddings(embedder);
    } finally {
      this.scans--;
    }
  }

  private async scanMissingEmbeddings(embedder: Embedder): Promise<void> {
    await this.init();
    await this.host.loadVectors(embedder.id, embedder.dimensions);
    const missing = await this.repo.namesWithoutEmbedding(embedder.id);
    if (missing.length > 0) {
      this.logger.log(`embedding ${missing.length} documents with ${embedder.id}`);
      this.queue.addMany(missing.map((n) => ({ key: n, data: n })));
    }
  }

  /** Brings the documents of these servers up to date (one batch of the queue). */
  async indexNames(names: string[], force = false): Promise<void> {
    await this.init();
    const unique = [...new Set(names)];
    const latest = await this.registry.latestVisibleVersions(unique);
    const visible = new Set(latest.map((r) => r.serverName));
    const gone = unique.filter((n) => !visible.has(n));
    const [failures, tools] = await Promise.all([
      this.repo.indexFailures(unique),
      this.capabilities.toolSetsOf(latest.map((r) => ({ serverName: r.serverName, version: r.version }))),
    ]);
    // A document the index refused stays out until its source or its tools change (or a forced reindex).
    const built = latest
      .map((r) => buildDocument(r, tools.get(r.serverName)))
      .filter((d) => force || !stillRefused(failures.get(d.serverName), d));
    const stored = await this.repo.stored(built.map((d) => d.serverName));

    const changed = built.filter((d) => force || stored.get(d.serverName)?.contentHash !== d.contentHash);
    const same = built.filter((d) => !changed.includes(d));
    if (gone.length > 0 || changed.length > 0) this.host.changed();
    await this.repo.deleteDocuments(gone);
    const refused = await this.writeDocuments(changed);
    const out = [...gone, ...refused];
    if (this.host.holdsVectors && out.length > 0) await this.host.removeVectors(out);
    const written = changed.filter((d) => !refused.has(d.serverName));
    this.writtenSinceMaintenance += written.length + gone.length;
    await this.repo.touchDocuments(same);
    // Refusals that no longer hold: the document is in the index now, or the server is gone.
    await this.repo.clearIndexFailures(
      [...failures.keys()].filter((n) => !refused.has(n) && (!visible.has(n) || built.some((d) => d.serverName === n))),
    );
    // Typo tolerance learns words from public documents only: a correction must never spell out
    // a word that only an org's private server contains.
    await this.repo.addTerms([...new Set(written.filter((d) => d.privateOrgId === null).flatMap(vocabulary))]);
    await this.host.refreshDocuments(unique);
    const docs = built.filter((d) => !refused.has(d.serverName));

    const embedder = this.embeddings.embedder;
    if (!embedder) return;
    const toEmbed = docs.filter((d) => {
      const s = stored.get(d.serverName);
      return force || s?.embeddingModel !== embedder.id || s?.embeddingHash !== d.embeddingHash;
    });
    const inMemory = this.host.holdsVectorsOf(embedder.id);
    for (let i = 0; i < toEmbed.length; i += EMBED_BATCH) {
      const chunk = toEmbed.slice(i, i + EMBED_BATCH);
      const vectors = await embedder.embed(chunk.map((d) => d.embeddingText));
      // A text the model knows no word of has no vector worth storing; the document stays text-searchable.
      const rows = chunk
        .map((d, j) => ({ name: d.serverName, model: embedder.id, hash: d.embeddingHash, vector: vectors[j]! }))
        .filter((r) => !isDegenerate(r.vector));
      await this.repo.upsertEmbeddings(rows, this.host.hasPgvector!);
      this.writtenSinceMaintenance += rows.length;
      this.host.changed();
      if (inMemory) await this.host.upsertVectors(rows.map((r) => ({ name: r.name, vector: r.vector })));
    }
    if (inMemory) {
      // Vectors another process computed (it indexed these servers first) are read back.
      const fresh = new Set(toEmbed.map((d) => d.serverName));
      const others = docs.filter((d) => !fresh.has(d.serverName)).map((d) => d.serverName);
      if (others.length > 0) await this.host.reloadVectors(embedder.id, others);
    }
  }

  /**
   * Servers whose document is missing or older than their versions (unless the index refused
   * that very source), servers with no latest version that still have a document, and documents
   * whose server is gone: the registry's stamps against what the index holds. And documents (or
   * refusals) whose version's tools are not the ones they were built from: the runtime's tool
   * fingerprints against the ones they hold (fingerprints only, no tool text is read).
   */
  private async staleNames(): Promise<string[]> {
    const [stamps, held] = await Promise.all([this.registry.serverStamps(), this.repo.heldStamps()]);
    const current = await this.capabilities.toolFingerprints(held.tools);
    return [...new Set([...staleNames(stamps, held.documents, held.failures), ...toolsChanged(held.tools, current)])];
  }

  /** Every server the registry or the index knows of. */
  private async allServerNames(): Promise<string[]> {
    const [registered, indexed] = await Promise.all([this.registry.serverNames(), this.repo.documentNames()]);
    return [...new Set([...registered, ...indexed])];
  }

  /**
   * Writes these documents. When Postgres refuses the statement for what a document holds, the
   * batch is halved until each refused document stands alone: the others are written, and each
   * refused one is recorded (with the reason, for admins) and left out of the index until its
   * source changes. Any other failure (the database away, …) fails the batch, to be retried.
   */
  private async writeDocuments(docs: SearchDocument[]): Promise<Set<string>> {
    const refused = new Set<string>();
    const write = async (part: SearchDocument[]): Promise<void> => {
      try {
        await this.repo.upsertDocuments(part);
      } catch (err) {
        if (!isRefusalOfContent(err)) throw err;
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          await write(part.slice(0, half));
          await write(part.slice(half));
          return;
        }
        const doc = part[0]!;
        const reason = errorReason(err);
        this.logger.error(
          `search index refused ${doc.serverName}@${doc.version}, left out until it changes: ${reason}`,
        );
        await this.repo.recordIndexFailure({
          serverName: doc.serverName,
          version: doc.version,
          reason,
          sourceUpdatedAt: doc.sourceUpdatedAt,
          toolsFingerprint: doc.toolsFingerprint,
        });
        refused.add(doc.serverName);
      }
    };
    if (docs.length > 0) await write(docs);
    return refused;
  }

  /** What an admin sees of indexing problems: each document left out, and the failure being retried. */
  async problems(): Promise<{
    failures: Awaited<ReturnType<SearchIndexingRepository['listIndexFailures']>>;
    retrying: string | null;
  }> {
    return {
      failures: await this.repo.listIndexFailures(),
      retrying: this.lastError !== undefined && this.queue.pending > 0 ? this.lastError : null,
    };
  }

  /**
   * After a bulk change (a mirror import, a reindex): builds the HNSW index for the current
   * model's vectors if it is missing (once, over the loaded rows, which is far cheaper than
   * growing it insert by insert during the load; small tables do fine with an exact scan), then
   * VACUUM ANALYZE the search tables: the planner needs their real size to pick the full-text
   * and vector indexes over a scan (5x on PGlite, which never autovacuums).
   */
  private async maintainIfDue(): Promise<void> {
    if (this.writtenSinceMaintenance < MAINTAIN_AFTER) return;
    this.writtenSinceMaintenance = 0;
    const started = performance.now();
    const embedder = this.embeddings.embedder;
    if (this.host.hasPgvector && embedder) await this.repo.ensureVectorIndex(embedder.dimensions);
    await this.repo.maintain();
    if (await this.host.optimizeVectors()) this.logger.log('clustered the vectors for approximate search');
    this.logger.log(`vacuumed and analyzed the search tables in ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * Component and short reason only: /healthz is public, and a failure's full text may quote
   * documents (private ones included). The reasons are in the logs and GET /api/v1/search/index-failures.
   */
  private async health(): Promise<HealthCheck> {
    const failing = this.lastError !== undefined && this.queue.pending > 0;
    const counts = await this.repo.counts(this.embeddings.embedder?.id);
    const detail = this.host.engine.failure
      ? 'the search engine thread stopped; searching with Postgres'
      : failing
        ? 'indexing is failing and being retried'
        : !this.feedListening
          ? "not listening to the database change feed (lost, or still connecting); other processes' writes are indexed when it is back"
          : counts.skipped > 0
            ? `${counts.skipped} ${counts.skipped === 1 ? 'document' : 'documents'} skipped: the index refused ${counts.skipped === 1 ? 'it' : 'them'}`
            : undefined;
    return {
      status: detail ? 'degraded' : 'ok',
      ...(detail ? { detail } : {}),
      ...counts,
      pending: this.queue.pending + this.scans + (this.maintenanceTimer || this.maintaining ? 1 : 0),
      engine: this.host.textInMemory ? (this.host.engine.threaded ? 'memory (own thread)' : 'memory') : 'postgres',
      vectorStore: this.vectorStore,
    };
  }
}

/**
 * Postgres refused the statement for the values it was given: a data exception (class 22, e.g.
 * a byte sequence it cannot store) or a limit (class 54, e.g. "string is too long for tsvector").
 */
function isRefusalOfContent(err: unknown): boolean {
  const code = databaseError(err)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('54'));
}

/** Whether a refusal still holds for this document: it was refused for this very source and tool set. */
function stillRefused(refused: RefusedSource | undefined, d: SearchDocument): boolean {
  return (
    refused !== undefined &&
    refused.sourceUpdatedAt === d.sourceUpdatedAt &&
    refused.toolsFingerprint === d.toolsFingerprint
  );
}

/** What the index holds that was built from other tools than the runtime now has for that version (`current`: fingerprint by server name). */
export function toolsChanged(held: HeldTools[], current: Map<string, string>): string[] {
  return held.filter((h) => h.toolsFingerprint !== (current.get(h.serverName) ?? null)).map((h) => h.serverName);
}

/** See SearchIndexer.staleNames: `documents` and `failures` map names to the source timestamp (as Postgres prints it) they hold. */
export function staleNames(
  stamps: ServerStamp[],
  documents: Map<string, string>,
  failures: Map<string, string>,
): string[] {
  const out = new Set<string>();
  const registered = new Set<string>();
  for (const s of stamps) {
    registered.add(s.serverName);
    const held = documents.get(s.serverName);
    if (s.visible ? held !== s.updatedAt && failures.get(s.serverName) !== s.updatedAt : held !== undefined)
      out.add(s.serverName);
  }
  for (const name of documents.keys()) if (!registered.has(name)) out.add(name);
  return [...out];
}
