import type { Launch, RemoteLaunch, StdioLaunch } from '../launch';

/** Helpers for turning host entries back into Launches, and Launches into entries. */

export type Entry = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A missing field reads as empty; a field of the wrong type makes the whole entry unrecognised. */
function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every((entry): entry is [string, string] => typeof entry[1] === 'string')
    ? Object.fromEntries(entries)
    : undefined;
}

export function stdioLaunch(command: unknown, args: unknown, env: unknown): StdioLaunch | undefined {
  const argList = stringList(args);
  const envMap = stringMap(env);
  if (typeof command !== 'string' || command === '' || !argList || !envMap) return undefined;
  return { kind: 'stdio', command, args: argList, env: envMap };
}

export function remoteLaunch(
  transport: RemoteLaunch['transport'],
  url: unknown,
  headers: unknown,
): RemoteLaunch | undefined {
  const headerMap = stringMap(headers);
  if (typeof url !== 'string' || url === '' || !headerMap) return undefined;
  return { kind: 'remote', transport, url, headers: headerMap };
}

export { commandEntry, withMap } from '@mcp-hub/domain';

export function readCommandEntry(entry: Entry): StdioLaunch | undefined {
  return stdioLaunch(entry.command, entry.args, entry.env);
}

/** For hosts that cannot use a remote server directly; the installer must bridge it first. */
export function stdioOnly(hostTitle: string, launch: Launch): StdioLaunch {
  if (launch.kind === 'stdio') return launch;
  throw new Error(`${hostTitle} cannot connect to a remote server directly; bridge it through a stdio command first`);
}
