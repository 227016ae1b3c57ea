import { isDeepStrictEqual } from 'node:util';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  type Document,
  type Pair,
  type ToStringOptions,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { isRecord, type Entry } from './entry-shape';
import { applySplices, eolOf, indentAt, lineStart, nextLineStart, position, type Splice } from './text';
import { HostFileError } from './types';

/*
 * Edits one item of a collection under a top-level key: a map keyed by server name (Goose) or a
 * list of maps with a `name` field (Continue). Re-serialising the whole document would re-space
 * comments and re-indent lists all over the file, so the item's lines are spliced into the original
 * text instead. The splice is re-parsed and checked; layouts it cannot handle (flow collections,
 * unusual item placement) fall back to editing the Document and printing it whole.
 */

export interface YamlCollection {
  rootKey: string;
  kind: 'map' | 'seq';
}

interface Layout {
  unit: number;
  indentSeq: boolean;
  eol: string;
}

interface Located {
  doc: Document.Parsed;
  /** The `rootKey: ...` pair, when the file has one. */
  pair: Pair | undefined;
  /** The collection under it; undefined when it is absent, null or an empty `{}`/`[]`. */
  collection: YAMLMap | YAMLSeq | undefined;
  index: number;
}

function parseYaml(text: string): Document.Parsed {
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error) {
    const at = error.linePos?.[0];
    const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new HostFileError(undefined, `invalid YAML${at ? ` at line ${at.line}:${at.col}` : ''}: ${what}`);
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new HostFileError(undefined, 'expected a YAML mapping at the top level');
  return doc;
}

/** The items as [name, parsed value] pairs; list items without a string `name` are skipped. */
export function yamlItems(text: string, spec: YamlCollection): Array<[string, unknown]> {
  const { doc } = locate(text, spec, '');
  const data: unknown = (doc.toJS() as Entry | null)?.[spec.rootKey];
  if (spec.kind === 'map') return isRecord(data) ? Object.entries(data) : [];
  const list: unknown[] = Array.isArray(data) ? data : [];
  return list
    .filter(isRecord)
    .flatMap((item) => (typeof item.name === 'string' ? [[item.name, item] as [string, unknown]] : []));
}

export function upsertYamlItem(text: string, spec: YamlCollection, key: string, value: Entry): string {
  const located = locate(text, spec, key);
  const layout = layoutOf(text);
  const expected = expectedData(located, spec, key, value);
  const spliced = spliceUpsert(text, located, spec, key, value, layout);
  if (spliced !== undefined && holds(spliced, expected)) return spliced;
  return documentUpsert(located, spec, key, value, layout);
}

export function removeYamlItem(text: string, spec: YamlCollection, key: string): string {
  const located = locate(text, spec, key);
  if (located.index < 0) return text;
  const spliced = spliceRemove(text, located, spec);
  if (spliced !== undefined && holds(spliced, expectedData(located, spec, key, undefined))) return spliced;
  located.collection?.items.splice(located.index, 1);
  return located.doc.toString(stringifyOptions(layoutOf(text)));
}

/** A fresh file holding just this item, after any fields the host requires at the top. */
export function freshYaml(spec: YamlCollection, key: string, value: Entry, header: Entry = {}): string {
  return stringify(
    { ...header, [spec.rootKey]: spec.kind === 'map' ? { [key]: value } : [value] },
    stringifyOptions(layoutOf('')),
  );
}

function locate(text: string, spec: YamlCollection, key: string): Located {
  const doc = parseYaml(text);
  const root = doc.contents as YAMLMap.Parsed | null;
  const pair = root?.items.find((p) => isScalar(p.key) && p.key.value === spec.rootKey);
  const value = pair?.value;
  const isEmpty = value === null || value === undefined || (isScalar(value) && value.value === null);
  const collection = isEmpty
    ? undefined
    : spec.kind === 'map'
      ? isMap(value)
        ? value
        : null
      : isSeq(value)
        ? value
        : null;
  if (collection === null) {
    const line = isNode(value) && value.range ? ` (line ${position(text, value.range[0])})` : '';
    throw new HostFileError(
      undefined,
      `"${spec.rootKey}" must be a ${spec.kind === 'map' ? 'mapping' : 'list'}${line}`,
    );
  }
  const items: readonly unknown[] = collection?.items ?? [];
  const index = items.findIndex((item) => itemName(item) === key);
  return { doc, pair, collection: collection?.items.length ? collection : undefined, index };
}

