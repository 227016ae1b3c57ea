import fs from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { Clock } from '@mcp-hub/http';
import { RegistryEvents } from '@mcp-hub/registry-port';
import { errorReason } from '@mcp-hub/db';
import { type NameFacts, type NameWrite, nameWrite } from '@mcp-hub/domain';
import { type ApplyResult, MirrorRepository, type MirrorStatePatch } from './mirror.repository';
import { type UpstreamVersion, parseUpstreamEntry } from './upstream-entry';

/** Page size asked of the upstream (its maximum). */
const PAGE_LIMIT = 100;
/** How far before a run's start the next poll's `updated_since` reaches back (clock skew, slow runs). */
const POLL_OVERLAP_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 30_000;

/** Versions written by one run after which the planner statistics are refreshed. */
const ANALYZE_AFTER = 1_000;

export interface SyncReport {
  phase: 'crawl' | 'poll';
  pages: number;
  entries: number;
  written: number;
  unchanged: number;
  skipped: number;
  keptLocal: number;
  superseded: number;
}

export type ImportReport = Omit<SyncReport, 'phase' | 'pages'> & { servers: number; seconds: number };

export class UpstreamError extends Error {}

/**
 * Mirrors the official registry the way aggregators are told to: a full crawl of
 * `/v0.1/servers` with `limit`/`cursor`, then polls with `updated_since`. Every page is applied
 * in one transaction together with the cursor that follows it, so a crash resumes at the next
 * page and a re-run writes nothing. A malformed entry is logged and skipped. The upstream is not
 * trusted to end its paging or to keep its pages small: cursors are opaque text, a cursor seen
 * twice in one run or more than HUB_UPSTREAM_MAX_PAGES pages stop the run, and a page whose
 * decoded body outgrows HUB_UPSTREAM_MAX_PAGE_BYTES is refused while it streams in.
 */
@Injectable()
export class MirrorService {
  private readonly logger = new Logger('mirror');

