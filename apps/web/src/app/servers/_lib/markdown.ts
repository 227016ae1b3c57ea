/**
 * A small markdown reader for READMEs (CommonMark's common blocks and GitHub's tables,
 * strikethrough and bare links) that yields a tree of plain data, never HTML: the page turns it
 * into React elements, which escape every text. Raw HTML in the markdown is not rendered: tags
 * are dropped (their text stays, except that of script, style and the like), comments vanish.
 * Every URL is resolved and checked here: links may be http(s), mailto or an in-page anchor,
 * images https only; anything else (javascript:, data:, vbscript:, …) becomes plain text.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'em' | 'strong' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'img'; src: string; alt: string }
  | { t: 'br' };

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { t: 'h'; level: 1 | 2 | 3 | 4 | 5 | 6; id: string; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; lang?: string; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'hr' }
  | { t: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] };

export interface MarkdownOptions {
  /** Where relative links point (a folder URL ending in "/"); without it they become text. */
  linkBase?: string;
  /** Where relative images point; without it they are left out. */
  imageBase?: string;
  /** Prefix of heading ids, so a README's anchors never collide with the page's own. */
  idPrefix?: string;
}

/** Deeper nesting (quotes in lists in quotes…) is read as text: a hostile README cannot recurse without bound. */
const MAX_DEPTH = 12;

interface Context {
  opts: MarkdownOptions;
  refs: Map<string, string>;
  ids: Map<string, number>;
}

export function parseMarkdown(markdown: string, opts: MarkdownOptions = {}): Block[] {
  const text = markdown.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD').replace(/\t/g, '    ');
  const lines = text.split('\n');
  const refs = new Map<string, string>();
  const body: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f)
      fence = fence === undefined ? f[1]![0]!.repeat(f[1]!.length) : line.trim().startsWith(fence) ? undefined : fence;
    const def =
      fence === undefined &&
      /^ {0,3}\[([^\]]{1,200})\]:\s*<?([^\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/.exec(line);
    if (def) {
      const key = refKey(def[1]!);
      if (!refs.has(key)) refs.set(key, def[2]!);
    } else body.push(line);
  }
  return blocks(body, { opts, refs, ids: new Map() }, 0);
}

const refKey = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+(.*))?$/;
const HTML_BLOCK = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(\s|\/?>|$)/;
/** Elements whose content is code or data, never text to show: dropped with it (as are comments). */
const RAW_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'template',
  'noscript',
  'textarea',
  'title',
  'svg',
  'math',
]);
const RAW_START = /^ {0,3}<(!--|[A-Za-z][A-Za-z0-9-]*)/;
const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function blocks(lines: string[], ctx: Context, depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  const blank = (l: string | undefined) => l === undefined || l.trim() === '';
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[2]!;
      const indent = fence[1]!.length;
      const code: string[] = [];
      i++;
      while (
        i < lines.length &&
        !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[i]!)
      ) {
        code.push(lines[i]!.replace(new RegExp(`^ {0,${indent}}`), ''));
        i++;
      }
      i++;
      out.push({ t: 'pre', v: code.join('\n'), ...(fence[3] ? { lang: fence[3].slice(0, 40) } : {}) });
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push(heading(atx[1]!.length, atx[2] ?? '', ctx, depth));
      i++;
      continue;
    }
    if (HR.test(line)) {
      out.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !blank(lines[i]) && (QUOTE.test(lines[i]!) || inner.length > 0)) {
        const q = QUOTE.exec(lines[i]!);
        if (!q && startsBlock(lines[i]!)) break;
        inner.push(q ? q[1]! : lines[i]!);
        i++;
      }
      out.push(
        depth < MAX_DEPTH
          ? { t: 'quote', c: blocks(inner, ctx, depth + 1) }
          : { t: 'p', c: inlines(inner.join('\n'), ctx, depth) },
      );
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      const [list, next] = listAt(lines, i, ctx, depth);
      out.push(list);
      i = next;
      continue;
    }
    if (/^ {4}/.test(line)) {
      const code: string[] = [];
      while (
        i < lines.length &&
        (/^ {4}/.test(lines[i]!) || (blank(lines[i]) && /^ {4}/.test(nextFilled(lines, i) ?? '')))
      ) {
        code.push(lines[i]!.slice(4));
        i++;
      }
      out.push({ t: 'pre', v: code.join('\n').replace(/\n+$/, '') });
      continue;
    }
    if (line.includes('|') && TABLE_DELIMITER.test(lines[i + 1] ?? '') && lines[i + 1]!.includes('-')) {
      const head = cells(line);
      const align = cells(lines[i + 1]!).map((c): Align =>
        c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null,
      );
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && !blank(lines[i]) && lines[i]!.includes('|')) {
        const row = cells(lines[i]!);
        rows.push(head.map((_, k) => inlines(row[k] ?? '', ctx, depth)));
        i++;
      }
      out.push({
        t: 'table',
        align: head.map((_, k) => align[k] ?? null),
        head: head.map((h) => inlines(h, ctx, depth)),
        rows,
      });
      continue;
    }
    const raw = RAW_START.exec(line);
    const rawName = raw?.[1]!.toLowerCase();
    if (rawName && (rawName === '!--' || RAW_ELEMENTS.has(rawName))) {
      const close = rawName === '!--' ? '-->' : `</${rawName}`;
      // Skipped up to the line that closes it (or to the end).
      const first = i;
      while (i < lines.length && !lines[i]!.toLowerCase().includes(close, i === first ? line.indexOf('<') + 1 : 0)) i++;
      i++;
      continue;
    }
    if (HTML_BLOCK.test(line)) {
      const html: string[] = [];
      while (i < lines.length && !blank(lines[i])) html.push(lines[i++]!);
      const c = inlines(html.join('\n'), ctx, depth);
      if (c.some((n) => n.t !== 'text' || n.v.trim() !== '')) out.push({ t: 'p', c });
      continue;
    }
    // A paragraph, up to a blank line or the start of another block; a setext underline makes it a heading.
    const para: string[] = [line];
    i++;
    let level: 1 | 2 | undefined;
    while (i < lines.length && !blank(lines[i])) {
      const l = lines[i]!;
      if (/^ {0,3}=+\s*$/.test(l)) level = 1;
      else if (/^ {0,3}-+\s*$/.test(l)) level = 2;
      if (level) {
        i++;
        break;
      }
      if (startsBlock(l)) break;
      para.push(l);
      i++;
    }
    if (level) out.push(heading(level, para.join(' '), ctx, depth));
    else out.push({ t: 'p', c: inlines(para.map((l) => l.replace(/^\s+/, '')).join('\n'), ctx, depth) });
  }
  return out;
}

