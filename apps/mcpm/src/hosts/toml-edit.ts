import { parse, TomlError } from 'smol-toml';
import { HostFileError } from './types';
import { lineStart, nextLineStart } from './text';

/*
 * TOML has no comment-keeping editor in JS, so tables are edited as text: find the line ranges of
 * every table whose header starts with a given key path, then replace or cut exactly those lines.
 */

export function parseToml(text: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const what = err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error';
    throw new HostFileError(undefined, `invalid TOML at line ${err.line}:${err.column}: ${what}`);
  }
}

/** A key as it must appear in a table header: bare when it can be, else a basic string. */
export function tomlKey(key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return key;
  return `"${key.replace(/[\\"\u0000-\u001f\u007f]/g, escapeChar)}"`;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

function escapeChar(char: string): string {
  return ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

interface Header {
  /** Offsets of the header line: its start, and just past its newline. */
  start: number;
  end: number;
  path: string[];
}

interface Range {
  start: number;
  end: number;
}

/** Every `[table]` and `[[array]]` header, skipping brackets inside strings, comments and arrays. */
function headers(text: string): Header[] {
  const found: Header[] = [];
  let depth = 0;
  let atLineStart = true;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char === '\n') {
      atLineStart = true;
      i++;
    } else if (char === ' ' || char === '\t' || char === '\r') {
      i++;
    } else if (atLineStart && depth === 0 && char === '[') {
      const end = nextLineStart(text, i);
      found.push({ start: lineStart(text, i), end, path: headerPath(text.slice(i, end)) });
      i = end;
    } else {
      atLineStart = false;
      if (char === '[' || char === '{') depth++;
      if (char === ']' || char === '}') depth--;
      i = tokenEnd(text, i);
    }
  }
  return found;
}

/** Where the token at `i` ends: past a string, before the newline of a comment, else one char on. */
function tokenEnd(text: string, i: number): number {
  const char = text[i];
  if (char === '#') {
    const newline = text.indexOf('\n', i);
    return newline === -1 ? text.length : newline;
  }
  if (char !== '"' && char !== "'") return i + 1;
  const delimiter = text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
  let j = i + delimiter.length;
  while (j < text.length) {
    if (char === '"' && text[j] === '\\') j += 2;
    else if (text.startsWith(delimiter, j)) break;
    else j++;
  }
  j += delimiter.length;
  // A multi-line string may end in up to two quotes of its own, right before the delimiter.
  while (delimiter.length === 3 && text[j] === char) j++;
  return j;
}

/** The key path of a header line, decoded by the TOML parser itself (quotes, escapes, dots). */
function headerPath(line: string): string[] {
  const path: string[] = [];
  let node: unknown = parse(line);
  for (;;) {
    if (Array.isArray(node)) node = node.at(-1);
    const keys = Object.keys(node as object);
    const [key] = keys;
    if (keys.length !== 1 || key === undefined) return path;
    path.push(key);
    node = (node as Record<string, unknown>)[key];
  }
}

/**
 * Where a table's own lines end: before the comments that lead into the next table and before
 * blank lines, so cutting the table leaves its neighbours and their comments alone.
 */
function contentEnd(text: string, from: number, nextHeader: number | undefined): number {
  const lines = text.slice(from, nextHeader ?? text.length).split(/(?<=\n)/);
  if (nextHeader !== undefined) while (/^[ \t]*#/.test(lines.at(-1) ?? '')) lines.pop();
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return from + lines.join('').length;
}

/** Line ranges of the tables under `prefix` (the table and its sub-tables), merged when adjacent. */
export function tableRanges(text: string, prefix: readonly string[]): Range[] {
  const all = headers(text);
  const ranges: Range[] = [];
  all.forEach((header, index) => {
    if (!prefix.every((key, i) => header.path[i] === key)) return;
    const end = contentEnd(text, header.end, all[index + 1]?.start);
    const previous = ranges.at(-1);
    if (previous && text.slice(previous.end, header.start).trim() === '') previous.end = end;
    else ranges.push({ start: header.start, end });
  });
  return ranges;
}

/** Cuts the ranges, each with one neighbouring blank line so no double gap is left behind. */
export function cutRanges(text: string, ranges: readonly Range[]): string {
  let result = text;
  for (const { start, end } of [...ranges].reverse()) {
    let before = result.slice(0, start);
    let after = result.slice(end);
    const blankAfter = /^[ \t]*\r?\n/.exec(after);
    if (blankAfter) after = after.slice(blankAfter[0].length);
    else if (after.trim() === '' && result.endsWith('\n')) before = before.replace(/(^|\n)[ \t]*\r?\n$/, '$1');
    // The last table of a file without a final newline: what was before it ends the file now.
    else if (after === '') before = before.trimEnd();
    result = before + after;
  }
  return result;
}

/** Puts `tables` where the first range under `prefix` is (dropping the others), or appends them. */
export function putTables(text: string, prefix: readonly string[], tables: string, eol: string): string {
  const [first, ...rest] = tableRanges(text, prefix);
  if (!first) {
    if (text === '') return tables;
    if (text.endsWith('\n')) return text + eol + tables;
    // Keep the file's style of having no final newline.
    return text + eol + eol + tables.slice(0, -eol.length);
  }
  const kept = cutRanges(text, rest);
  return kept.slice(0, first.start) + tables + kept.slice(first.end);
}
