import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` to `file` so that a reader (or a crash) sees the old content or the new, never a
 * torn mix: the bytes go to a temp file in the same directory (a rename is only atomic within one
 * filesystem), reach the disk before they are renamed into place, and the temp file is removed
 * whatever step fails. With `overwrite: false` an existing file wins: link() refuses to replace
 * one, and the EEXIST error is thrown for the caller to act on.
 */
export function writeFileAtomic(file: string, data: string, opts: { mode: number; overwrite: boolean }): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let moved = false;
  try {
    fd = fs.openSync(temp, 'wx', opts.mode);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (opts.overwrite) {
      fs.renameSync(temp, file);
      moved = true;
    } else {
      fs.linkSync(temp, file);
    }
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    if (!moved) removeQuietly(temp);
  }
  syncDirectory(dir);
}

/** So the rename itself survives a power cut, not only the file's bytes. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a directory and some filesystems refuse to sync one; the file is in
    // place either way, only its durability across a crash is weaker there.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

// Cleanup must not mask the error that made it necessary.
function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    /* see above */
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* see above */
  }
}
