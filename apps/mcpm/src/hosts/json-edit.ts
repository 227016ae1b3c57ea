import { createScanner, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { HostFileError } from './types';
import { applySplices, eolOf, indentAt, lineStart, nextLineStart, position, startsLine, type Splice } from './text';

/*
 * Edits one member of the object under a top-level key by splicing the original text.
 * jsonc-parser's `modify` re-formats every line an edit touches, which rewrites a neighbouring
 * entry written on one line and turns `{}` into `{\n  }` when the last member goes; splicing by
 * the parse tree's offsets keeps every other byte and makes remove(upsert(F)) === F.
 */

export type JsonFormat = 'json' | 'jsonc';

interface Layout {
  unit: string;
  eol: string;
}

export interface JsonFile {
  text: string;
  rootKey: string;
  /** The object under the root key, when the file has one. */
  servers: Node | undefined;
  root: Node;
}

export function parseJsonFile(text: string, format: JsonFormat, rootKey: string): JsonFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: format === 'json', allowTrailingComma: format === 'jsonc' });
  const [error] = errors;
  if (error) {
    const what = printParseErrorCode(error.error)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    throw new HostFileError(
      undefined,
      `invalid ${format.toUpperCase()} at line ${position(text, error.offset)}: ${what}`,
    );
  }
  if (root?.type !== 'object') throw new HostFileError(undefined, 'expected a JSON object at the top level');
  const servers = member(root, rootKey)?.children?.[1];
  if (servers && servers.type !== 'object') {
    throw new HostFileError(undefined, `"${rootKey}" must be an object (line ${position(text, servers.offset)})`);
  }
  return { text, rootKey, root, servers };
}

/** The entries under the root key, as parsed values, in file order. */
export function jsonMembers(file: JsonFile): Array<[string, unknown]> {
  const value: unknown = file.servers ? getNodeValue(file.servers) : {};
  return Object.entries(value as Record<string, unknown>);
}

export function setMember(file: JsonFile, key: string, value: unknown): string {
  const { text, rootKey, root, servers } = file;
  const layout = layoutOf(file);
  if (!servers) return applySplices(text, insertMember(text, root, rootKey, { [key]: value }, layout));
  const existing = member(servers, key);
  const splices = existing
    ? replaceValue(text, existing, value, layout)
    : insertMember(text, servers, key, value, layout);
  return applySplices(text, splices);
}

export function removeMember(file: JsonFile, key: string): string {
  const existing = file.servers && member(file.servers, key);
  if (!file.servers || !existing) return file.text;
  return applySplices(file.text, deleteMember(file.text, file.servers, existing));
}

/** The property node for `key`; the last one wins, as in JSON.parse. */
function member(object: Node, key: string): Node | undefined {
  return object.children?.filter((property) => property.children?.[0]?.value === key).at(-1);
}

function end(node: Node): number {
  return node.offset + node.length;
}

function layoutOf({ text, root }: JsonFile): Layout {
  const first = root.children?.[0];
  const unit =
    first && startsLine(text, first.offset)
      ? indentAt(text, first.offset).slice(indentAt(text, root.offset).length)
      : '';
  return { unit: unit || '  ', eol: eolOf(text) };
}

/** Whether `property` has its lines to itself: nothing but its comma and a line comment after it. */
function ownsLines(text: string, property: Node): boolean {
  const rest = text.slice(end(property), nextLineStart(text, end(property)));
  return startsLine(text, property.offset) && /^[ \t]*,?[ \t]*(\/\/[^\n]*)?\r?\n?$/.test(rest);
}

/** The offset of the comma right after `node` (comments and whitespace skipped), if there is one. */
function commaAfter(text: string, node: Node): number | undefined {
  const scanner = createScanner(text, true);
  scanner.setPosition(end(node));
  scanner.scan();
  const offset = scanner.getTokenOffset();
  return text[offset] === ',' ? offset : undefined;
}

function render(value: unknown, indent: string, { unit, eol }: Layout): string {
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(eol + indent);
}

function replaceValue(text: string, property: Node, value: unknown, layout: Layout): Splice[] {
  const node = property.children?.[1];
  if (!node) return [];
  const content = startsLine(text, property.offset)
    ? render(value, indentAt(text, property.offset), layout)
    : JSON.stringify(value);
  return [{ offset: node.offset, length: node.length, content }];
}

function insertMember(text: string, object: Node, key: string, value: unknown, layout: Layout): Splice[] {
  const last = object.children?.at(-1);
  if (!last) return insertIntoEmpty(text, object, key, value, layout);
  if (!ownsLines(text, last)) {
    return [{ offset: end(last), length: 0, content: `, ${JSON.stringify(key)}: ${JSON.stringify(value)}` }];
  }
  const indent = indentAt(text, last.offset);
  const line = `${indent}${JSON.stringify(key)}: ${render(value, indent, layout)}`;
  const after = nextLineStart(text, end(last));
  // Follow the object's own style: a trailing comma after the last member stays a trailing comma.
  if (commaAfter(text, last) !== undefined) return [{ offset: after, length: 0, content: `${line},${layout.eol}` }];
  return [
    { offset: end(last), length: 0, content: ',' },
    { offset: after, length: 0, content: line + layout.eol },
  ];
}

function insertIntoEmpty(text: string, object: Node, key: string, value: unknown, layout: Layout): Splice[] {
  const close = end(object) - 1;
  const outer = indentAt(text, object.offset);
  const line = `${outer}${layout.unit}${JSON.stringify(key)}: ${render(value, outer + layout.unit, layout)}`;
  if (startsLine(text, close)) return [{ offset: lineStart(text, close), length: 0, content: line + layout.eol }];
  const inside = text.slice(object.offset + 1, close);
  const keep = inside.trim() === '' ? '' : inside;
  return [{ offset: object.offset + 1, length: inside.length, content: keep + layout.eol + line + layout.eol + outer }];
}

function deleteMember(text: string, object: Node, property: Node): Splice[] {
  const siblings = object.children ?? [];
  const index = siblings.indexOf(property);
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  const trailingComma = next ? undefined : commaAfter(text, property);
  const memberEnd = trailingComma === undefined ? end(property) : trailingComma + 1;
  const inside = { from: object.offset + 1, to: end(object) - 1 };
  if (
    !previous &&
    !next &&
    (text.slice(inside.from, property.offset) + text.slice(memberEnd, inside.to)).trim() === ''
  ) {
    return [{ offset: inside.from, length: inside.to - inside.from, content: '' }];
  }
  if (ownsLines(text, property)) {
    const from = lineStart(text, property.offset);
    const splices = [{ offset: from, length: nextLineStart(text, end(property)) - from, content: '' }];
    const separator = previous && !next && trailingComma === undefined ? commaAfter(text, previous) : undefined;
    if (separator !== undefined) splices.push({ offset: separator, length: 1, content: '' });
    return splices;
  }
  if (next) return [{ offset: property.offset, length: next.offset - property.offset, content: '' }];
  if (previous) return [{ offset: end(previous), length: end(property) - end(previous), content: '' }];
  return [{ offset: property.offset, length: memberEnd - property.offset, content: '' }];
}
