import { createHash } from 'node:crypto';
import { badRequest, limitParam, singleParam } from '@mcp-hub/domain';
import { z } from 'zod';
import { REGISTRY_TYPES, TRANSPORTS } from './facets';

export const SEARCH_MODES = ['hybrid', 'text', 'semantic'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export { REGISTRY_TYPES, TRANSPORTS };
export const SEARCH_LIMIT_MAX = 100;
export const TOOL_NAME_MAX = 128;
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

const single = singleParam;
/** `registryType=npm,pypi` or `registryType=npm&registryType=pypi`: any of them. */
const list = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [
      ...new Set(
        (Array.isArray(v) ? v : [v])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(values, { error: `${name} must be one or more of ${values.join(', ')}` })))
    .optional();

export const searchQuerySchema = z
  .object({
    q: single('q').max(200, 'q must be at most 200 characters').optional(),
    limit: limitParam(SEARCH_LIMIT_MAX).optional(),
    cursor: single('cursor').max(512, 'cursor is too long').optional(),
    mode: z.enum(SEARCH_MODES, { error: `mode must be one of ${SEARCH_MODES.join(', ')}` }).optional(),
    registryType: list('registryType', REGISTRY_TYPES),
    transport: list('transport', TRANSPORTS),
    hasRemote: z
      .enum(['true', 'false'], { error: 'hasRemote must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
    namespace: single('namespace')
      .regex(
        /^[a-zA-Z0-9.-]{1,200}$/,
        'namespace must be a reverse-DNS namespace such as io.github.alice or com.example',
      )
      .optional(),
    status: z
      .enum(['active', 'deprecated', 'deleted'], { error: 'status must be active or deprecated' })
      .refine((s) => s !== 'deleted', 'deleted servers are never searchable; status must be active or deprecated')
      .transform((s) => s as 'active' | 'deprecated')
      .optional(),
    // An exact tool name, case-insensitively; 128 characters is the most the MCP spec allows one.
    tool: single('tool')
      .min(1, 'tool must be a tool name of 1 to 128 characters')
      .max(TOOL_NAME_MAX, 'tool must be a tool name of 1 to 128 characters')
      // No tool name the index holds has one (it stores them cleaned), and Postgres takes no NUL.
      .refine((s) => !CONTROL_CHARACTER.test(s), 'tool must not contain control characters')
      .transform((s) => s.toLowerCase())
      .optional(),
  })
  .strict();

export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Query words: letters and digits, lower-cased, at most 16 of them. */
export function tokenize(q: string): string[] {
  // Combining marks belong to their word (Devanagari vowel signs, decomposed accents).
  return (
    q
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  )
    .filter((t) => t.length <= 64)
    .slice(0, 16);
}

export interface TsQueryOptions {
  /** Words the index does not know, with the known terms they are probably a typo of. */
  fuzzy: Map<string, string[]>;
  /** Also match words starting with the last query word (search-as-you-type). */
  prefixLast: boolean;
}

/**
 * A tsquery in Postgres syntax from query words: any word may match (OR), each by its stem,
 * the last one also as a prefix, unknown words also by their nearest known terms. Ranking
 * rewards documents that match more words, in heavier fields. Words are [\p{L}\p{N}]+ only, so
 * nothing in them is tsquery syntax.
 */
export function buildTsQuery(words: string[], opts: TsQueryOptions): string | null {
  if (words.length === 0) return null;
  const groups = words.map((w, i) => {
    const alternatives = [w, ...(opts.fuzzy.get(w) ?? [])];
    if (opts.prefixLast && i === words.length - 1 && w.length >= 2) alternatives.push(`${w}:*`);
    return `(${[...new Set(alternatives)].join(' | ')})`;
  });
  return groups.join(' | ');
}

/** A query term for the index: a lexeme as Postgres stems it, matched exactly or as a prefix. */
export interface QueryItem {
  lexeme: string;
  prefix: boolean;
}

/**
 * The query as distinct lexemes, sorted: each word and its typo stand-ins by their stems (stop
 * words drop out), the last word (two letters or more) as a prefix instead. `lexemeOf` gives a
 * word's stem (null: stop word; false: the word is several lexemes to Postgres, and the whole
 * query is left to Postgres' own parser: undefined is returned). One item per lexeme keeps
 * ts_rank well defined: Postgres ranks each distinct lexeme once, and where one came both
 * exact and as a prefix, which of the two it kept would depend on its sort.
 */
export function queryItems(
  words: string[],
  fuzzy: Map<string, string[]>,
  lexemeOf: (word: string) => string | null | false | undefined,
): QueryItem[] | undefined {
  const prefixOf = new Map<string, boolean>();
  for (const [i, w] of words.entries()) {
    const last = i === words.length - 1 && w.length >= 2;
    for (const alternative of [w, ...(fuzzy.get(w) ?? [])]) {
      const lexeme = lexemeOf(alternative);
      if (lexeme === false) return undefined;
      if (!lexeme) continue;
      prefixOf.set(lexeme, (prefixOf.get(lexeme) ?? false) || (last && alternative === w));
    }
  }
  return [...prefixOf.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([lexeme, prefix]) => ({ lexeme, prefix }));
}

/** Items as a tsquery literal (cast with ::tsquery: the lexemes are already stems, nothing is normalized again). */
export function itemsToTsQuery(items: QueryItem[]): string {
  return items
    .map((i) => `'${i.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${i.prefix ? ':*' : ''}`)
    .join(' | ');
}

export interface RankedList {
  names: string[];
  deprecated: Set<string>;
  /**
   * Members beyond `names`, with their 1-based rank in the whole list: text matches past the
   * candidate window that are also semantic neighbours, so they fuse with their true text rank.
   */
  beyond?: Map<string, number>;
}

/** A ranking (best first) as fuse() takes it. */
export function rankedList(candidates: { name: string; deprecated: boolean }[]): RankedList {
  return {
    names: candidates.map((c) => c.name),
    deprecated: new Set(candidates.filter((c) => c.deprecated).map((c) => c.name)),
  };
}

export interface FusionParams {
  /** Weight of the text ranking. */
  textWeight: number;
  /** Weight of the semantic ranking; 0 makes hybrid equal text. */
  semanticWeight: number;
  /** RRF's k: larger flattens the difference between ranks. */
  k: number;
  /** Multiplies the fused score of deprecated servers. */
  deprecatedFactor: number;
}

/**
 * Weighted reciprocal rank fusion: score(d) = Σ w_i / (k + rank_i(d)). Ranks, not raw scores,
 * so the two scales never need calibrating against each other; the weights say how much each
 * ranking is trusted (a weak embedder gets a small weight, a strong one a large one).
 */
export function fuse(text: RankedList, semantic: RankedList, p: FusionParams): { name: string; score: number }[] {
  const scores = new Map<string, number>();
  const add = (list: RankedList, w: number) => {
    if (w === 0) return;
    list.names.forEach((name, i) => scores.set(name, (scores.get(name) ?? 0) + w / (p.k + i + 1)));
    for (const [name, rank] of list.beyond ?? []) scores.set(name, (scores.get(name) ?? 0) + w / (p.k + rank));
  };
  add(text, p.textWeight);
  add(semantic, p.semanticWeight);
  const deprecated = new Set([...text.deprecated, ...semantic.deprecated]);
  return [...scores.entries()]
    .map(([name, score]) => ({ name, score: deprecated.has(name) ? score * p.deprecatedFactor : score }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
}

/** Cursors are offsets bound to the query that made them: a cursor from another query is refused. */
export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): number {
  let parsed: { o?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('cursor is not valid: pass nextCursor from a previous response unchanged');
  }
  if (typeof parsed?.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0 || parsed.o > 100_000) {
    throw badCursor('cursor is not valid: pass nextCursor from a previous response unchanged');
  }
  if (parsed.f !== fingerprint) {
    throw badCursor('cursor belongs to a different search (q, mode or filters changed); start again without a cursor');
  }
  return parsed.o;
}

const badCursor = (message: string) => badRequest(message, [{ location: 'query.cursor', message }]);

export function fingerprint(q: SearchQuery, mode: SearchMode): string {
  // The same search however it is spelled: key order, list order and an explicit default mode do not matter.
  const canonical = {
    q: q.q ?? '',
    mode,
    registryType: [...new Set(q.registryType ?? [])].sort(),
    transport: [...new Set(q.transport ?? [])].sort(),
    hasRemote: q.hasRemote ?? null,
    namespace: q.namespace ?? null,
    status: q.status ?? null,
    // Only when given: cursors handed out before `tool=` existed stay valid.
    ...(q.tool !== undefined ? { tool: q.tool } : {}),
  };
  return createHash('sha1').update(JSON.stringify(canonical)).digest('base64url').slice(0, 12);
}

/** A light English stem for highlighting (the ranking itself uses Postgres' Snowball stemmer). */
export function roughStem(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ers', 'er', 'ly', 's']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

/**
 * Postgres' English stop words (its `english.stop`): the `english` text search configuration the
 * ranking uses drops them, so they never make a result match and are not highlighted either.
 */
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them ' +
    'their theirs themselves what which who whom this that these those am is are was were be been being have has had having do does did doing ' +
    'a an the and but if or because as until while of at by for with about against between into through during before after above below to ' +
    'from up down in out on off over under again further then once here there when where why how all any both each few more most other some ' +
    'such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Wraps the words of `text` that match the query (same stem, a fuzzy stand-in, or — for the last
 * query word — a prefix) in <mark>…</mark>, stop words never; everything else is HTML-escaped. Long texts are cut
 * to a window around the first match. Returns undefined when nothing matched.
 */
export function highlight(
  text: string | null,
  words: string[],
  fuzzy: Map<string, string[]>,
  maxLength = 240,
): string | undefined {
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  if (!text || meaningful.length === 0) return undefined;
  const stems = new Set<string>();
  for (const w of meaningful) {
    stems.add(roughStem(w));
    for (const f of fuzzy.get(w) ?? []) stems.add(roughStem(f));
  }
  // Only a last word still being typed is a prefix; a finished stop word ("send email to") is not.
  const last = words[words.length - 1]!;
  const prefix = STOP_WORDS.has(last) ? undefined : last;
  const matches = (token: string) => {
    const t = token.toLowerCase();
    return (
      !STOP_WORDS.has(t) &&
      (stems.has(roughStem(t)) || (prefix !== undefined && prefix.length >= 2 && t.startsWith(prefix)))
    );
  };
  let first = -1;
  const parts: string[] = [];
  let pos = 0;
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    parts.push(escapeHtml(text.slice(pos, m.index)));
    if (matches(m[0])) {
      if (first === -1) first = m.index;
      parts.push(`<mark>${escapeHtml(m[0])}</mark>`);
    } else parts.push(escapeHtml(m[0]));
    pos = m.index + m[0].length;
  }
  parts.push(escapeHtml(text.slice(pos)));
  if (first === -1) return undefined;
  if (text.length <= maxLength) return parts.join('');
  // Too long: highlight again within a window that starts a little before the first match.
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, first - 40)) + 1);
  const window = text.slice(start, start + maxLength);
  const cut =
    window.length < text.length - start
      ? window.slice(0, window.lastIndexOf(' ') > 0 ? window.lastIndexOf(' ') : window.length)
      : window;
  const inner = highlight(cut, words, fuzzy, Number.MAX_SAFE_INTEGER) ?? escapeHtml(cut);
  return `${start > 0 ? '… ' : ''}${inner}${start + cut.length < text.length ? ' …' : ''}`;
}
