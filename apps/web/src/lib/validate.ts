/**
 * Checks server.json text as the Hub will on publish (the same rules, from `@mcp-hub/domain`), and
 * says where each problem is in the text: JSON syntax errors by position, schema errors by the
 * line of the field they concern.
 */
import { checkServerJson } from '@mcp-hub/domain';
import { type Node, type ParseError, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';

export interface TextProblem {
  message: string;
  /** `body.packages[0].version`, as the Hub reports it; empty for syntax errors. */
  location: string;
  /** 1-based line and column in the text. */
  line: number;
  column: number;
}

export type TextValidation =
  { ok: true; document: Record<string, unknown>; schemaDate: string } | { ok: false; problems: TextProblem[] };

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in server.json',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

export function validateServerJsonText(text: string): TextValidation {
  if (text.trim() === '')
    return {
      ok: false,
      problems: [{ message: 'paste or upload a server.json document', location: '', line: 1, column: 1 }],
    };
  const lines = lineStarts(text);
  const errors: ParseError[] = [];
  // Strict JSON: no comments, no trailing commas (the Hub's JSON parser accepts neither).
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    return {
      ok: false,
      problems: errors.map((e) => {
        const code = printParseErrorCode(e.error);
        return { message: `JSON syntax: ${SYNTAX_MESSAGES[code] ?? code}`, location: '', ...position(lines, e.offset) };
      }),
    };
  }
  const document = JSON.parse(text) as unknown;
  const result = checkServerJson(document);
  if (result.ok) return { ok: true, document: document as Record<string, unknown>, schemaDate: result.schemaDate };
  return {
    ok: false,
    problems: result.errors.map((e) => ({
      message: e.message,
      location: e.location,
      ...position(lines, offsetOf(tree, e.location)),
    })),
  };
}

/** `body.packages[0].version` → the offset of that value, or of the nearest existing parent. */
function offsetOf(tree: Node, location: string): number {
  const path = parseLocation(location);
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node)
      return n === path.length ? node.offset : node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return 0;
}

export function parseLocation(location: string): (string | number)[] {
  const path: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  const rest = location.replace(/^body/, '');
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    else if (m[3] !== undefined) path.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return path;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