/** Lines that end a paragraph without a blank line before them. */
function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    ATX.test(line) ||
    HR.test(line) ||
    QUOTE.test(line) ||
    /^ {0,3}([-*+]|1[.)])[ \t]+\S/.test(line) ||
    HTML_BLOCK.test(line)
  );
}

function listAt(lines: string[], start: number, ctx: Context, depth: number): [Block, number] {
  const first = BULLET.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const kind = ordered ? first[2]!.slice(-1) : first[2]!;
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = BULLET.exec(lines[i]!);
    if (!m || (/\d/.test(m[2]!) ? m[2]!.slice(-1) : m[2]!) !== kind || HR.test(lines[i]!)) break;
    const content = m[1]!.length + m[2]!.length + Math.min(Math.max((m[3] ?? ' ').length - (m[4] ?? '').length, 1), 4);
    const item: string[] = [m[4] ?? ''];
    i++;
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '') {
        // A blank line continues the item only if what follows is indented into it.
        const next = nextFilled(lines, i + 1);
        if (next === undefined || indentOf(next) < content) break;
        item.push('');
        i++;
        continue;
      }
      if (indentOf(l) >= content) item.push(l.slice(content));
      else if (BULLET.test(l) || startsBlock(l) || item[item.length - 1] === '') break;
      // A lazy line: it carries on the item's paragraph.
      else item.push(l.trim());
      i++;
    }
    items.push(
      depth < MAX_DEPTH ? blocks(item, ctx, depth + 1) : [{ t: 'p', c: inlines(item.join('\n'), ctx, depth) }],
    );
    while (i < lines.length && lines[i]!.trim() === '' && BULLET.test(nextFilled(lines, i) ?? '')) i++;
  }
  return [{ t: 'list', ordered, start: ordered ? Math.min(Number.parseInt(first[2]!, 10), 1e9) : 1, items }, i];
}

/** The first line from `i` on that is not blank. */
function nextFilled(lines: string[], i: number): string | undefined {
  for (let k = i; k < lines.length; k++) if (lines[k]!.trim() !== '') return lines[k];
  return undefined;
}

const indentOf = (l: string) => l.length - l.trimStart().length;

