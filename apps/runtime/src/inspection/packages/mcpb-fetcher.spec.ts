import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { DEFAULT_INSPECTION_LIMITS } from '@mcp-hub/domain';
import { detectSandbox, type SandboxChoice } from '../sandbox/detect';
import { processesMentioning } from '../sandbox/processes.testing';
import { inspectPackage } from '../stdio/package-inspector';
import { fromManifest, McpbFetcher } from './mcpb-fetcher';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/hostile');
const text = (s: string) => new TextEncoder().encode(s);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A node bundle whose one tool reports the arguments and environment it was started with. */
function nodeBundle(manifest: object = {}): Uint8Array {
  return zipSync({
    'manifest.json': text(
      JSON.stringify({
        manifest_version: '0.2',
        name: 'reporter',
        server: {
          type: 'node',
          entry_point: 'server/index.js',
          mcp_config: {
            command: 'node',
            args: ['${__dirname}/server/index.js', '--dir=${user_config.dir}', '${user_config.unset}'],
            env: { BUNDLE_X: '${user_config.x}' },
          },
        },
        user_config: {
          dir: { type: 'directory', default: '/home/x' },
          x: { type: 'string', default: 'from-manifest' },
        },
        ...manifest,
      }),
    ),
    server: {
      'index.js': text(
        "const serve = require('./rpc.cjs');\n" +
          "serve(serve.tools([serve.reportTool('report', { argv: process.argv.slice(2), x: process.env.BUNDLE_X })]));\n",
      ),
      'rpc.cjs': readFileSync(path.join(FIXTURES, 'rpc.cjs')),
    },
  });
}

let dataDir: string;
let sandbox: SandboxChoice;
let server: http.Server;
let base: string;
const served = new Map<string, Uint8Array>();

beforeAll(async () => {
  sandbox = await detectSandbox('bwrap');
  server = http.createServer((req, res) => {
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body ? Buffer.from(body) : undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mcpb-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

function serve(bytes: Uint8Array): string {
  const url = `/${randomUUID()}.mcpb`;
  served.set(url, bytes);
  return `${base}${url}`;
}

const cacheDir = () => path.join(dataDir, 'runtime', 'mcpb');
const fetcher = (o: Partial<ConstructorParameters<typeof McpbFetcher>[0]> = {}) =>
  new McpbFetcher({ cacheDir: cacheDir(), allowPrivateNetworks: true, ...o });
const mcpb = (bytes: Uint8Array, extra: object = {}) => ({
  registryType: 'mcpb',
  identifier: serve(bytes),
  version: '1.0.0',
  fileSha256: sha256(bytes),
  ...extra,
});

describe('McpbFetcher', () => {
  it("downloads, checks and unpacks a node bundle, and the sandbox runs its entry with the manifest's words", async () => {
    const bytes = nodeBundle();
    const token = randomUUID();
    const pkg = mcpb(bytes, { packageArguments: [{ type: 'positional', value: token }] });
    const o = await inspectPackage(
      pkg,
      { name: 'io.github.test/bundle', version: '1.0.0' },
      {
        sandbox,
        limits: DEFAULT_INSPECTION_LIMITS,
        dataDir,
        allowPrivateNetworks: true,
      },
    );
    expect(o.status).toBe('ok');
    const report = JSON.parse(o.capabilities!.tools[0]!.description!);
    expect(report).toEqual({ argv: ['--dir=/home/x', token], x: 'from-manifest' });
    expect(existsSync(path.join(cacheDir(), sha256(bytes), 'server/index.js'))).toBe(true);
    expect(processesMentioning(token)).toEqual([]);
  });

  it('never unpacks or runs a bundle whose sha256 differs from fileSha256', async () => {
    const pkg = { ...mcpb(nodeBundle()), fileSha256: 'a'.repeat(64) };
    await expect(fetcher().fetch(pkg)).rejects.toThrow(
      `, not the fileSha256 ${'a'.repeat(64)} of the server.json: it was not run`,
    );
    expect(existsSync(path.join(cacheDir(), 'a'.repeat(64)))).toBe(false);
  });

  it('refuses a bundle without fileSha256, and one from a loopback address by default', async () => {
    await expect(fetcher().fetch({ ...mcpb(nodeBundle()), fileSha256: undefined })).rejects.toThrow(
      'no valid fileSha256',
    );
    await expect(fetcher({ allowPrivateNetworks: false }).fetch(mcpb(nodeBundle()))).rejects.toThrow(
      /could not fetch the bundle .*127\.0\.0\.1 is a loopback address/,
    );
  });

  it('stops a download at the size cap', async () => {
    await expect(fetcher({ maxBundleBytes: 100 }).fetch(mcpb(nodeBundle()))).rejects.toThrow('larger than 100 bytes');
  });

  it.each<[string, Zippable, string]>([
    ['a .. path', { '../evil.js': text('x') }, 'the entry "../evil.js" points outside the bundle'],
    ['an absolute path', { '/etc/evil': text('x') }, 'the entry "/etc/evil" points outside the bundle'],
    [
      'a symlink',
      { link: [text('/etc/passwd'), { os: 3, attrs: 0o120777 * 65536 }] },
      '"link" is a symlink or a special file',
    ],
    ['a zip bomb', { 'zeros.bin': new Uint8Array(8 * 1024 * 1024) }, 'it unpacks to more than 1048576 bytes (the cap)'],
    [
      'too many entries',
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, text('x')])),
      '12 entries, more than the cap of 10',
    ],
  ])('refuses %s', async (_, files, reason) => {
    const bytes = zipSync(files);
    const o = fetcher({ unzip: { maxEntries: 10, maxTotalBytes: 1024 * 1024 } }).fetch(mcpb(bytes));
    await expect(o).rejects.toThrow(`the bundle is not a safe zip: ${reason}`);
    expect(existsSync(path.join(cacheDir(), sha256(bytes)))).toBe(false);
    expect(existsSync(path.join(dataDir, 'runtime', 'evil.js'))).toBe(false);
  });

  it('says a python bundle is unsupported', async () => {
    const bytes = zipSync({
      'manifest.json': text(JSON.stringify({ server: { type: 'python', entry_point: 'main.py' } })),
    });
    const o = await inspectPackage(
      mcpb(bytes),
      { name: 'io.github.test/py', version: '1.0.0' },
      {
        sandbox,
        limits: DEFAULT_INSPECTION_LIMITS,
        dataDir,
        allowPrivateNetworks: true,
      },
    );
    expect(o).toMatchObject({
      status: 'unsupported',
      reason: 'python bundles are not inspected: only node bundles run in the sandbox',
    });
  });

  it('reports required user_config without a default as missing', () => {
    const m = {
      server: { type: 'node', entry_point: 'index.js' },
      user_config: { api_key: { required: true }, dir: { required: true, default: '/x' } },
    };
    expect(fromManifest('/d', m)).toEqual({
      dir: '/d',
      entry: 'index.js',
      args: [],
      env: {},
      missingConfig: ['api_key'],
    });
    expect(() => fromManifest('/d', { server: { type: 'node', entry_point: '../x.js' } })).toThrow(
      'no entry_point inside the bundle',
    );
  });
});