function itemName(item: unknown): string | undefined {
  if (isPair(item)) return isScalar(item.key) ? String(item.key.value) : undefined;
  const name = isMap(item) ? item.get('name') : undefined;
  return typeof name === 'string' ? name : undefined;
}

function layoutOf(text: string): Layout {
  const unit = /^( +)[^\s#]/m.exec(text)?.[1]?.length ?? 2;
  // `key:` followed by `- item` at the same indentation is the unindented list style (Goose's own).
  const indentSeq = !/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);
  return { unit, indentSeq, eol: eolOf(text) };
}

function stringifyOptions({ unit, indentSeq }: Layout): ToStringOptions {
  return { indent: unit, indentSeq, lineWidth: 0 };
}

/** The data the edited file must parse to. */
function expectedData({ doc, index }: Located, spec: YamlCollection, key: string, value: Entry | undefined): Entry {
  const data = (doc.toJS() as Entry | null) ?? {};
  const current = data[spec.rootKey];
  if (spec.kind === 'map') {
    const { [key]: _replaced, ...others } = isRecord(current) ? current : {};
    return { ...data, [spec.rootKey]: value === undefined ? others : { ...others, [key]: value } };
  }
  const list: unknown[] = Array.isArray(current) ? [...current] : [];
  if (value === undefined) list.splice(index, 1);
  else if (index >= 0) list[index] = value;
  else list.push(value);
  return { ...data, [spec.rootKey]: list };
}

function holds(text: string, expected: Entry): boolean {
  const doc = parseDocument(text);
  return doc.errors.length === 0 && isDeepStrictEqual(doc.toJS(), expected);
}

/** An item's whole lines: from the start of its first line to past the newline of its last. */
function itemLines(text: string, item: unknown): { start: number; end: number } | undefined {
  const first = isPair(item) ? item.key : item;
  const last = isPair(item) ? (item.value ?? item.key) : item;
  if (!isNode(first) || !isNode(last) || !first.range || !last.range) return undefined;
  const nodeEnd = last.range[2];
  return {
    start: lineStart(text, first.range[0]),
    end: text[nodeEnd - 1] === '\n' ? nodeEnd : nextLineStart(text, nodeEnd),
  };
}

function renderItem(spec: YamlCollection, key: string, value: Entry, indent: string, layout: Layout): string {
  const block = stringify(spec.kind === 'map' ? { [key]: value } : [value], stringifyOptions(layout));
  const lines = block.split('\n').slice(0, -1);
  return lines.map((line) => (line === '' ? line : indent + line) + layout.eol).join('');
}

function endsUnterminated(text: string, end: number): boolean {
  return end === text.length && text !== '' && !text.endsWith('\n');
}

/**
 * Puts whole lines in place of the lines [start, end). A file without a final newline keeps
 * lacking one, so that cutting the same lines out again restores it exactly.
 */
function spliceLines(text: string, start: number, end: number, lines: string, eol: string): Splice {
  if (!endsUnterminated(text, end)) return { offset: start, length: end - start, content: lines };
  const body = lines.slice(0, -eol.length);
  return { offset: start, length: end - start, content: start === end ? eol + body : body };
}

/** Cuts the lines [start, end); at the end of a file without a final newline, with the newline before them. */
function cutLines(text: string, start: number, end: number): Splice {
  const from =
    endsUnterminated(text, end) && start > 0 ? start - (text.slice(0, start).endsWith('\r\n') ? 2 : 1) : start;
  return { offset: from, length: end - from, content: '' };
}

