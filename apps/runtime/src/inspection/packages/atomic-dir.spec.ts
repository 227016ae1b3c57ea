import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildOnce } from './atomic-dir';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'atomic-dir-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));
const partials = () => readdirSync(path.join(root, '.partial'));

describe('buildOnce', () => {
  it('puts nothing in place when the build fails half way', async () => {
    const dir = path.join(root, 'pkg@1.0.0');
    const build = async (scratch: string) => {
      await writeFile(path.join(scratch, 'half'), 'x');
      throw new Error('npm died');
    };
    await expect(buildOnce(root, dir, build)).rejects.toThrow('npm died');
    expect(existsSync(dir)).toBe(false);
    expect(partials()).toEqual([]);
  });

  it('keeps the winner of a race with another process and drops its own copy', async () => {
    const dir = path.join(root, '@scope', 'pkg@1.0.0');
    await buildOnce(root, dir, async (scratch) => {
      await writeFile(path.join(scratch, 'who'), 'loser');
      // the other process renames its finished copy into place first
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'who'), 'winner');
    });
    expect(readFileSync(path.join(dir, 'who'), 'utf8')).toBe('winner');
    expect(partials()).toEqual([]);
  });

  it('builds once for concurrent callers, and not again once in place', async () => {
    const dir = path.join(root, 'pkg@2.0.0');
    let builds = 0;
    const build = async (scratch: string) => {
      builds++;
      await writeFile(path.join(scratch, 'done'), 'x');
    };
    await Promise.all([buildOnce(root, dir, build), buildOnce(root, dir, build), buildOnce(root, dir, build)]);
    await buildOnce(root, dir, build);
    expect(builds).toBe(1);
    expect(existsSync(path.join(dir, 'done'))).toBe(true);
  });
});
