import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { type TestHub, createTestHub } from '../../../test/harness';
import { type Sandbox, publish, sandbox } from './cli-harness';

/**
 * MCP bundles (.mcpb): downloaded once, refused unless their SHA-256 is the published fileSha256,
 * unpacked, and started from their manifest — a real bundle with a real (dependency-free) stdio
 * MCP server inside, served over HTTP.
 */
const NAME = 'io.github.mcphub-e2e/bundled';

/** A complete MCP server over stdio in plain Node, so the bundle needs no node_modules. */
const SERVER_JS = `
const rl = require('node:readline').createInterface({ input: process.stdin });
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'bundled-hello', version: '1.0.0' } } });
  else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'bundle-hello', description: 'Says hello from ' + (process.env.GREETING_FROM || 'nowhere'), inputSchema: { type: 'object' } }] } });
  else if (m.id !== undefined) send({ jsonrpc: '2.0', id: m.id, result: {} });
});
`;

function bundle(): Uint8Array {
  const manifest = {
    manifest_version: '0.2',
    name: 'bundled-hello',
    version: '1.0.0',
    server: {
      type: 'node',
      entry_point: 'server/index.js',
      mcp_config: { command: 'node', args: ['${__dirname}/server/index.js'], env: { GREETING_FROM: 'a bundle' } },
    },
  };
  return zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), 'server/index.js': strToU8(SERVER_JS) });
}

describe('mcpm and MCP bundles', () => {
  let hub: TestHub;
  let files: http.Server;
  let base: string;
  let box: Sandbox;
  const good = bundle();
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    hub = await createTestHub();
    files = http.createServer((req, res) => {
      if (req.url === '/hello.mcpb') res.end(Buffer.from(good));
      else if (req.url === '/tampered.mcpb') res.end(Buffer.concat([Buffer.from(good), Buffer.from('x')]));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
    const doc = (version: string, file: string) => ({
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: NAME,
      description: 'A bundled server',
      version,
      packages: [
        {
          registryType: 'mcpb',
          identifier: `${base}/${file}`,
          version,
          fileSha256: sha(good),
          transport: { type: 'stdio' },
        },
      ],
    });
    await publish(hub, doc('1.0.0', 'hello.mcpb'));
    await publish(hub, doc('1.0.1', 'tampered.mcpb'));
    box = sandbox(hub.url);
  }, 60_000);
  afterAll(async () => {
    box?.cleanup();
    await new Promise((r) => files?.close(r));
    await hub?.close();
  });

  const installs = async () => {
    const res = await hub.request('GET', '/api/v1/stats/popular?limit=50');
    return (res.body.servers as { name: string; installs: number }[]).find((s) => s.name === NAME)?.installs ?? 0;
  };

  it('installs a bundle checked against fileSha256 and starts it from its manifest', async () => {
    const res = await box.mcpm(['install', `${NAME}@1.0.0`, '--host', 'cursor', '-g'], {
      env: { MCPM_NO_STATS: '', DO_NOT_TRACK: '' },
    });
    expect(res.code).toBe(0);
    // The install was reported to the registry's "most installed" count.
    expect(await installs()).toBe(1);
    const lock = JSON.parse(fs.readFileSync(path.join(box.home, '.mcpm', 'global-lock.json'), 'utf8'));
    expect(lock.servers[NAME].package).toMatchObject({ registryType: 'mcpb', integrity: `sha256-${sha(good)}` });
    expect(fs.existsSync(path.join(box.home, '.mcpm', 'bundles', sha(good), 'manifest.json'))).toBe(true);
    const test = await box.mcpm(['test', NAME, '--host', 'cursor', '-g', '--json']);
    expect(test.code).toBe(0);
    const probe = JSON.parse(test.stdout);
    expect(probe.server).toEqual({ name: 'bundled-hello', version: '1.0.0' });
    expect(probe.tools).toEqual([
      expect.objectContaining({ name: 'bundle-hello', description: 'Says hello from a bundle' }),
    ]);
  });

  it('refuses a bundle whose bytes are not the published ones, writing nothing', async () => {
    const other = sandbox(hub.url);
    try {
      const before = other.snapshot();
      const res = await other.mcpm(['install', `${NAME}@1.0.1`, '--host', 'cursor', '-g']);
      expect(res.code).toBe(11);
      expect(res.stderr.split('\n')[0]).toMatch(
        /tampered\.mcpb is not the published one: its SHA-256 is [0-9a-f]{64}, the registry says/,
      );
      expect(other.snapshot()).toEqual(before);
      expect(await installs()).toBe(1);
    } finally {
      other.cleanup();
    }
  });
});
