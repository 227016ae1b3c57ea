import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addToManifest, readManifest, requirements } from './manifest';

describe('mcp.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-manifest-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (m: unknown) => {
    const f = path.join(dir, `mcp-${Math.random()}.json`);
    fs.writeFileSync(f, JSON.stringify(m));
    return f;
  };

  it('merges overlapping dev and prod ranges and rejects disjoint ones', () => {
    const f = write({ dependencies: { 'a.b/c': '^1.2.0' }, devDependencies: { 'a.b/c': '>=1.4.0', 'a.b/d': '~2.0' } });
    expect(requirements(readManifest(f), f)).toEqual([
      { name: 'a.b/c', range: '^1.2.0 >=1.4.0', dev: false },
      { name: 'a.b/d', range: '~2.0', dev: true },
    ]);
    expect(requirements(readManifest(f), f, false).map((r) => r.name)).toEqual(['a.b/c']);
    const g = write({ dependencies: { 'a.b/c': '^1' }, devDependencies: { 'a.b/c': '^2' } });
    expect(() => requirements(readManifest(g), g)).toThrow(/no version satisfies both/);
  });

  it('rejects what is not a range, and keeps other fields when adding', () => {
    const bad = write({ dependencies: { 'a.b/c': 'banana' } });
    expect(() => readManifest(bad)).toThrow(/not a version range/);
    const f = write({ name: 'p', version: '1.0.0', scripts: { x: 1 }, devDependencies: { 'a.b/c': '^1' } });
    addToManifest(f, readManifest(f), 'a.b/c', '^1.5.0', false);
    expect(readManifest(f)).toEqual({
      name: 'p',
      version: '1.0.0',
      scripts: { x: 1 },
      devDependencies: {},
      dependencies: { 'a.b/c': '^1.5.0' },
    });
  });
});
