import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_INSPECTION_LIMITS } from '@mcp-hub/domain';
import { detectSandbox } from '../sandbox/detect';
import { inspectPackage } from '../stdio/package-inspector';
import { FetchFailed } from './fetcher';
import { NpmFetcher } from './npm-fetcher';

/** Real fetches from the npm registry (the one outside service this machine reaches). */
let dataDir: string;
let cacheDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'npm-fetcher-'));
  cacheDir = path.join(dataDir, 'runtime', 'npm');
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const npm = (identifier: string, version: string) => ({ registryType: 'npm', identifier, version });
const leftovers = () =>
  existsSync(path.join(cacheDir, '.partial')) ? readdirSync(path.join(cacheDir, '.partial')) : [];

describe('NpmFetcher', () => {
  it('fetches @modelcontextprotocol/server-memory from the registry and the sandbox lists its real tools', async () => {
    const sandbox = await detectSandbox('bwrap');
    const server = { name: 'io.github.modelcontextprotocol/server-memory', version: '2026.8.31' };
    const o = await inspectPackage(npm('@modelcontextprotocol/server-memory', '2026.8.31'), server, {
      sandbox,
      limits: DEFAULT_INSPECTION_LIMITS,
      dataDir,
    });
    expect(o.reason).toBeUndefined();
    expect(o).toMatchObject({ status: 'ok', target: 'npm:@modelcontextprotocol/server-memory@2026.8.31' });
    const tools = o.capabilities!.tools;
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes']));
    expect(tools.find((t) => t.name === 'create_entities')?.inputSchema).toMatchObject({
      type: 'object',
      required: ['entities'],
    });
    expect(o.capabilities!.serverInfo.name).toBe('memory-server');
    expect(existsSync(path.join(cacheDir, '@modelcontextprotocol/server-memory@2026.8.31/node_modules'))).toBe(true);
  }, 180_000);

  it('shares one install between concurrent fetches of a version, and resolves the bin', async () => {
    const logged: string[] = [];
    const fetcher = new NpmFetcher({ cacheDir, logger: { log: (m) => logged.push(m), warn: () => undefined } });
    const [a, b] = await Promise.all([
      fetcher.fetch(npm('left-pad', '1.3.0'), '1.3.0').catch((e: Error) => e),
      fetcher.fetch(npm('left-pad', '1.3.0'), '1.3.0').catch((e: Error) => e),
    ]);
    // left-pad has no bin: both calls fail the same way after one install, which stays cached
    expect(a).toEqual(new FetchFailed('left-pad declares no bin in its package.json, so there is nothing to run'));
    expect(b).toEqual(a);
    expect(logged.filter((m) => m.startsWith('fetching'))).toHaveLength(1);
    expect(existsSync(path.join(cacheDir, 'left-pad@1.3.0/node_modules/left-pad/package.json'))).toBe(true);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it('says a package that does not exist was not found, and caches nothing', async () => {
    const name = `@mcp-hub-test-nonexistent/none-${Date.now()}`;
    const fetcher = new NpmFetcher({ cacheDir, registry: 'https://registry.npmjs.org/' });
    await expect(fetcher.fetch(npm(name, '1.0.0'), '1.0.0')).rejects.toThrow(
      `package not found: ${name}@1.0.0 is not in https://registry.npmjs.org/`,
    );
    expect(existsSync(path.join(cacheDir, `${name}@1.0.0`))).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it('says a registry it cannot reach could not be fetched from', async () => {
    const fetcher = new NpmFetcher({ cacheDir, registry: 'http://127.0.0.1:9/', fetchRetries: 0 });
    await expect(fetcher.fetch(npm('left-pad', '1.3.0'), '1.3.0')).rejects.toThrow(
      'could not fetch left-pad@1.3.0 from http://127.0.0.1:9/: ECONNREFUSED',
    );
  }, 60_000);

  it('kills an install that takes too long and leaves no half cache', async () => {
    const fetcher = new NpmFetcher({ cacheDir, timeoutMs: 1 });
    await expect(fetcher.fetch(npm('left-pad', '1.3.0'), '1.3.0')).rejects.toThrow('within 0.001 s');
    expect(existsSync(path.join(cacheDir, 'left-pad@1.3.0'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("refuses names and versions that are not npm's, before any path is made of them", async () => {
    const fetcher = new NpmFetcher({ cacheDir });
    await expect(fetcher.fetch(npm('../../etc', '1.0.0'), '1.0.0')).rejects.toThrow('is not a valid npm package name');
    await expect(fetcher.fetch(npm('left-pad', '../1'), '../1')).rejects.toThrow('is not one release');
    await expect(fetcher.fetch(npm('left-pad', 'latest'), 'latest')).rejects.toThrow('is not one release');
  });
});
