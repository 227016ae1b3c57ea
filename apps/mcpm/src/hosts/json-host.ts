import type { Launch } from '../launch';
import { isRecord, type Entry } from './entry-shape';
import { jsonMembers, parseJsonFile, removeMember, setMember, type JsonFormat } from './json-edit';
import { scopedPaths, type ScopedPaths } from './paths';
import { isBlank } from './text';
import type { HostAdapter, HostId } from './types';

/** What distinguishes one "object of servers under a top-level key" host from another. */
export interface JsonHostSpec {
  id: HostId;
  title: string;
  format: JsonFormat;
  paths: ScopedPaths;
  rootKey: string;
  supportsRemote: boolean;
  toEntry(launch: Launch): Entry;
  /** The Launch an entry describes, or undefined when its shape is not one this host uses. */
  fromEntry(entry: Entry): Launch | undefined;
}

export function jsonHost(spec: JsonHostSpec): HostAdapter {
  const { format, rootKey } = spec;
  return {
    id: spec.id,
    title: spec.title,
    format,
    supportsRemote: spec.supportsRemote,
    ...scopedPaths(spec.paths),
    entries(text) {
      if (text === undefined || isBlank(text)) return [];
      return jsonMembers(parseJsonFile(text, format, rootKey)).map(([key, raw]) => ({
        key,
        raw,
        launch: isRecord(raw) ? spec.fromEntry(raw) : undefined,
      }));
    },
    upsert(text, key, launch) {
      const entry = spec.toEntry(launch);
      if (text === undefined || isBlank(text)) return `${JSON.stringify({ [rootKey]: { [key]: entry } }, null, 2)}\n`;
      return setMember(parseJsonFile(text, format, rootKey), key, entry);
    },
    remove(text, key) {
      if (isBlank(text)) return text;
      return removeMember(parseJsonFile(text, format, rootKey), key);
    },
  };
}