  constructor(
    private readonly repo: MirrorRepository,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async syncOnce(upstreamUrl: string, signal?: AbortSignal): Promise<SyncReport> {
    const state = await this.repo.state(upstreamUrl);
    const phase = (state?.phase ?? 'crawl') as 'crawl' | 'poll';
    const startedAt = this.clock.now();
    // A run resumed after a crash keeps its original start: the next poll must reach back to it.
    const runStartedAt = state?.cursor && state.runStartedAt ? state.runStartedAt : startedAt;
    let cursor = state?.cursor ?? undefined;
    // Every cursor of this run: one coming back means the upstream pages in a circle.
    const seen = new Set(cursor === undefined ? [] : [cursor]);
    const { pageBytes, pagesPerRun } = this.config.upstreamLimits;
    const since = phase === 'poll' ? (state?.since ?? undefined) : undefined;
    const report: SyncReport = {
      phase,
      pages: 0,
      entries: 0,
      written: 0,
      unchanged: 0,
      skipped: 0,
      keptLocal: 0,
      superseded: 0,
    };
    let applied = state?.appliedTotal ?? 0;
    let skipped = state?.skippedTotal ?? 0;
    await this.repo.saveState(upstreamUrl, { lastAttemptAt: startedAt });

    for (;;) {
      const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
      if (cursor) params.set('cursor', cursor);
      if (since) params.set('updated_since', since);
      const page = await fetchPage(`${upstreamUrl}/v0.1/servers?${params}`, report.pages + 1, pageBytes, signal);
      const versions = this.parse(page.servers, upstreamUrl);
      const next = page.nextCursor;
      applied += versions.length;
      skipped += page.servers.length - versions.length;
      const patch: MirrorStatePatch = next
        ? { phase, cursor: next, runStartedAt, appliedTotal: applied, skippedTotal: skipped }
        : {
            phase: 'poll',
            cursor: null,
            since: new Date(runStartedAt.getTime() - POLL_OVERLAP_MS).toISOString(),
            runStartedAt: null,
            lastSuccessAt: this.clock.now(),
            lastError: null,
            consecutiveFailures: 0,
            appliedTotal: applied,
            skippedTotal: skipped,
          };
      const result = await this.repo.apply(versions, upstreamClaim, { upstreamUrl, patch }, this.clock.now());
      this.announce(result);
      report.pages++;
      report.entries += page.servers.length;
      report.skipped += page.servers.length - versions.length;
      add(report, result);
      if (!next) break;
      if (seen.has(next)) throw new UpstreamError(`upstream cursor cycle at page ${report.pages}`);
      if (report.pages >= pagesPerRun)
        throw new UpstreamError(
          `upstream paging stopped at HUB_UPSTREAM_MAX_PAGES (${pagesPerRun} pages); the next run resumes there`,
        );
      seen.add(next);
      cursor = next;
    }
    this.logger.log(
      `${report.phase} of ${upstreamUrl} done: ${report.entries} entries in ${report.pages} pages, ${report.written} written, ` +
        `${report.unchanged} unchanged, ${report.skipped} skipped, ${report.keptLocal} kept local`,
    );
    if (report.written >= ANALYZE_AFTER) await this.repo.analyze();
    return report;
  }

  async recordFailure(upstreamUrl: string, err: Error): Promise<number> {
    const state = await this.repo.state(upstreamUrl);
    const failures = (state?.consecutiveFailures ?? 0) + 1;
    // Shown on the public /healthz: our own words, or the database's message, never its statement.
    await this.repo.saveState(upstreamUrl, { lastError: errorReason(err, 1000), consecutiveFailures: failures });
    return failures;
  }

  state(upstreamUrl: string) {
    return this.repo.state(upstreamUrl);
  }

  isEmpty(): Promise<boolean> {
    return this.repo.isEmpty();
  }

  /**
   * Loads a snapshot in the official list format (`{servers:[{server,_meta}], metadata}`), as
   * an air-gapped instance is seeded. Idempotent like the mirror: importing twice writes nothing.
   */
  async importFile(file: string): Promise<ImportReport> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      throw new UpstreamError(`cannot read snapshot ${file}: ${(err as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new UpstreamError(`snapshot ${file} is not JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(data) ? data : (data as { servers?: unknown })?.servers;
    if (!Array.isArray(list))
      throw new UpstreamError(
        `snapshot ${file} is not in the official list format: expected {"servers": [{"server": …, "_meta": …}, …]}`,
      );
    return this.importEntries(list, file);
  }

  async importEntries(list: unknown[], label = 'snapshot'): Promise<ImportReport> {
    const started = performance.now();
    const versions = this.parse(list, label);
    const report: ImportReport = {
      entries: list.length,
      servers: 0,
      written: 0,
      unchanged: 0,
      skipped: list.length - versions.length,
      keptLocal: 0,
      superseded: 0,
      seconds: 0,
    };
    // Batches of whole servers, so one server's versions settle their latest flag together.
    const byName = new Map<string, UpstreamVersion[]>();
    for (const v of versions) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
    report.servers = byName.size;
    let batch: UpstreamVersion[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await this.repo.apply(batch, upstreamClaim, undefined, this.clock.now());
      this.announce(result);
      add(report, result);
      batch = [];
    };
    for (const group of byName.values()) {
      batch.push(...group);
      if (batch.length >= 500) await flush();
    }
    await flush();
    if (report.written >= ANALYZE_AFTER) await this.repo.analyze();
    report.seconds = (performance.now() - started) / 1000;
    this.logger.log(
      `imported ${label}: ${report.entries} entries (${report.servers} servers), ${report.written} written, ${report.unchanged} unchanged, ${report.skipped} skipped`,
    );
    return report;
  }

  private parse(entries: unknown[], source: string): UpstreamVersion[] {
    const out: UpstreamVersion[] = [];
    for (const raw of entries) {
      const parsed = parseUpstreamEntry(raw);
      if (parsed.ok) out.push(parsed.version);
      else this.logger.warn(`skipped malformed entry ${parsed.label} from ${source}: ${parsed.reason}`);
    }
    return out;
  }

  private announce(result: ApplyResult): void {
    for (const name of result.supersededNames) {
      this.logger.warn(
        `${name}: the upstream registry publishes this name and its namespace is not verified here; local versions archived in superseded_versions`,
      );
    }
    for (const serverName of result.touched) this.events.emit({ serverName, kind: 'mirrored' });
  }
}

/** The name-ownership rule, for upstream's versions: libs/domain decides, the repository applies it. */
const upstreamClaim = (facts: NameFacts): NameWrite => nameWrite('upstream', facts);

function add(report: Omit<SyncReport, 'phase' | 'pages' | 'entries' | 'skipped'>, r: ApplyResult): void {
  report.written += r.written;
  report.unchanged += r.unchanged;
  report.keptLocal += r.keptLocal;
  report.superseded += r.supersededNames.length;
}

/**
 * One list page. Messages name the page, never what the upstream sent: they end up in /healthz.
 * The body is read as a stream (decompressed as it comes) and refused once it outgrows
 * `maxBytes`, so a small compressed page cannot inflate into gigabytes in memory.
 */
async function fetchPage(
  url: string,
  page: number,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<{ servers: unknown[]; nextCursor?: string }> {
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': 'mcp-hub-mirror' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    throw new UpstreamError(`cannot reach upstream (page ${page}): ${networkCause(err)}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new UpstreamError(`upstream answered ${res.status} (page ${page})`);
  }
  const body = await readCapped(res, maxBytes, page);
  let data: { servers?: unknown; metadata?: { nextCursor?: unknown } };
  try {
    data = JSON.parse(body);
  } catch {
    throw new UpstreamError(`upstream page ${page} is not JSON`);
  }
  if (!Array.isArray(data?.servers)) throw new UpstreamError(`upstream page ${page} has no "servers" array`);
  return { servers: data.servers, nextCursor: cursorText(data.metadata?.nextCursor, page) };
}

async function readCapped(res: Response, maxBytes: number, page: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new UpstreamError(`upstream page ${page} is larger than HUB_UPSTREAM_MAX_PAGE_BYTES (${maxBytes} bytes)`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    throw new UpstreamError(`cannot read upstream page ${page}: ${networkCause(err)}`);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The next cursor as the text to send back: opaque, so a number is passed back as written.
 * A number JavaScript cannot hold exactly would be sent back changed, so it stops the run.
 */
function cursorText(next: unknown, page: number): string | undefined {
  if (next === undefined || next === null || next === '') return undefined;
  if (typeof next === 'string') return next;
  if (typeof next === 'number' && Number.isSafeInteger(next)) return String(next);
  throw new UpstreamError(`upstream page ${page} has a nextCursor that is neither text nor a whole number`);
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
