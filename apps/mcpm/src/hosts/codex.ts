import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'smol-toml';
import type { Launch } from '../launch';
import { isRecord, remoteLaunch, stdioLaunch, type Entry } from './entry-shape';
import { joinPath, scopedPaths } from './paths';
import { eolOf, isBlank } from './text';
import { cutRanges, parseToml, putTables, tableRanges, tomlKey } from './toml-edit';
import { HostFileError, type HostAdapter } from './types';

const ROOT = 'mcp_servers';

/** Codex's entry: plain values in the server's table, maps as its sub-tables. */
function entryParts(launch: Launch): { values: Entry; tables: Record<string, Record<string, string>> } {
  if (launch.kind === 'stdio')
    return { values: { command: launch.command, args: launch.args }, tables: { env: launch.env } };
  // Codex speaks streamable HTTP only, so the transport is not recorded.
  return { values: { url: launch.url }, tables: { http_headers: launch.headers } };
}

function entryValue(launch: Launch): Entry {
  const { values, tables } = entryParts(launch);
  const nonEmpty = Object.entries(tables).filter(([, map]) => Object.keys(map).length > 0);
  return { ...values, ...Object.fromEntries(nonEmpty) };
}

function renderTables(key: string, launch: Launch, eol: string): string {
  const header = `${ROOT}.${tomlKey(key)}`;
  const { values, tables } = entryParts(launch);
  let text = `[${header}]\n${stringify(values).trimEnd()}\n`;
  for (const [name, map] of Object.entries(tables)) {
    if (Object.keys(map).length > 0) text += `[${header}.${tomlKey(name)}]\n${stringify(map).trimEnd()}\n`;
  }
  return text.replace(/\n/g, eol);
}

function servers(doc: Record<string, unknown>): Record<string, unknown> {
  const value = doc[ROOT] ?? {};
  if (!isRecord(value)) throw new HostFileError(undefined, `"${ROOT}" must be a table`);
  return value;
}

/** A document as comparable data: no null prototypes, dates as strings, absent root as empty. */
function comparable(doc: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify({ ...doc, [ROOT]: servers(doc) }));
}

/**
 * The text edit only understands `[mcp_servers.<key>]` tables; a server written with dotted keys
 * or as an inline table would be edited wrongly, so the result is re-parsed and refused if it
 * does not hold exactly the intended data.
 */
function checked(newText: string, expected: Record<string, unknown>, key: string): string {
  let actual: Record<string, unknown> | undefined;
  try {
    actual = parseToml(newText);
  } catch {
    actual = undefined;
  }
  if (actual && isDeepStrictEqual(comparable(actual), comparable(expected))) return newText;
  throw new HostFileError(
    undefined,
    `cannot edit the "${key}" server in place: it is not written as a [${ROOT}.${tomlKey(key)}] table`,
  );
}

function readEntry(entry: Entry): Launch | undefined {
  if (entry.url !== undefined) return remoteLaunch('streamable-http', entry.url, entry.http_headers);
  return stdioLaunch(entry.command, entry.args, entry.env);
}

export const codex: HostAdapter = {
  id: 'codex',
  title: 'Codex CLI',
  format: 'toml',
  supportsRemote: true,
  ...scopedPaths({
    user: (env) => joinPath(env, env.home, '.codex', 'config.toml'),
    project: (env) => joinPath(env, env.cwd, '.codex', 'config.toml'),
  }),
  entries(text) {
    if (text === undefined || isBlank(text)) return [];
    return Object.entries(servers(parseToml(text))).map(([key, raw]) => ({
      key,
      raw,
      launch: isRecord(raw) ? readEntry(raw) : undefined,
    }));
  },
  upsert(text, key, launch) {
    if (text === undefined || isBlank(text)) return renderTables(key, launch, '\n');
    const doc = parseToml(text);
    const eol = eolOf(text);
    const newText = putTables(text, [ROOT, key], renderTables(key, launch, eol), eol);
    return checked(newText, { ...doc, [ROOT]: { ...servers(doc), [key]: entryValue(launch) } }, key);
  },
  remove(text, key) {
    if (isBlank(text)) return text;
    const doc = parseToml(text);
    const { [key]: removed, ...others } = servers(doc);
    if (removed === undefined) return text;
    return checked(cutRanges(text, tableRanges(text, [ROOT, key])), { ...doc, [ROOT]: others }, key);
  },
};
