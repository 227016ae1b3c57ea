import { Injectable } from '@nestjs/common';
import { type Viewer, notFound } from '@mcp-hub/domain';
import { RegistryReader } from '@mcp-hub/registry-port';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import type { PageRow } from '../facets';
import { SearchQueryingRepository } from '../querying.repository';
import { type SearchResult, SearchService } from '../search.service';

export interface RelatedResponse {
  results: SearchResult[];
  /** embedding: nearest by the current model's vectors; text: by the words of its title, name and description. */
  basis: 'embedding' | 'text';
}

/** Query words taken from a server's own text for the text fallback. */
const TEXT_WORDS = 16;

/**
 * Servers like a given one, for its page: its nearest neighbours by embedding, or — with no
 * embedder, or no vector for it yet — the best text matches of its own words. Filtered for the
 * viewer exactly as search is (in the query, then against the registry's current visibility).
 */
@Injectable()
export class RelatedService {
  constructor(
    private readonly repo: SearchQueryingRepository,
    private readonly registry: RegistryReader,
    private readonly search: SearchService,
    private readonly embeddings: EmbeddingsService,
  ) {}

  async related(name: string, limit: number, viewer: Viewer): Promise<RelatedResponse> {
    if (!(await this.registry.servedTo(name, viewer))) throw notFound(`No server named ${name}`);
    const [doc] = await this.repo.page([name]);
    // Published a moment ago and not indexed yet: nothing to compare it with.
    if (!doc) return { results: [], basis: 'text' };
    const near = await this.byEmbedding(name, limit, viewer);
    if (near) return { results: near, basis: 'embedding' };
    return { results: await this.byText(doc, limit, viewer), basis: 'text' };
  }

  private async byEmbedding(name: string, limit: number, viewer: Viewer): Promise<SearchResult[] | undefined> {
    const embedder = this.embeddings.embedder;
    if (!embedder) return undefined;
    const [stored] = await this.repo.loadVectors(embedder.id, [name]);
    if (!stored) return undefined;
    const near = (await this.search.nearestTo(Float32Array.from(stored.embedding), { viewer }, limit + 1)).filter(
      (c) => c.name !== name,
    );
    const visible = viewer.all
      ? undefined
      : await this.registry.visibleNow(
          near.map((c) => c.name),
          viewer,
        );
    const kept = near.filter((c) => !visible || visible.has(c.name)).slice(0, limit);
    const rows = new Map((await this.repo.page(kept.map((c) => c.name))).map((r) => [r.name, r]));
    return kept.flatMap((c) => {
      const row = rows.get(c.name);
      return row ? [resultOf(row, Math.round(c.score * 1e6) / 1e6)] : [];
    });
  }

  private async byText(doc: PageRow, limit: number, viewer: Viewer): Promise<SearchResult[]> {
    const text = `${doc.title ?? ''} ${doc.name.slice(doc.name.indexOf('/') + 1)} ${doc.description}`;
    const words = [
      ...new Set(
        text
          .normalize('NFC')
          .toLowerCase()
          .match(/[\p{L}\p{M}\p{N}]{3,64}/gu) ?? [],
      ),
    ].slice(0, TEXT_WORDS);
    if (words.length === 0) return [];
    const found = await this.search.search({ q: words.join(' '), mode: 'text', limit: limit + 1 }, viewer);
    return found.results
      .filter((r) => r.name !== doc.name)
      .slice(0, limit)
      .map((r) => ({ ...r, highlights: {} }));
  }
}

function resultOf(row: PageRow, score: number): SearchResult {
  return {
    name: row.name,
    version: row.version,
    title: row.title,
    description: row.description,
    status: row.status,
    score,
    highlights: {},
    packages: row.packages,
    remotes: row.remotes,
  };
}
