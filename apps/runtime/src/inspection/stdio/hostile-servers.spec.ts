import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_INSPECTION_LIMITS, type InspectionLimits, type StoredPackage } from '@mcp-hub/domain';
import type { PackageFetcher } from '../packages/fetcher';
import { detectSandbox, type SandboxChoice } from '../sandbox/detect';
import { processesMentioning } from '../sandbox/processes.testing';
import { inspectPackage } from './package-inspector';

/**
 * The hostile servers of issue 19, each a few lines of node speaking JSON-RPC by hand, run in the
 * real bubblewrap sandbox as if they were a fetched npm package. Each must end in a clean status
 * and leave no process behind (every run carries a unique token in its command line).
 */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/hostile');
const SERVER = { name: 'io.github.test/hostile', version: '1.0.0' };

let sandbox: SandboxChoice;
let dataDir: string;

beforeAll(async () => {
  sandbox = await detectSandbox('bwrap');
  if (sandbox.kind === 'unavailable') throw new Error(sandbox.reason);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hostile-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function inspect(
  entry: string,
  o: { limits?: Partial<InspectionLimits>; pkg?: Partial<StoredPackage>; args?: string[] } = {},
) {
  const token = randomUUID();
  const fixture: PackageFetcher = { fetch: async () => ({ dir: FIXTURES, entry, args: [...(o.args ?? []), token] }) };
  const pkg = { registryType: 'npm', identifier: 'hostile-fixture', version: '1.0.0', ...o.pkg };
  const outcome = await inspectPackage(pkg, SERVER, {
    sandbox,
    limits: { ...DEFAULT_INSPECTION_LIMITS, ...o.limits },
    dataDir,
    fetchers: { npm: fixture },
  });
  expect(processesMentioning(token)).toEqual([]);
  return outcome;
}

const reportOf = (outcome: Awaited<ReturnType<typeof inspect>>) =>
  JSON.parse(outcome.capabilities?.tools.find((t) => t.name === 'report')?.description ?? 'null');

describe('hostile stdio servers', () => {
  it('a server that hangs forever ends in timeout', async () => {
    const o = await inspect('hang.cjs', { limits: { timeoutMs: 2_000 } });
    expect(o.status).toBe('timeout');
    expect(o.reason).toContain('did not finish within 2 s, stuck in the handshake (it never answered initialize)');
  });

  it('a server that exits at once fails with its exit code and last stderr lines', async () => {
    const o = await inspect('exit-at-once.cjs');
    expect(o).toMatchObject({ status: 'failed', transport: 'stdio', target: 'npm:hostile-fixture@1.0.0' });
    expect(o.reason).toBe(
      'the server exited with code 3 before the handshake. Its last stderr lines: starting | fatal: no FIXTURE_API_KEY set',
    );
  });

  it('… and needs-config when a required environment variable has no default', async () => {
    const env = [{ name: 'FIXTURE_API_KEY', isRequired: true, isSecret: true }, { name: 'OPTIONAL_ONE' }];
    const o = await inspect('exit-at-once.cjs', { pkg: { environmentVariables: env } });
    expect(o.status).toBe('needs-config');
    expect(o.missingConfig).toEqual(['FIXTURE_API_KEY']);
    expect(o.reason).toContain('it needs FIXTURE_API_KEY, which has no default');
  });

  it('… and passes a default on to the server (then it is a plain failure)', async () => {
    const env = [{ name: 'FIXTURE_API_KEY', isRequired: true, default: 'not-a-real-key' }];
    const o = await inspect('exit-at-once.cjs', { pkg: { environmentVariables: env } });
    expect(o.status).toBe('failed');
    expect(o.reason).toContain('fatal: bad FIXTURE_API_KEY set');
  });

  it('answers that are not MCP fail, saying what the server wrote instead', async () => {
    const o = await inspect('bad-jsonrpc.cjs');
    expect(o.status).toBe('failed');
    expect(o.reason).toMatch(/^the server's answers are not valid MCP: .*protocolVersion/s);
    expect(o.reason).toContain('It wrote 1 line that is not JSON-RPC on stdout (first: "Server starting on stdio...")');
  });

  it('10 MB of garbage on stdout fails at the output cap', async () => {
    const o = await inspect('garbage.cjs');
    expect(o.status).toBe('failed');
    expect(o.reason).toBe('the server wrote more than 8 MiB to stdout (the cap)');
  });

  it('100,000 tools fail at the message cap, or at the tool cap when messages may be that large', async () => {
    expect((await inspect('many-tools.cjs')).reason).toBe('the server sent a message larger than 4 MiB (the cap)');
    const roomy = { maxMessageBytes: 64 * 1024 * 1024, maxOutputBytes: 64 * 1024 * 1024 };
    const o = await inspect('many-tools.cjs', { limits: roomy });
    expect(o).toMatchObject({ status: 'failed', reason: 'the server lists more than 1000 tools (the cap)' });
  });

  it('a 5 MB description fails at the message cap, or is cut and noted when messages may be that large', async () => {
    expect((await inspect('big-description.cjs')).status).toBe('failed');
    const roomy = { maxMessageBytes: 16 * 1024 * 1024, maxOutputBytes: 16 * 1024 * 1024 };
    const o = await inspect('big-description.cjs', { limits: roomy });
    expect(o.status).toBe('ok');
    expect(o.capabilities?.tools[0]?.description).toHaveLength(DEFAULT_INSPECTION_LIMITS.maxDescriptionChars);
    expect(o.notes).toEqual([`tool big: description cut from ${5 * 1024 * 1024} to 16384 characters`]);
  });

  it("cannot reach the Hub's Postgres on 127.0.0.1:5432, nor anything outside", async () => {
    // Postgres is up for this test process, so a refusal inside means the sandbox's own network.
    await new Promise<void>((resolve, reject) => net.connect(5432, '127.0.0.1', resolve).on('error', reject).unref());
    const o = await inspect('connect-out.cjs');
    expect(o.status).toBe('ok');
    expect(reportOf(o)).toEqual({ postgres: 'ECONNREFUSED', outside: 'ENETUNREACH' });
  });

  it('cannot write outside its private home', async () => {
    const o = await inspect('write-outside.cjs');
    expect(reportOf(o)).toEqual({
      home: 'written',
      etc: 'EROFS',
      packageDir: 'EROFS',
      work: 'ENOENT',
      root: 'EROFS',
      usr: 'EROFS',
    });
    expect(existsSync(path.join(FIXTURES, 'hostile.txt'))).toBe(false);
    for (const f of ['/work/hostile.txt', '/etc/hostile.txt', '/hostile.txt', '/usr/hostile.txt'])
      expect(existsSync(f)).toBe(false);
  });

  it('a grandchild left behind by a server that exits at once is killed too', async () => {
    const o = await inspect('fork-survivor.cjs', { args: ['exit'] });
    expect(o).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('exited with code 0 before the handshake'),
    });
  });

  it('a detached grandchild that ignores SIGTERM is killed with the server', async () => {
    const o = await inspect('fork-survivor.cjs', { args: ['serve'] });
    expect(o.status).toBe('ok');
    expect(o.capabilities?.tools.map((t) => t.name)).toEqual(['alive']);
  });
});

describe('packages the sandbox does not run', () => {
  it('says why, without fetching anything', async () => {
    const local = await inspect('hang.cjs', {
      pkg: { transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp' } },
    });
    expect(local).toMatchObject({
      status: 'unsupported',
      reason: expect.stringContaining('the sandbox has no network'),
    });
    const pypi = await inspect('hang.cjs', { pkg: { registryType: 'pypi', identifier: 'mcp-server-x' } });
    expect(pypi.reason).toBe(
      'PyPI packages run with uvx, which is not installed on this Hub, so their capabilities cannot be inspected here',
    );
    const oci = await inspect('hang.cjs', { pkg: { registryType: 'oci', identifier: 'ghcr.io/x/y' } });
    expect(oci).toMatchObject({
      status: 'unsupported',
      reason: expect.stringContaining('need a Docker engine, and none is reachable'),
    });
  });

  it('refuses stdio inspection with the reason when there is no sandbox', async () => {
    const o = await inspectPackage({ registryType: 'npm', identifier: 'x', version: '1.0.0' }, SERVER, {
      sandbox: { kind: 'unavailable', reason: 'stdio inspection is off: bubblewrap is not installed' },
      limits: DEFAULT_INSPECTION_LIMITS,
      dataDir,
    });
    expect(o).toMatchObject({ status: 'unsupported', reason: 'stdio inspection is off: bubblewrap is not installed' });
  });
});
