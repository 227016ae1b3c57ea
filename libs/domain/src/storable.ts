/**
 * What Postgres cannot store, found in a JSON value before it reaches the database: U+0000
 * (refused in text; in json it is kept but every `->>` on the document then fails), a lone UTF-16
 * surrogate (silently turned into U+FFFD in text, so a version would no longer match itself;
 * refused by `->>` in json), or nesting deeper than any real document needs. The request guard (libs/http) and the mirror's
 * check of upstream entries both walk values with this; each words the finding its own way.
 */
export const UNSTORABLE_TEXT = /[\u0000\p{Cs}]/u;

export const MAX_JSON_DEPTH = 64;

export interface Unstorable {
  /** text: a string holds NUL or a lone surrogate; key: a property name does; depth: nesting reaches the limit. */
  kind: 'text' | 'key' | 'depth';
  /** The string's path; for a key, the object holding it; for depth, the value nested too deep. */
  path: string;
}

export interface UnstorableOptions {
  /** Default MAX_JSON_DEPTH. */
  maxDepth?: number;
  /** How a property's path is written (default `parent.key`). */
  keyPath?: (parent: string, key: string) => string;
}

/** The first unstorable part of `value` (depth-first, in document order); the walk stops at the depth limit, so a hostile 100,000-level document costs nothing. */
export function findUnstorable(
  value: unknown,
  path: string,
  options: UnstorableOptions = {},
  depth = 0,
): Unstorable | undefined {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value) ? { kind: 'text', path } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= (options.maxDepth ?? MAX_JSON_DEPTH)) return { kind: 'depth', path };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}[${i}]`, options, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (UNSTORABLE_TEXT.test(key)) return { kind: 'key', path };
    const found = findUnstorable(
      v,
      options.keyPath ? options.keyPath(path, key) : `${path}.${key}`,
      options,
      depth + 1,
    );
    if (found) return found;
  }
  return undefined;
}