function cells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  const out: string[] = [];
  let cur = '';
  let code = false;
  for (let k = 0; k < trimmed.length; k++) {
    const ch = trimmed[k]!;
    if (ch === '\\' && trimmed[k + 1] === '|') {
      cur += '|';
      k++;
    } else if (ch === '`') {
      code = !code;
      cur += ch;
    } else if (ch === '|' && !code) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function heading(level: number, raw: string, ctx: Context, depth: number): Block {
  const c = inlines(raw.trim(), ctx, depth);
  const slug =
    plain(c)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'section';
  const seen = ctx.ids.get(slug) ?? 0;
  ctx.ids.set(slug, seen + 1);
  return { t: 'h', level: level as 1, id: `${ctx.opts.idPrefix ?? ''}${seen ? `${slug}-${seen}` : slug}`, c };
}

/** The text of inline nodes, without markup. */
export function plain(nodes: Inline[]): string {
  return nodes
    .map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'img' ? n.alt : n.t === 'br' ? ' ' : plain(n.c)))
    .join('');
}

// Inline: code spans, links and images, autolinks, emphasis, strikethrough, hard breaks;
// HTML tags dropped (a <br> is a break).
const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

function inlines(src: string, ctx: Context, depth: number): Inline[] {
  const out: Inline[] = [];
  let text = '';
  let pairs: Int32Array | undefined;
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  const push = (n: Inline) => {
    flush();
    out.push(n);
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && src[i + 1] === '\n') {
      push({ t: 'br' });
      i += 2;
      continue;
    }
    if (ch === '\\' && PUNCT.test(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      if (/ {2,}$/.test(text)) {
        text = text.replace(/ +$/, '');
        push({ t: 'br' });
      } else text = `${text.replace(/ +$/, '')} `;
      i++;
      continue;
    }
    if (ch === '`') {
      const run = matchAt(/`+/y, src, i)![0];
      const end = src.indexOf(run, i + run.length);
      if (end !== -1 && src[end + run.length] !== '`') {
        const v = src.slice(i + run.length, end).replace(/\n/g, ' ');
        push({ t: 'code', v: /^ .* $/.test(v) && v.trim() ? v.slice(1, -1) : v });
        i = end + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    if (ch === '<') {
      const auto = matchAt(/<((?:https?|mailto):[^\s<>]+)>/iy, src, i);
      if (auto) {
        const href = safeLink(auto[1]!, ctx.opts);
        if (href) push({ t: 'link', href, c: [{ t: 'text', v: auto[1]! }] });
        else text += auto[1];
        i += auto[0].length;
        continue;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i + 4);
        i = end === -1 ? src.length : end + 3;
        continue;
      }
      const tag = matchAt(/<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?\s*\/?>/y, src, i);
      if (tag) {
        const name = tag[1]!.toLowerCase();
        if (name === 'br') push({ t: 'br' });
        i += tag[0].length;
        if (RAW_ELEMENTS.has(name) && !tag[0].startsWith('</') && !tag[0].endsWith('/>')) {
          const end = matchAt(new RegExp(`[\\s\\S]*?</${name}\\s*>`, 'iy'), src, i);
          i = end ? i + end[0].length : src.length;
        }
        continue;
      }
    }
    if ((ch === '!' && src[i + 1] === '[') || ch === '[') {
      const link = linkAt(src, i, ctx, depth, () => (pairs ??= bracketPairs(src)));
      if (link) {
        if (link.node) push(link.node);
        else if (link.fallback) {
          flush();
          out.push(...link.fallback);
        }
        i = link.end;
        continue;
      }
    }
    if ((ch === '*' || ch === '_' || ch === '~') && depth < MAX_DEPTH) {
      const em = emphasisAt(src, i, ctx, depth);
      if (em) {
        push(em.node);
        i = em.end;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'w') && /[\s(]$|^$/.test(src.slice(Math.max(0, i - 1), i))) {
      const bare = matchAt(/(?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,:;"')\]!?*_~]/y, src, i);
      if (bare) {
        const href = safeLink(bare[0].startsWith('www.') ? `https://${bare[0]}` : bare[0], ctx.opts);
        if (href) {
          push({ t: 'link', href, c: [{ t: 'text', v: bare[0] }] });
          i += bare[0].length;
          continue;
        }
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** `[text](url)`, `![alt](src)`, `[text][ref]`, `[ref][]`, `[ref]`; undefined when `[` starts none of them. */
function linkAt(
  src: string,
  at: number,
  ctx: Context,
  depth: number,
  brackets: () => Int32Array,
): { node?: Inline; fallback?: Inline[]; end: number } | undefined {
  const image = src[at] === '!';
  const open = at + (image ? 1 : 0);
  const close = brackets()[open] ?? -1;
  if (close === -1) return undefined;
  const label = src.slice(open + 1, close);
  let url: string | undefined;
  let end = close + 1;
  const inlineUrl = matchAt(
    /\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/y,
    src,
    close + 1,
  );
  if (inlineUrl) {
    url = inlineUrl[1]!.replace(/^<|>$/g, '');
    end = close + 1 + inlineUrl[0].length;
  } else {
    const ref = matchAt(/\[([^\]]*)\]/y, src, close + 1);
    const key = refKey(ref && ref[1] ? ref[1] : label);
    url = ctx.refs.get(key);
    if (url === undefined) return undefined;
    if (ref) end = close + 1 + ref[0].length;
  }
  const inner = depth < MAX_DEPTH ? inlines(label, ctx, depth + 1) : [{ t: 'text' as const, v: label }];
  if (image) {
    const safe = safeImage(url, ctx.opts);
    const alt = plain(inner);
    return safe ? { node: { t: 'img', src: safe, alt }, end } : { fallback: alt ? [{ t: 'text', v: alt }] : [], end };
  }
  const href = safeLink(url, ctx.opts);
  return href ? { node: { t: 'link', href, c: inner }, end } : { fallback: inner, end };
}

/** A sticky match at position `i` (no copy of the rest of the text, so reading stays linear). */
function matchAt(re: RegExp, src: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(src);
}

/** Where each "[" of a text closes (-1: nowhere), found in one pass. */
function bracketPairs(src: string): Int32Array {
  const close = new Int32Array(src.length).fill(-1);
  const stack: number[] = [];
  for (let k = 0; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (c === '[') stack.push(k);
    else if (c === ']' && stack.length > 0) close[stack.pop()!] = k;
  }
  return close;
}

function emphasisAt(src: string, at: number, ctx: Context, depth: number): { node: Inline; end: number } | undefined {
  const ch = src[at]!;
  let runLength = 1;
  while (src[at + runLength] === ch) runLength++;
  const run = { length: runLength };
  const n = ch === '~' ? (run.length === 2 ? 2 : 0) : Math.min(run.length, 2);
  if (n === 0) return undefined;
  const after = src[at + run.length] ?? '';
  const before = src[at - 1] ?? ' ';
  // Opening: not followed by a space; `_` also not inside a word (snake_case stays as it is).
  if (/\s/.test(after) || after === '' || (ch === '_' && /[\p{L}\p{N}]/u.test(before))) return undefined;
  const delimiter = ch.repeat(n);
  let from = at + n;
  for (let tries = 0; tries < 50; tries++) {
    const close = src.indexOf(delimiter, from);
    if (close === -1) return undefined;
    const prev = src[close - 1] ?? ' ';
    const next = src[close + n] ?? ' ';
    const ok =
      close > at + n &&
      !/\s/.test(prev) &&
      (ch !== '_' || !/[\p{L}\p{N}]/u.test(next)) &&
      (n === 2 || next !== ch || src[close + n + 1] === ch);
    if (ok) {
      const inner = inlines(src.slice(at + n, close), ctx, depth + 1);
      return { node: { t: ch === '~' ? 'del' : n === 2 ? 'strong' : 'em', c: inner }, end: close + n };
    }
    from = close + 1;
  }
  return undefined;
}

/**
 * A link target made safe: resolved against the README's folder, then only http(s) and mailto
 * pass; `#anchor` becomes this page's heading id. The URL parser strips the tabs, newlines and
 * control characters browsers ignore too, so "java\nscript:" is seen as what it is.
 */
export function safeLink(raw: string, opts: MarkdownOptions): string | undefined {
  const v = raw.trim();
  if (v.startsWith('#')) {
    const id = v
      .slice(1)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_-]/gu, '');
    return id ? `#${opts.idPrefix ?? ''}${id}` : undefined;
  }
  const url = resolve(v, opts.linkBase);
  return url && ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
}

/** An image source made safe: https only (relative ones from the repository's raw files). */
export function safeImage(raw: string, opts: MarkdownOptions): string | undefined {
  const url = resolve(raw.trim(), opts.imageBase);
  return url && url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined;
}

function resolve(v: string, base: string | undefined): URL | undefined {
  if (!v) return undefined;
  try {
    return base ? new URL(v, base) : new URL(v);
  } catch {
    return undefined;
  }
}
