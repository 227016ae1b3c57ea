import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HostFileError } from './types';

/** Host files hold tokens and paths; a file we create is private unless it already existed. */
const NEW_FILE_MODE = 0o600;

const BACKUP_SUFFIX = '.mcpm-backup';

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

function statIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Replaces `file` with `text` so that readers (and a crash) see either the old or the new file,
 * never half of one: write a temp file beside it, fsync, rename over. A symlinked file (dotfile
 * managers) is written through to its target so the link survives.
 */
export function writeFileAtomic(file: string, text: string, opts: { backup?: boolean } = {}): { backup?: string } {
  let temp: string | undefined;
  try {
    const existing = statIfExists(file);
    const target = existing ? fs.realpathSync(file) : file;
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    const backup = existing && opts.backup ? `${file}${BACKUP_SUFFIX}` : undefined;
    if (backup) fs.copyFileSync(target, backup);
    temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    writeAndSync(temp, text, existing ? existing.mode & 0o7777 : NEW_FILE_MODE);
    fs.renameSync(temp, target);
    temp = undefined;
    return backup ? { backup } : {};
  } catch (err) {
    if (temp) fs.rmSync(temp, { force: true });
    throw new HostFileError(file, `cannot write ${file}: ${reason(err)}`);
  }
}

function writeAndSync(file: string, text: string, mode: number): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    fs.writeFileSync(fd, text);
    // The umask narrows the mode given to open(); set it exactly.
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
