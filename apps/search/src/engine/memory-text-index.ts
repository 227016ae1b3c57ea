import type { QueryItem } from '../search-query';
import type { Candidate, FacetFields, Facets, PageRow, SearchFilters } from '../facets';
import { FACET_VALUES, toFacets } from '../facets';
import { topByScore } from './top-k';

/** One search document as Postgres built it: its fields, and its tsvector as text (`'lexeme':1A,4 …`). */
export interface TextIndexDocument extends PageRow, FacetFields {
  publishedAt: number;
  /** The org the server is private to; null when public. */
  privateOrgId: string | null;
  /** Its tools' names, lower-cased (what `tool=` matches). */
  toolNames: string[];
  tsv: string;
  contentHash: string;
}

/** ts_rank's weights {D, C, B, A}, as float4 (the same WEIGHTS the SQL path passes). */
const WEIGHT = [Math.fround(0.05), Math.fround(0.2), Math.fround(0.4), Math.fround(1.0)];
const WEIGHT_INDEX: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
const DEPRECATED_FACTOR = 0.5;
/** New lexemes wait in a small unsorted list; past this many, they are merged into the sorted one. */
const UNSORTED_MAX = 2_048;

/** Facet values as bits of a mask: bit i is FACET_VALUES[i]. */
const FACET_BITS = FACET_VALUES;
const bitOf = (facet: keyof Facets, value: string) =>
  1 << FACET_BITS.findIndex((b) => b.facet === facet && b.value === value);

interface Entry {
  doc: TextIndexDocument;
  /** The document's lexemes, to take it out of their postings again. */
  lexemes: string[];
}

interface Postings {
  ids: number[];
  /** Per document, this lexeme's share of ts_rank before the division by the query's size. */
  weights: number[];
}

/** Filters as numbers: bit masks any of whose bits must be set, and a namespace number (-1: any). */
interface CompiledFilter {
  registry: number;
  transport: number;
  remote: number;
  status: number;
  namespace: number;
  /** Org numbers whose private documents pass; null: every document (an instance admin). */
  orgs: Set<number> | null;
  /** The documents exposing the tool asked for; null: no tool asked for. */
  tool: Set<number> | null;
}

/**
 * The search documents in this process's memory, ranked exactly as the SQL path ranks them.
 *
 * Postgres stays the source of truth and does the language work: it builds every document's
 * tsvector (parser, stop words, Snowball stems, field weights) and turns query words into
 * lexemes. This index keeps those tsvectors as postings (lexeme → documents, with each
 * document's precomputed share of `ts_rank`), the facet fields as bit masks and the display
 * fields as they are served, so a search is a walk over a few postings lists in memory instead
 * of a statement on the database. Scores follow Postgres' `calc_rank_or` step for step in
 * float32, so both paths agree to the last bit (a test holds them to it).
 *
 * What a query touches per document lives in typed arrays indexed by document number (facet
 * mask, namespace number, deprecation, position in name order), so the hot loops read numbers,
 * not objects.
 */
