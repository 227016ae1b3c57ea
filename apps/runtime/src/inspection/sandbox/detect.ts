import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox, BWRAP } from './bubblewrap-sandbox';
import { RunCgroups } from './cgroup';
import type { RuntimeLogger, Sandbox, SandboxUnavailable } from './sandbox';
import { UnsandboxedRunner } from './unsandboxed-runner';

/** What detectSandbox found: the sandbox to run servers in, or why stdio inspection is refused. */
export type SandboxChoice = Sandbox | SandboxUnavailable;

const TRIAL_WORD = 'sandbox-ok';
const TRIAL_MS = 15_000;

/**
 * The sandbox this process runs servers in (config.runtime.sandbox): bubblewrap when it is
 * installed and a trial run of node inside it works; otherwise stdio inspection is refused with
 * the reason. `none` only when asked for explicitly, with a loud warning.
 */
export async function detectSandbox(
  mode: 'bwrap' | 'none',
  logger?: RuntimeLogger,
  bwrapPath = BWRAP,
): Promise<SandboxChoice> {
  const cgroups = RunCgroups.available();
  if (mode === 'none') {
    logger?.warn(
      'HUB_RUNTIME_SANDBOX=none: published MCP servers run UNSANDBOXED, as this user, with its network and files. ' +
        'Use it only where every inspected server is trusted.',
    );
    return new UnsandboxedRunner(cgroups);
  }
  if (!existsSync(bwrapPath)) {
    return unavailable(
      'bubblewrap is not installed: apt-get install -y bubblewrap, or set HUB_RUNTIME_SANDBOX=none (unsafe)',
    );
  }
  if (!existsSync('/usr/bin/prlimit')) {
    return unavailable(
      'prlimit is not installed (util-linux), so the sandbox cannot cap CPU time: apt-get install -y util-linux',
    );
  }
  if (!cgroups) {
    logger?.warn(
      'cgroup v1 pids/memory controllers are not writable: sandboxed servers get no process cap and their memory is ' +
        "capped only by node's --max-old-space-size (CPU time still by prlimit).",
    );
  }
  const sandbox = new BubblewrapSandbox(cgroups, bwrapPath);
  const failure = await trial(sandbox);
  if (failure) return unavailable(`bubblewrap is installed but cannot start a sandbox here: ${failure}`);
  logger?.log(`stdio servers run under bubblewrap${cgroups ? ' with a cgroup per run' : ''}`);
  return sandbox;
}

function unavailable(reason: string): SandboxUnavailable {
  return { kind: 'unavailable', reason: `stdio inspection is off: ${reason}` };
}

/** Starts node in the sandbox once; returns what went wrong, or undefined when it printed the trial word. */
async function trial(sandbox: Sandbox): Promise<string | undefined> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'mcp-hub-trial-'));
  const proc = sandbox.spawn({
    command: process.execPath,
    args: ['-e', `process.stdout.write('${TRIAL_WORD}')`],
    env: { PATH: '/usr/bin:/bin' },
    readOnlyMounts: [],
    writableHome: home,
    limits: { memoryMb: 256, cpuSeconds: 10, maxProcesses: 64 },
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(0, 200)));
  proc.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-500)));
  const timer = setTimeout(() => void proc.kill(), TRIAL_MS);
  try {
    const exit = await proc.exited;
    if (out === TRIAL_WORD && exit.code === 0) return undefined;
    return exit.killed
      ? `a trial run did not finish within ${TRIAL_MS / 1000} s`
      : `a trial run exited with code ${exit.code}: ${err.trim() || 'no output'}`;
  } finally {
    clearTimeout(timer);
    await proc.kill();
    await rm(home, { recursive: true, force: true });
  }
}
