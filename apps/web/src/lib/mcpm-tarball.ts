import 'server-only';
import { statSync } from 'node:fs';

/**
 * mcpm as `npm pack` makes it (apps/mcpm/pack/mcpm.tgz; the Hub passes its path in MCPM_TARBALL),
 * or undefined when this site has none to serve.
 */
export function mcpmTarball(): { path: string; size: number; mtime: Date } | undefined {
  const file = process.env.MCPM_TARBALL;
  if (!file) return undefined;
  try {
    const st = statSync(file);
    return st.isFile() ? { path: file, size: st.size, mtime: st.mtime } : undefined;
  } catch {
    return undefined;
  }
}
