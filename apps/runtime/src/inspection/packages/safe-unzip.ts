import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Inflate } from 'fflate';
import { FetchFailed, staysInside } from './fetcher';

export interface UnzipCaps {
  maxEntries: number;
  /** Bytes of all files once unpacked, counted as they inflate (the sizes a zip declares may lie). */
  maxTotalBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** Compressed bytes inflated at a time: deflate's ratio tops out near 1:1032, so one step yields at most ~16 MiB. */
const STEP = 16 * 1024;

/**
 * Unpacks a zip (an MCP bundle) into the empty directory `dest`, refusing anything that could reach
 * outside it or exhaust the disk: absolute or `..` paths, symlinks and other special files,
 * encrypted or zip64 entries, more entries or more unpacked bytes than the caps (a zip bomb stops
 * at the cap, mid-inflate). Reads the central directory, where file types live, then each entry's
 * data; fflate only inflates. Integrity is the caller's (the bundle's sha256).
 */
export function unzipSafely(zip: Uint8Array, dest: string, caps: UnzipCaps): void {
  const bad = (why: string) => new FetchFailed(`the bundle is not a safe zip: ${why}`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw bad('no zip directory found');
  const count = u16(end + 10);
  let at = u32(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw bad('zip64 archives are not supported');
  if (count > caps.maxEntries) throw bad(`${count} entries, more than the cap of ${caps.maxEntries}`);

  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || u32(at) !== CENTRAL) throw bad('a damaged zip directory');
    const madeBy = u16(at + 4) >> 8;
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const size = u32(at + 20);
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    const mode = u32(at + 38) >>> 16;
    const local = u32(at + 42);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    at = next;

    if (!staysInside(name.replace(/\/$/, ''))) throw bad(`the entry "${name.slice(0, 200)}" points outside the bundle`);
    const type = madeBy === UNIX ? mode & S_IFMT : 0;
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw bad(`"${name}" is a symlink or a special file`);
    if (flags & 1) throw bad(`"${name}" is encrypted`);
    const target = path.join(dest, name);
    if (name.endsWith('/') || type === S_IFDIR) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (local + 30 > zip.length || u32(local) !== LOCAL) throw bad(`"${name}" has no local header`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + size > zip.length) throw bad(`"${name}" is cut short`);
    const data = zip.subarray(start, start + size);
    if (method !== 0 && method !== 8)
      throw bad(`"${name}" uses compression method ${method} (only stored and deflate are read)`);
    mkdirSync(path.dirname(target), { recursive: true });
    let fd: number;
    try {
      fd = openSync(target, 'wx');
    } catch (e) {
      throw bad(`"${name}" cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // Written as it inflates, so memory holds one step's output, never the file.
    const keep = (chunk: Uint8Array) => {
      total += chunk.length;
      if (total > caps.maxTotalBytes) throw bad(`it unpacks to more than ${caps.maxTotalBytes} bytes (the cap)`);
      writeSync(fd, chunk);
    };
    try {
      if (method === 0) keep(data);
      else {
        const inflate = new Inflate((chunk) => keep(chunk));
        for (let p = 0; p < data.length; p += STEP) inflate.push(data.subarray(p, p + STEP), p + STEP >= data.length);
        if (data.length === 0) inflate.push(new Uint8Array(0), true);
      }
    } catch (e) {
      if (e instanceof FetchFailed) throw e;
      throw bad(`"${name}" does not inflate (${(e as Error).message})`);
    } finally {
      closeSync(fd);
    }
  }
}
