import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type HealthCheck, HealthIndicators } from '@mcp-hub/http';
import { type Embedder, isDegenerate, loadHttpEmbedder, loadLocalEmbedder } from './embedder';

type State =
  | { kind: 'off' }
  | { kind: 'loading' }
  | { kind: 'ready'; embedder: Embedder }
  | { kind: 'unavailable'; reason: string };

const QUERY_CACHE_SIZE = 2_000;
const EMPTY = new Float32Array(0);
/** What gives the Hub a model, said wherever semantic search is found unavailable (the log, /healthz). */
const MODEL_HINT =
  'set HUB_EMBEDDINGS_MODEL_DIR to a transformers.js model folder, or HUB_EMBEDDINGS_URL to an OpenAI-compatible embeddings API (README, "Semantic search")';

/**
 * Owns the embedder: loads it in the background at boot (search works in text mode meanwhile,
 * and for good if no model can be had), reports its state on /healthz, and caches query
 * vectors (people repeat queries; search-as-you-type repeats prefixes).
 */
@Injectable()
export class EmbeddingsService implements OnModuleDestroy {
  private readonly logger = new Logger('embeddings');
  private state: State;
  private loading?: Promise<void>;
  private readonly queryCache = new Map<string, Float32Array>();
  private readyListeners: (() => void)[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    health: HealthIndicators,
  ) {
    this.state = config.embeddings.kind === 'off' ? { kind: 'off' } : { kind: 'loading' };
    health.register('embeddings', () => this.health());
  }

  /** Starts loading the model; resolves when it is ready or known to be unavailable. */
  start(): Promise<void> {
    if (this.state.kind === 'off') {
      // Said once at boot, as a model that fails to load is: the operator reads why search is text-only in the log.
      if (!this.loading) this.logger.log(`${this.unavailableReason}; search runs in text mode`);
      this.loading = Promise.resolve();
      return this.loading;
    }
    this.loading ??= this.load();
    return this.loading;
  }

  /** Loads a given embedder (tests, the CLI); replaces whatever was configured. */
  use(embedder: Embedder): void {
    this.state = { kind: 'ready', embedder };
    this.queryCache.clear();
    for (const l of this.readyListeners.splice(0)) l();
  }

  get embedder(): Embedder | undefined {
    return this.state.kind === 'ready' ? this.state.embedder : undefined;
  }

  /** Why semantic search is not available, or undefined when it is. */
  get unavailableReason(): string | undefined {
    switch (this.state.kind) {
      case 'ready':
        return undefined;
      case 'off':
        return 'embeddings are turned off (HUB_EMBEDDINGS=off)';
      case 'loading':
        return 'the embedding model is still loading';
      case 'unavailable':
        return this.state.reason;
    }
  }

  onReady(listener: () => void): void {
    if (this.state.kind === 'ready') listener();
    else this.readyListeners.push(listener);
  }

  async embedQuery(text: string): Promise<Float32Array | undefined> {
    const embedder = this.embedder;
    if (!embedder) return undefined;
    const key = text.trim().toLowerCase();
    const hit = this.queryCache.get(key);
    if (hit) {
      // Refresh its place: the Map's insertion order is the LRU order.
      this.queryCache.delete(key);
      this.queryCache.set(key, hit);
      return hit === EMPTY ? undefined : hit;
    }
    const [embedded] = await embedder.embed([key]);
    // A query of words the model does not know has no meaning to compare: text results only.
    const vector = embedded && !isDegenerate(embedded) ? embedded : EMPTY;
    this.queryCache.set(key, vector);
    if (this.queryCache.size > QUERY_CACHE_SIZE) this.queryCache.delete(this.queryCache.keys().next().value!);
    return vector === EMPTY ? undefined : vector;
  }

  async onModuleDestroy(): Promise<void> {
    await this.loading;
    if (this.state.kind === 'ready') await this.state.embedder.close?.();
  }

  private async load(): Promise<void> {
    const cfg = this.config.embeddings;
    const started = performance.now();
    try {
      const embedder = cfg.kind === 'http' ? await loadHttpEmbedder(cfg) : await loadLocalEmbedder(cfg);
      this.logger.log(
        `embedder ${embedder.id} ready (${embedder.dimensions} dimensions, ${Math.round(performance.now() - started)} ms)`,
      );
      this.use(embedder);
    } catch (err) {
      const where =
        cfg.kind === 'http'
          ? `the embeddings API at ${cfg.url}`
          : cfg.modelDir
            ? `the model in ${cfg.modelDir}`
            : `the model ${cfg.model} (not cached, and the model hub could not be reached)`;
      const reason = `could not load ${where}: ${(err as Error).message.split('\n')[0]}`;
      this.logger.warn(`${reason}. Search runs in text mode; ${MODEL_HINT}.`);
      this.state = { kind: 'unavailable', reason };
    }
  }

  private health(): HealthCheck {
    const reason = this.unavailableReason;
    if (this.state.kind === 'ready')
      return {
        status: 'ok',
        model: this.state.embedder.id,
        dimensions: this.state.embedder.dimensions,
        mode: 'hybrid',
      };
    // Turned off on purpose: nothing is wrong, search is text-only by choice.
    if (this.state.kind === 'off')
      return { status: 'ok', detail: `${reason}; search works in text mode`, mode: 'text', state: 'off' };
    const hint = this.state.kind === 'unavailable' ? `; ${MODEL_HINT}` : '';
    return {
      status: 'degraded',
      detail: `semantic search unavailable: ${reason}. Search works in text mode${hint}.`,
      mode: 'text',
      state: this.state.kind,
    };
  }
}