export class MemoryTextIndex {
  private readonly ids = new Map<string, number>();
  private readonly entries: (Entry | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly postings = new Map<string, Postings>();
  private readonly namespaces = new Map<string, number>();
  /** Tool name → the documents exposing a tool of that name. */
  private readonly tools = new Map<string, Set<number>>();
  /** Every lexeme, sorted (prefix lookups), apart from the latest few in `unsorted`. */
  private sorted: string[] = [];
  private unsorted = new Set<string>();
  private capacity = 0;
  private mask = new Int32Array(0);
  private namespaceOf = new Int32Array(0);
  /** Per document: the number of the org it is private to, -1 when public. */
  private privateOf = new Int32Array(0);
  private readonly orgNumbers = new Map<string, number>();
  private deprecated = new Uint8Array(0);
  private browseScore = new Float64Array(0);
  /** Each document's place in name order (ties in score go by name); recomputed after changes. */
  private nameRank = new Int32Array(0);
  private ranksStale = false;
  /** How many documents the last search matched (their ids and scores lead `matched` and `scores`). */
  private lastCount = 0;
  /** Per-query scratch, indexed by document number: reused, never cleared (a stamp says whether a slot is current). */
  private acc = new Float32Array(0);
  private stamp = new Uint32Array(0);
  private query = 0;
  /** The documents the current query's items matched. */
  private touched: number[] = [];
  private matched = new Int32Array(0);
  private scores = new Float64Array(0);
  private readonly masksSeen = new Int32Array(1 << FACET_BITS.length);

  get size(): number {
    return this.ids.size;
  }

  upsert(doc: TextIndexDocument): void {
    this.remove(doc.name);
    const id = this.free.pop() ?? this.entries.length;
    if (id >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    const lexemes: string[] = [];
    for (const [lexeme, weight] of parseTsvector(doc.tsv)) {
      lexemes.push(lexeme);
      let p = this.postings.get(lexeme);
      if (!p) {
        p = { ids: [], weights: [] };
        this.postings.set(lexeme, p);
        this.unsorted.add(lexeme);
      }
      p.ids.push(id);
      p.weights.push(weight);
    }
    let mask = 0;
    FACET_BITS.forEach((b, i) => {
      if (b.holds(doc)) mask |= 1 << i;
    });
    let ns = this.namespaces.get(doc.namespace);
    if (ns === undefined) this.namespaces.set(doc.namespace, (ns = this.namespaces.size));
    const deprecated = doc.status === 'deprecated';
    this.entries[id] = { doc, lexemes };
    this.mask[id] = mask;
    this.namespaceOf[id] = ns;
    let org = -1;
    if (doc.privateOrgId) {
      org = this.orgNumbers.get(doc.privateOrgId) ?? -1;
      if (org === -1) this.orgNumbers.set(doc.privateOrgId, (org = this.orgNumbers.size));
    }
    this.privateOf[id] = org;
    for (const tool of doc.toolNames) {
      let ids = this.tools.get(tool);
      if (!ids) this.tools.set(tool, (ids = new Set()));
      ids.add(id);
    }
    this.deprecated[id] = deprecated ? 1 : 0;
    this.browseScore[id] = ((deprecated ? DEPRECATED_FACTOR : 1) * doc.publishedAt) / 1000 / 1e10;
    this.ids.set(doc.name, id);
    this.ranksStale = true;
  }

  remove(name: string): void {
    const id = this.ids.get(name);
    if (id === undefined) return;
    for (const lexeme of this.entries[id]!.lexemes) {
      const p = this.postings.get(lexeme)!;
      const at = p.ids.lastIndexOf(id);
      p.ids.splice(at, 1);
      p.weights.splice(at, 1);
      // An empty list stays: the lexeme is likely to come back, and it costs a lookup at most.
    }
    for (const tool of this.entries[id]!.doc.toolNames) {
      const ids = this.tools.get(tool)!;
      ids.delete(id);
      if (ids.size === 0) this.tools.delete(tool);
    }
    this.entries[id] = undefined;
    this.ids.delete(name);
    this.free.push(id);
    this.ranksStale = true;
  }

  /** The page row and facet fields of one document. */
  get(name: string): TextIndexDocument | undefined {
    const id = this.ids.get(name);
    return id === undefined ? undefined : this.entries[id]!.doc;
  }

  /** A test for the filters (semantic candidates are filtered with it). */
  filter(filters: SearchFilters): (name: string) => TextIndexDocument | undefined {
    const f = this.compile(filters);
    return (name) => {
      const id = this.ids.get(name);
      return id !== undefined && this.passes(id, f) ? this.entries[id]!.doc : undefined;
    };
  }

  /**
   * Like SearchQueryingRepository.textSearch: the best `limit` matches (all documents when `items` is
   * null: browsing, newest first), the number of matches and facet counts over all of them.
   * `items` are distinct lexemes in lexeme order, as queryItems makes them: Postgres ranks each
   * distinct lexeme once, in that order, and the float32 sums must round as its sums do.
   */
  search(
    items: QueryItem[] | null,
    filters: SearchFilters,
    limit: number,
  ): { candidates: Candidate[]; total: number; facets: Facets } {
    const f = this.compile(filters);
    const matched = this.matched;
    const scores = this.scores;
    let n = 0;
    if (items === null) {
      for (let id = 0; id < this.entries.length; id++) {
        if (this.entries[id] === undefined || !this.passes(id, f)) continue;
        matched[n] = id;
        scores[n++] = this.browseScore[id]!;
      }
    } else {
      this.accumulate(items);
      const acc = this.acc;
      const deprecated = this.deprecated;
      const size = items.length;
      for (const id of this.touched) {
        if (!this.passes(id, f)) continue;
        // ts_rank's res / size, times the deprecation factor, in float32.
        const rank = Math.fround(acc[id]! / size);
        matched[n] = id;
        scores[n++] = deprecated[id] ? Math.fround(rank * DEPRECATED_FACTOR) : rank;
      }
    }
    // Facet counts: how many documents have each combination of facet values, then per value.
    const seen = this.masksSeen;
    const masks: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = this.mask[matched[i]!]!;
      const c = seen[m]!;
      seen[m] = c + 1;
      if (c === 0) masks.push(m);
    }
    const counts = new Array<number>(FACET_BITS.length).fill(0);
    for (const m of masks) {
      for (let b = 0; b < FACET_BITS.length; b++) if (m & (1 << b)) counts[b]! += seen[m]!;
      seen[m] = 0;
    }
    this.lastCount = n;
    const rank = this.ranks();
    const top = topByScore(scores, n, limit, (a, b) => rank[matched[a]!]! - rank[matched[b]!]!);
    return {
      candidates: top.map((i) => {
        const id = matched[i]!;
        return { name: this.entries[id]!.doc.name, score: scores[i]!, deprecated: this.deprecated[id] === 1 };
      }),
      total: n,
      facets: toFacets(counts),
    };
  }

  /**
   * Where these documents stand (1-based) in the ranking of the last search (call it right after
   * search(), with query words); those it did not match are left out. See SearchQueryingRepository.textRanks.
   */
  ranksInLast(names: string[]): Map<string, number> {
    const out = new Map<string, number>();
    // The few names asked about, by id; one pass over the matches finds their scores.
    const wanted = new Map<number, string>();
    for (const name of names) {
      const id = this.ids.get(name);
      if (id !== undefined) wanted.set(id, name);
    }
    const targets: { name: string; id: number; score: number }[] = [];
    for (let i = 0; i < this.lastCount && targets.length < wanted.size; i++) {
      const name = wanted.get(this.matched[i]!);
      if (name !== undefined) targets.push({ name, id: this.matched[i]!, score: this.scores[i]! });
    }
    if (targets.length === 0) return out;
    const rank = this.ranks();
    const ahead = new Array<number>(targets.length).fill(0);
    for (let i = 0; i < this.lastCount; i++) {
      const s = this.scores[i]!;
      const r = rank[this.matched[i]!]!;
      targets.forEach((t, j) => {
        if (s > t.score || (s === t.score && r < rank[t.id]!)) ahead[j]!++;
      });
    }
    targets.forEach((t, j) => out.set(t.name, ahead[j]! + 1));
    return out;
  }

  private passes(id: number, f: CompiledFilter): boolean {
    const m = this.mask[id]!;
    return (
      (f.registry === 0 || (m & f.registry) !== 0) &&
      (f.transport === 0 || (m & f.transport) !== 0) &&
      (f.remote === 0 || (m & f.remote) !== 0) &&
      (f.status === 0 || (m & f.status) !== 0) &&
      (f.namespace === -1 || this.namespaceOf[id] === f.namespace) &&
      (this.privateOf[id] === -1 || f.orgs === null || f.orgs.has(this.privateOf[id]!)) &&
      (f.tool === null || f.tool.has(id))
    );
  }

  private compile(f: SearchFilters): CompiledFilter {
    const any = (facet: keyof Facets, values?: string[]) =>
      values?.length ? values.reduce((m, v) => m | bitOf(facet, v), 0) : 0;
    return {
      registry: any('registryType', f.registryType),
      transport: any('transport', f.transport),
      remote: f.hasRemote === undefined ? 0 : bitOf('hasRemote', String(f.hasRemote)),
      status: f.status ? bitOf('status', f.status) : 0,
      // A namespace no document has matches nothing (-2 is no document's number).
      namespace: f.namespace === undefined ? -1 : (this.namespaces.get(f.namespace) ?? -2),
      orgs: f.viewer?.all
        ? null
        : new Set(
            (f.viewer?.orgs ?? []).map((o) => this.orgNumbers.get(o)).filter((n): n is number => n !== undefined),
          ),
      // A tool no document has matches nothing (an empty set).
      tool: f.tool ? (this.tools.get(f.tool) ?? new Set()) : null,
    };
  }

  /** Positions in name order, recomputed (a sort of all names) only after documents changed. */
  private ranks(): Int32Array {
    if (this.ranksStale) {
      const live: number[] = [];
      for (let id = 0; id < this.entries.length; id++) if (this.entries[id]) live.push(id);
      const name = (id: number) => this.entries[id]!.doc.name;
      live.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
      live.forEach((id, i) => (this.nameRank[id] = i));
      this.ranksStale = false;
    }
    return this.nameRank;
  }

  private grow(capacity: number): void {
    const copy = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.mask = copy(this.mask, (n) => new Int32Array(n));
    this.namespaceOf = copy(this.namespaceOf, (n) => new Int32Array(n));
    this.privateOf = copy(this.privateOf, (n) => new Int32Array(n));
    this.deprecated = copy(this.deprecated, (n) => new Uint8Array(n));
    this.browseScore = copy(this.browseScore, (n) => new Float64Array(n));
    this.nameRank = copy(this.nameRank, (n) => new Int32Array(n));
    this.acc = new Float32Array(capacity);
    this.stamp = new Uint32Array(capacity);
    this.query = 0;
    this.matched = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.capacity = capacity;
  }

  /**
   * Sums, per document, each item's share of ts_rank in Postgres' order (items by lexeme; a
   * prefix's lexemes in order), so the float32 sums round exactly as calc_rank_or's do.
   */
  private accumulate(items: QueryItem[]): void {
    this.query = (this.query + 1) >>> 0;
    if (this.query === 0) {
      this.stamp.fill(0);
      this.query = 1;
    }
    const acc = this.acc;
    const stamp = this.stamp;
    const q = this.query;
    const touched: number[] = [];
    this.touched = touched;
    for (const item of items) {
      for (const lexeme of item.prefix ? this.withPrefix(item.lexeme) : [item.lexeme]) {
        const p = this.postings.get(lexeme);
        if (!p) continue;
        const { ids, weights } = p;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i]!;
          if (stamp[id] !== q) {
            stamp[id] = q;
            acc[id] = 0;
            touched.push(id);
          }
          acc[id] = acc[id]! + weights[i]!;
        }
      }
    }
  }

  /** Known lexemes starting with `prefix`, sorted. */
  private withPrefix(prefix: string): string[] {
    if (this.unsorted.size > UNSORTED_MAX) {
      this.sorted = [...this.sorted, ...this.unsorted].sort(compareLexemes);
      this.unsorted = new Set();
    }
    const out: string[] = [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareLexemes(this.sorted[mid]!, prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) out.push(this.sorted[i]!);
    const recent = [...this.unsorted].filter((l) => l.startsWith(prefix));
    return recent.length ? [...out, ...recent].sort(compareLexemes) : out;
  }
}

