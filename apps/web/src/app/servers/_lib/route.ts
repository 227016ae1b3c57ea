/**
 * `[ns, name]` or `[ns, name, 'versions', v]`, or the same with `ns/name` as one segment (how
 * serverHref links a name with a "." or ".." part); anything else is not a server page.
 */
export function parseServerPath(path: string[]): { name: string; version?: string } | undefined {
  let p: string[];
  try {
    p = path.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const oneSegment = p[0]?.includes('/') ?? false;
  if (!oneSegment && p.length < 2) return undefined;
  const name = oneSegment ? p[0]! : `${p[0]}/${p[1]}`;
  const after = p.slice(oneSegment ? 1 : 2);
  if (after.length === 0) return { name };
  if (after.length === 2 && after[0] === 'versions') return { name, version: after[1] };
  return undefined;
}
