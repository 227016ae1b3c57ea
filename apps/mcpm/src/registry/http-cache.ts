import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write';

export interface CachedResponse {
  url: string;
  /** Which credential read it (a hash), when one did; absent for anonymous reads. */
  auth?: string;
  etag?: string;
  storedAt: string;
  body: string;
}

/** Registry responses on disk, one file per URL, so revalidation (ETag) and --offline work. */
export class HttpCache {
  constructor(readonly dir: string) {}

  private file(url: string, auth: string | undefined): string {
    const key = auth === undefined ? url : `${url}\n${auth}`;
    return path.join(this.dir, 'http', createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json');
  }

  get(url: string, auth?: string): CachedResponse | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.file(url, auth), 'utf8')) as CachedResponse;
      return entry.url === url && entry.auth === auth ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  put(entry: CachedResponse): void {
    const file = this.file(entry.url, entry.auth);
    try {
      writeFileAtomic(file, JSON.stringify(entry), { mode: 0o644 });
    } catch {
      // A cache that cannot be written only costs a refetch.
    }
  }

  /** Removes every cached response; returns how many files and bytes were removed. */
  clean(): { files: number; bytes: number } {
    const dir = path.join(this.dir, 'http');
    let files = 0;
    let bytes = 0;
    for (const name of safeReaddir(dir)) {
      const p = path.join(dir, name);
      bytes += fs.statSync(p).size;
      fs.rmSync(p, { force: true });
      files++;
    }
    return { files, bytes };
  }

  stats(): { files: number; bytes: number } {
    const dir = path.join(this.dir, 'http');
    const names = safeReaddir(dir);
    return { files: names.length, bytes: names.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) };
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