/** Postgres orders lexemes by their bytes (tsCompareString): UTF-8 byte order is code point order. */
function compareLexemes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A tsvector's text form (`'it''s':1A,3 'word':2`) as [lexeme, share of ts_rank] pairs. The
 * share is calc_rank_or's per-entry term, computed in float32 as Postgres computes it:
 * (wjm + resj − wjm / (jm+1)²) / 1.64493406685, where resj = Σ w_j / (j+1)² over the entry's
 * positions and wjm is the heaviest of them.
 */
export function parseTsvector(text: string): [string, number][] {
  const out: [string, number][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    if (text[i] !== "'") throw new Error(`not a tsvector at ${i}: ${text.slice(i, i + 20)}`);
    i++;
    let lexeme = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error('unterminated lexeme in tsvector');
      if (c === "'" && text[i + 1] === "'") {
        lexeme += "'";
        i += 2;
      } else if (c === '\\') {
        lexeme += text[i + 1] ?? '';
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else {
        lexeme += c;
        i++;
      }
    }
    const weights: number[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
        const letter = text[i];
        if (letter === 'A' || letter === 'B' || letter === 'C' || letter === 'D') {
          weights.push(WEIGHT[WEIGHT_INDEX[letter]!]!);
          i++;
        } else weights.push(WEIGHT[0]!);
        if (text[i] === ',') i++;
        else break;
      }
    } else weights.push(WEIGHT[0]!); // no positions: Postgres ranks it as one position of weight D
    out.push([lexeme, entryShare(weights)]);
  }
  return out;
}

function entryShare(w: number[]): number {
  const f = Math.fround;
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  for (let j = 0; j < w.length; j++) {
    resj = f(resj + f(w[j]! / ((j + 1) * (j + 1))));
    if (w[j]! > wjm) {
      wjm = w[j]!;
      jm = j;
    }
  }
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685;
}
