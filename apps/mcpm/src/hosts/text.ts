/** Line arithmetic shared by the JSON, TOML and YAML editors, which all splice the original text. */

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line holding `offset` (past its newline, or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Whether only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

export function eolOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `line:column`, both 1-based, of `offset`. */
export function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - lineStart(text, offset) + 1}`;
}

/** A missing or whitespace-only file counts as no file. */
export function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** Replaces `length` characters at `offset` (jsonc-parser's Edit shape). */
export interface Splice {
  offset: number;
  length: number;
  content: string;
}

/** Applies non-overlapping splices (any order) to `text`. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  let result = text;
  for (const s of [...splices].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, s.offset) + s.content + result.slice(s.offset + s.length);
  }
  return result;
}
