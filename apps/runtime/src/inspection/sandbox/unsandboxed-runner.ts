import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RunCgroups } from './cgroup';
import { startTree } from './process-tree';
import type { Mount, Sandbox, SandboxSpec, SandboxedProcess } from './sandbox';

/**
 * HUB_RUNTIME_SANDBOX=none (UNSAFE): the server runs as the Hub's own user with the Hub's network
 * and file system. Only its environment is clean, its HOME and /tmp private, its limits those of
 * the sandbox, and kill() still reaches the whole tree (the process group; the run's cgroup where
 * cgroups are writable, which also catches a child that left the group).
 */
export class UnsandboxedRunner implements Sandbox {
  readonly kind = 'none';

  constructor(private readonly useCgroups: boolean) {}

  spawn(spec: SandboxSpec): SandboxedProcess {
    const tmp = path.join(spec.writableHome, '.tmp');
    mkdirSync(tmp, { recursive: true });
    const host = (word: string) => toHostPath(word, spec.readOnlyMounts);
    return startTree({
      command: '/usr/bin/prlimit',
      args: [`--cpu=${spec.limits.cpuSeconds}`, '--core=0', '--', host(spec.command), ...spec.args.map(host)],
      env: { ...spec.env, HOME: spec.writableHome, TMPDIR: tmp },
      cwd: spec.writableHome,
      cgroups: this.useCgroups ? RunCgroups.create(spec.limits) : undefined,
    });
  }
}

/** A path the caller wrote as the sandbox sees it, turned into the host path it is mounted from (there are no mounts here). */
export function toHostPath(word: string, mounts: Mount[]): string {
  for (const m of mounts) {
    if (word === m.inside) return m.host;
    if (word.startsWith(`${m.inside}/`)) return m.host + word.slice(m.inside.length);
  }
  return word;
}
