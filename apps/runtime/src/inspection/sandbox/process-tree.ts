import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunCgroups } from './cgroup';
import type { Exit, SandboxedProcess } from './sandbox';

/**
 * Enters each cgroup.procs file given as a leading argument, then execs the rest: the shell moves
 * itself into the run's cgroups before the server (or bubblewrap) exists, so nothing it starts can
 * escape the limits or the final sweep. (PWD is the shell's own addition to the environment.)
 */
const ENTER_CGROUPS =
  'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; unset PWD; exec "$@"';

export interface TreeOptions {
  command: string;
  args: string[];
  /** The environment of the started process itself (for bubblewrap: only what it needs to run; it clears the rest). */
  env: Record<string, string>;
  cwd?: string;
  cgroups?: RunCgroups;
  /**
   * kill() ends the leader's descendants before the leader, which exits once they are gone (a
   * monitor such as bubblewrap's outer process).
   */
  spareLeader?: boolean;
}

/**
 * Starts a process in its own process group (and the run's cgroups, when given) and returns the
 * handle whose kill() SIGKILLs the group, then sweeps the cgroups until empty and removes them.
 */
export function startTree(o: TreeOptions): SandboxedProcess {
  const [command, args]: [string, string[]] = o.cgroups
    ? [
        '/bin/sh',
        ['-c', ENTER_CGROUPS, 'sh', String(o.cgroups.procsFiles.length), ...o.cgroups.procsFiles, o.command, ...o.args],
      ]
    : [o.command, o.args];
  const child = spawn(command, args, {
    env: o.env as NodeJS.ProcessEnv,
    cwd: o.cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let killed = false;
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, killed }));
    // Not started at all (no such command): report it like a shell would, on stderr and with 127.
    child.once('error', (e) => {
      if (child.pid === undefined) {
        child.stderr.emit('data', Buffer.from(`cannot start ${o.command}: ${e.message}\n`));
        resolve({ code: 127, signal: null, killed });
      }
    });
  }).finally(() => (done = true));
  // A server that closes its stdin early must not crash the Hub with EPIPE.
  child.stdin.on('error', () => undefined);

  let killing: Promise<void> | undefined;
  const kill = () =>
    (killing ??= (async () => {
      killed = true;
      if (o.spareLeader && o.cgroups && !done) {
        // Everything below the leader first: it then exits by itself, having reaped its own child,
        // rather than leaving it to be reaped by the system's init.
        await o.cgroups.killAll(child.pid);
        await Promise.race([exited, sleep(1_000)]);
      }
      // The group may outlive its leader; once the leader is reaped the cgroup sweep is the safe way
      // to reach the rest (its number may be reused by then).
      if (child.pid !== undefined && (!done || !o.cgroups)) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
      await o.cgroups?.killAll();
      await exited;
      await o.cgroups?.remove();
    })());

  return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, kill };
}
