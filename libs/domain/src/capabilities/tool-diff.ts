// Pure and free of Node built-ins: the web's browser bundle imports it (through the domain index).

export interface ToolsDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Which tools were added, removed or changed between two per-tool fingerprints. */
export function diffTools(before: Record<string, string> | undefined, now: Record<string, string>): ToolsDiff {
  const was = before ?? {};
  return {
    added: Object.keys(now).filter((n) => !(n in was)),
    removed: Object.keys(was).filter((n) => !(n in now)),
    changed: Object.keys(now).filter((n) => n in was && was[n] !== now[n]),
  };
}

export function isEmptyDiff(d: ToolsDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