function colonAfterKey(text: string, pair: Pair): number | undefined {
  return isNode(pair.key) && pair.key.range ? text.indexOf(':', pair.key.range[1]) : undefined;
}

function spliceUpsert(
  text: string,
  located: Located,
  spec: YamlCollection,
  key: string,
  value: Entry,
  layout: Layout,
): string | undefined {
  const { doc, pair, collection, index } = located;
  if (collection?.flow) return undefined;
  const items: readonly unknown[] = collection?.items ?? [];
  const existing = items[index];
  if (existing !== undefined) {
    const lines = itemLines(text, existing);
    if (!lines) return undefined;
    const content = renderItem(spec, key, value, indentAt(text, lines.start), layout);
    return applySplices(text, [spliceLines(text, lines.start, lines.end, content, layout.eol)]);
  }
  const [first, last] = [items[0], items.at(-1)].map((item) =>
    item === undefined ? undefined : itemLines(text, item),
  );
  if (items.length > 0) {
    if (!first || !last) return undefined;
    const content = renderItem(spec, key, value, indentAt(text, first.start), layout);
    return applySplices(text, [spliceLines(text, last.end, last.end, content, layout.eol)]);
  }
  if (pair) return fillEmpty(text, pair, spec, key, value, layout);
  if (isMap(doc.contents) && doc.contents.flow) return undefined;
  const block = stringify(
    { [spec.rootKey]: spec.kind === 'map' ? { [key]: value } : [value] },
    stringifyOptions(layout),
  );
  return applySplices(text, [
    spliceLines(text, text.length, text.length, block.replace(/\n/g, layout.eol), layout.eol),
  ]);
}

/** `rootKey:` / `rootKey: {}` / `rootKey: []` becomes `rootKey:` followed by the item's lines. */
function fillEmpty(
  text: string,
  pair: Pair,
  spec: YamlCollection,
  key: string,
  value: Entry,
  layout: Layout,
): string | undefined {
  const colon = colonAfterKey(text, pair);
  if (colon === undefined) return undefined;
  const valueEnd = isNode(pair.value) && pair.value.range ? pair.value.range[1] : colon + 1;
  const keyIndent = indentAt(text, colon);
  const indent = spec.kind === 'seq' && !layout.indentSeq ? keyIndent : keyIndent + ' '.repeat(layout.unit);
  const after = nextLineStart(text, valueEnd);
  return applySplices(text, [
    { offset: colon + 1, length: valueEnd - colon - 1, content: '' },
    spliceLines(text, after, after, renderItem(spec, key, value, indent, layout), layout.eol),
  ]);
}

function spliceRemove(text: string, { pair, collection, index }: Located, spec: YamlCollection): string | undefined {
  const item: unknown = collection?.items[index];
  const lines = item !== undefined && !collection?.flow ? itemLines(text, item) : undefined;
  if (!pair || !collection || !lines) return undefined;
  const cut = cutLines(text, lines.start, lines.end);
  if (collection.items.length > 1) return applySplices(text, [cut]);
  const colon = colonAfterKey(text, pair);
  if (colon === undefined || colon >= cut.offset) return undefined;
  // An emptied collection stays as `{}` / `[]` so the key keeps its type.
  const empty = spec.kind === 'map' ? ' {}' : ' []';
  return applySplices(text, [
    {
      offset: colon + 1,
      length: cut.offset + cut.length - colon - 1,
      content: empty + text.slice(colon + 1, cut.offset),
    },
  ]);
}

function documentUpsert(
  { doc, collection, index }: Located,
  spec: YamlCollection,
  key: string,
  value: Entry,
  layout: Layout,
): string {
  const node = doc.createNode(value);
  if (!collection) doc.set(spec.rootKey, doc.createNode(spec.kind === 'map' ? { [key]: value } : [value]));
  else if (isMap(collection)) collection.set(key, node);
  else if (index >= 0) collection.items[index] = node;
  else collection.add(node);
  return doc.toString(stringifyOptions(layout));
}
