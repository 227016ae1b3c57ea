import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** The file's mode; default: the mode of the file it replaces, else 0o600 (private). Set exactly, whatever the umask. */
  mode?: number;
  /** With `false` an existing file wins: link() refuses to replace one, and the EEXIST error is thrown for the caller to act on. */
  overwrite?: boolean;
  /** Copy the file it replaces to `<file>.mcpm-backup` first (nothing when there is none). */
  backup?: boolean;
}

const BACKUP_SUFFIX = '.mcpm-backup';

/**
 * mcpm's one way to write a file: a reader (or a crash) sees the old content or the new, never a
 * torn mix. The bytes go to a temp file in the same directory (a rename is only atomic within one
 * filesystem), reach the disk before they are renamed into place, and the temp file is removed
 * whatever step fails. Missing folders are created; a symlinked file (dotfile managers) is written
 * through to its target so the link survives. Errors are thrown as the filesystem gave them.
 */
export function writeFileAtomic(file: string, data: string, opts: AtomicWriteOptions = {}): { backup?: string } {
  const existing = statIfExists(file);
  const target = existing ? fs.realpathSync(file) : file;
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const backup = existing && opts.backup ? `${file}${BACKUP_SUFFIX}` : undefined;
  if (backup) fs.copyFileSync(target, backup);
  const mode = opts.mode ?? (existing ? existing.mode & 0o7777 : 0o600);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let moved = false;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    fs.writeFileSync(fd, data);
    // The umask narrows the mode given to open(); set it exactly.
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (opts.overwrite === false) {
      fs.linkSync(temp, target);
    } else {
      fs.renameSync(temp, target);
      moved = true;
    }
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    if (!moved) removeQuietly(temp);
  }
  syncDirectory(dir);
  return backup ? { backup } : {};
}

function statIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
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
