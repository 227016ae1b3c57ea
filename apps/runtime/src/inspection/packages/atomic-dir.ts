import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Builds that are under way in this process, by final directory: one build per version at a time. */
const building = new Map<string, Promise<void>>();
const STALE_MS = 3_600_000;

/**
 * Makes `finalDir` exist with what `build` puts in a fresh scratch directory, all or nothing: the
 * scratch directory (under `<cacheRoot>/.partial`, the same file system) is renamed into place
 * only once `build` succeeded, so a failed or killed build leaves no half cache. Concurrent calls
 * in this process share one build; another process racing for the same directory loses the
 * rename harmlessly and uses the winner's.
 */
export function buildOnce(
  cacheRoot: string,
  finalDir: string,
  build: (scratch: string) => Promise<void>,
): Promise<void> {
  if (existsSync(finalDir)) return Promise.resolve();
  let run = building.get(finalDir);
  if (!run) {
    run = buildInto(cacheRoot, finalDir, build).finally(() => building.delete(finalDir));
    building.set(finalDir, run);
  }
  return run;
}

async function buildInto(
  cacheRoot: string,
  finalDir: string,
  build: (scratch: string) => Promise<void>,
): Promise<void> {
  const partial = path.join(cacheRoot, '.partial');
  await mkdir(partial, { recursive: true });
  await sweepStale(partial);
  const scratch = path.join(partial, `${process.pid}-${randomUUID()}`);
  await mkdir(scratch);
  try {
    await build(scratch);
    await mkdir(path.dirname(finalDir), { recursive: true });
    try {
      await rename(scratch, finalDir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!(code === 'ENOTEMPTY' || code === 'EEXIST') || !existsSync(finalDir)) throw e;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Scratch directories a crashed process left behind (an hour old: no build takes that long). */
async function sweepStale(partial: string): Promise<void> {
  for (const name of await readdir(partial).catch(() => [])) {
    const dir = path.join(partial, name);
    const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > STALE_MS) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
