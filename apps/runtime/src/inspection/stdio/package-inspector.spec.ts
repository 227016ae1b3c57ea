import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_INSPECTION_LIMITS } from '@mcp-hub/domain';
import type { PackageFetcher } from '../packages/fetcher';
import { detectSandbox } from '../sandbox/detect';
import { processesMentioning } from '../sandbox/processes.testing';
import { inspectPackage } from './package-inspector';
import { packageCommand } from './package-command';

/**
 * The real @modelcontextprotocol/server-everything, from this workspace's node_modules (pnpm's
 * store is mounted whole, since its dependencies are links within it), in the real sandbox.
 */
const entry = realpathSync(
  path.join(__dirname, '../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
);
const store = entry.slice(0, entry.indexOf('/.pnpm/') + '/.pnpm'.length);
const local: PackageFetcher = { fetch: async () => ({ dir: store, entry: path.relative(store, entry) }) };
const SERVER = { name: 'io.github.modelcontextprotocol/server-everything', version: '2026.8.31' };

describe('inspectPackage', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'inspect-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('lists the tools, resources and prompts of server-everything, run in the sandbox', async () => {
    const token = randomUUID();
    const pkg = {
      registryType: 'npm',
      identifier: '@modelcontextprotocol/server-everything',
      version: '2026.8.31',
      packageArguments: [
        { type: 'positional', value: 'stdio' },
        { type: 'positional', value: token },
      ],
    };
    const o = await inspectPackage(pkg, SERVER, {
      sandbox: await detectSandbox('bwrap'),
      limits: DEFAULT_INSPECTION_LIMITS,
      dataDir,
      fetchers: { npm: local },
    });
    expect(o.reason).toBeUndefined();
    expect(o.status).toBe('ok');
    const c = o.capabilities!;
    expect(c.serverInfo.name).toContain('everything');
    expect(c.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(c.tools.find((t) => t.name === 'echo')?.inputSchema).toMatchObject({
      properties: { message: { type: 'string' } },
    });
    expect(c.resources.length + c.resourceTemplates.length).toBeGreaterThan(0);
    expect(c.prompts.length).toBeGreaterThan(0);
    expect(processesMentioning(token)).toEqual([]);
  });
});

describe('packageCommand', () => {
  it('uses the launch mcpm derives, at every default, without the npx words', () => {
    const pkg = {
      registryType: 'npm',
      identifier: 'some-server',
      version: '1.2.3',
      runtimeArguments: [
        { type: 'named', name: '--yes' },
        { type: 'named', name: '--prefer-offline' },
      ],
      packageArguments: [
        { type: 'positional', valueHint: 'directory', default: '/data' },
        { type: 'named', name: '--port', default: '8080' },
        { type: 'named', name: '--token', isRequired: true },
      ],
      environmentVariables: [
        { name: 'LOG_LEVEL', default: 'info' },
        { name: 'MODE', value: 'fixed' },
        { name: 'API_KEY', isRequired: true, isSecret: true },
      ],
    };
    expect(packageCommand(pkg, { name: 'io.github.x/some', version: '1.2.3' })).toEqual({
      args: ['/data', '--port=8080'],
      env: { LOG_LEVEL: 'info', MODE: 'fixed' },
      missing: ['token', 'API_KEY'],
      notes: ['npx arguments not applied (the bin ran under node directly): --prefer-offline'],
    });
  });
});
