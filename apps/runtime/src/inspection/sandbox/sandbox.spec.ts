import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { detectSandbox } from './detect';
import { processesMentioning } from './processes.testing';
import type { Sandbox, SandboxSpec, SandboxedProcess } from './sandbox';
import { UnsandboxedRunner } from './unsandboxed-runner';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/hostile');
const LIMITS = { memoryMb: 256, cpuSeconds: 20, maxProcesses: 64 };

let sandbox: Sandbox;
let home: string;
const running: SandboxedProcess[] = [];

beforeAll(async () => {
  const s = await detectSandbox('bwrap');
  if (s.kind === 'unavailable') throw new Error(s.reason);
  sandbox = s;
});
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'sandbox-spec-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill()));
  await rm(home, { recursive: true, force: true });
});

function start(on: Sandbox, spec: Partial<SandboxSpec> & Pick<SandboxSpec, 'args'>): SandboxedProcess {
  const proc = on.spawn({
    command: process.execPath,
    env: { PATH: '/usr/bin:/bin' },
    readOnlyMounts: [{ host: FIXTURES, inside: '/pkg' }],
    writableHome: home,
    limits: LIMITS,
    ...spec,
  });
  running.push(proc);
  return proc;
}

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

/** Resolves once `proc` has written `word` to stderr (the fixture says it started its grandchild). */
function said(proc: SandboxedProcess, word: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    proc.stderr.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(word)) resolve();
    });
  });
}

/** The run cgroups of this test process that still exist. */
function leftoverCgroups(): string[] {
  const parent = path.join('/sys/fs/cgroup/pids', 'mcp-hub');
  return existsSync(parent) ? readdirSync(parent).filter((d) => d.startsWith(`${process.pid}-`)) : [];
}

describe('BubblewrapSandbox', () => {
  it('refuses with the install hint when bubblewrap is missing', async () => {
    const s = await detectSandbox('bwrap', undefined, '/nonexistent/bwrap');
    expect(s).toEqual({ kind: 'unavailable', reason: expect.stringContaining('apt-get install -y bubblewrap') });
    expect(s.kind === 'unavailable' && s.reason).toContain('HUB_RUNTIME_SANDBOX=none (unsafe)');
  });

  it('gives the server exactly the environment asked for, an unprivileged uid, and no network but loopback', async () => {
    const script = `console.log(JSON.stringify({ env: process.env, uid: process.getuid(), nets: Object.keys(require('os').networkInterfaces()), cwd: process.cwd() }))`;
    const proc = start(sandbox, { args: ['-e', script], env: { PATH: '/usr/bin', ONLY: 'this' } });
    const seen = JSON.parse(await text(proc.stdout));
    // PWD is bubblewrap's own, from --chdir
    const env = { PATH: '/usr/bin', ONLY: 'this', HOME: '/home/sandbox', PWD: '/home/sandbox' };
    expect(seen).toEqual({ env, uid: 65534, nets: ['lo'], cwd: '/home/sandbox' });
    expect((await proc.exited).code).toBe(0);
  });

  it('kills a grandchild that left the session, ignores SIGTERM and would outlive its parent', async () => {
    const token = randomUUID();
    const proc = start(sandbox, { args: ['/pkg/fork-survivor.cjs', 'serve', token] });
    await said(proc, 'grandchild started');
    // both node processes (and bubblewrap, whose arguments carry the token too) are alive
    expect(processesMentioning(token).length).toBeGreaterThanOrEqual(3);
    await proc.kill();
    expect(processesMentioning(token)).toEqual([]);
    expect(leftoverCgroups()).toEqual([]);
    expect((await proc.exited).killed).toBe(true);
  });

  it('stops a server at its memory cap', async () => {
    const script = `const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));`;
    const proc = start(sandbox, { args: ['-e', script], limits: { ...LIMITS, memoryMb: 64 } });
    const exit = await proc.exited;
    // bubblewrap reports a signal as 128 + its number: SIGKILL, from the cgroup's OOM killer
    expect(exit.code).toBe(137);
    expect(exit.killed).toBe(false);
  });

  it('stops a server at its process cap', async () => {
    const script = `const { spawn } = require('child_process'); let refused = 0, started = 0;
      for (let i = 0; i < 40; i++) { try { const c = spawn('/bin/sleep', ['30']); c.on('error', () => refused++); started++; } catch { refused++; } }
      setTimeout(() => { console.log(refused); process.exit(0); }, 500);`;
    const proc = start(sandbox, { args: ['-e', script], limits: { ...LIMITS, maxProcesses: 24 } });
    expect(Number(await text(proc.stdout))).toBeGreaterThan(0);
  });

  it('stops a server at its CPU seconds', async () => {
    const proc = start(sandbox, { args: ['-e', 'for (;;) {}'], limits: { ...LIMITS, cpuSeconds: 1 } });
    const exit = await proc.exited;
    expect(exit.killed).toBe(false);
    // SIGKILL at the hard CPU limit
    expect(exit.code).toBe(137);
  });

  it('leaves the package read-only and the host untouched', async () => {
    const script = `const fs = require('fs'); const r = {};
      for (const p of ['/pkg/x', '/etc/x', '/tmp/../etc/y', '/x', '/home/sandbox/ok', '/tmp/ok'])
        try { fs.writeFileSync(p, 'x'); r[p] = 'written'; } catch (e) { r[p] = e.code; }
      console.log(JSON.stringify(r));`;
    const r = JSON.parse(await text(start(sandbox, { args: ['-e', script] }).stdout));
    expect(r).toEqual({
      '/pkg/x': 'EROFS',
      '/etc/x': 'EROFS',
      '/tmp/../etc/y': 'EROFS',
      '/x': 'EROFS',
      '/home/sandbox/ok': 'written',
      '/tmp/ok': 'written',
    });
    expect(readFileSync(path.join(home, 'ok'), 'utf8')).toBe('x');
    expect(existsSync(path.join(FIXTURES, 'x'))).toBe(false);
  });
});

describe('UnsandboxedRunner (HUB_RUNTIME_SANDBOX=none)', () => {
  it('still kills a grandchild that outlived its parent, and gives a private HOME', async () => {
    const none = new UnsandboxedRunner(true);
    const token = randomUUID();
    const proc = start(none, { args: ['/pkg/fork-survivor.cjs', 'exit', token] });
    const exit = await proc.exited;
    expect(exit).toEqual({ code: 0, signal: null, killed: false });
    expect(processesMentioning(token)).toHaveLength(1);
    await proc.kill();
    expect(processesMentioning(token)).toEqual([]);

    const env = JSON.parse(
      await text(start(none, { args: ['-e', 'console.log(JSON.stringify(process.env))'] }).stdout),
    );
    expect(env).toEqual({ PATH: '/usr/bin:/bin', HOME: home, TMPDIR: path.join(home, '.tmp') });
  });
});
