import fs from 'node:fs';
import { writeFileAtomic } from '../atomic-write';
import { HostFileError } from './types';

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a parent of it is not a directory';
  return err instanceof Error ? err.message : String(err);
}

/** The file's text, or undefined when there is no such file. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HostFileError(file, `cannot read ${file}: ${reason(err)}`);
  }
}

/**
 * Replaces a host's config file with `text` (see `writeFileAtomic`). Host files hold tokens and
 * paths: a file this creates is private, one it replaces keeps its mode. Failures are HostFileErrors.
 */
export function writeHostFile(file: string, text: string, opts: { backup?: boolean } = {}): { backup?: string } {
  try {
    return writeFileAtomic(file, text, { backup: opts.backup });
  } catch (err) {
    throw new HostFileError(file, `cannot write ${file}: ${reason(err)}`);
  }
}
