import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxSpec } from './sandbox';

const ROOT = '/sys/fs/cgroup';
const CONTROLLERS = ['pids', 'memory'] as const;

/**
 * Where this process's own cgroup v1 `controller` hierarchy is. Run cgroups nest under it (in an
 * `mcp-hub` parent) rather than under the root, so they stay inside whatever limits the Hub's own
 * container or service manager set, and the Hub's accounting still sees them.
 */
function ownDir(controller: string): string | undefined {
  const mount = path.join(ROOT, controller);
  if (!existsSync(path.join(mount, 'cgroup.procs'))) return undefined;
  let own = '/';
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, names, where] = line.split(':');
      if (names?.split(',').includes(controller) && where) own = where;
    }
  } catch {}
  return path.join(mount, own, 'mcp-hub');
}

/**
 * One run's pids and memory cgroups (v1): the process limits, and the one complete list of what a
 * server started (a forked, re-parented grandchild is still in it), so kill() leaves nothing behind.
 */
export class RunCgroups {
  private constructor(private readonly dirs: string[]) {}

  /** Creates the pair with the limits set, or undefined where cgroups are not writable. */
  static create(limits: SandboxSpec['limits']): RunCgroups | undefined {
    const name = `${process.pid}-${randomUUID().slice(0, 8)}`;
    const dirs: string[] = [];
    try {
      for (const c of CONTROLLERS) {
        const parent = ownDir(c);
        if (!parent) throw new Error(`no ${c} cgroup`);
        const dir = path.join(parent, name);
        mkdirSync(dir, { recursive: true });
        dirs.push(dir);
      }
      const [pids, memory] = dirs as [string, string];
      writeFileSync(path.join(pids, 'pids.max'), String(limits.maxProcesses));
      const bytes = String(limits.memoryMb * 1024 * 1024);
      writeFileSync(path.join(memory, 'memory.limit_in_bytes'), bytes);
      // Swap too, where swap accounting is on; without it the memory limit alone holds.
      try {
        writeFileSync(path.join(memory, 'memory.memsw.limit_in_bytes'), bytes);
      } catch {}
      return new RunCgroups(dirs);
    } catch {
      for (const d of dirs) rmdirQuiet(d);
      return undefined;
    }
  }

  /**
   * Whether run cgroups can be made here (a probe, made and removed). Also removes the empty run
   * cgroups of Hub processes that died without cleaning up (their servers died with them).
   */
  static available(): boolean {
    const probe = RunCgroups.create({ maxProcesses: 8, memoryMb: 64, cpuSeconds: 1 });
    if (!probe) return false;
    probe.removeNow();
    for (const c of CONTROLLERS) {
      const parent = ownDir(c)!;
      for (const leaf of readdirSync(parent, { withFileTypes: true })) {
        const owner = /^(\d+)-/.exec(leaf.name)?.[1];
        if (leaf.isDirectory() && owner && !existsSync(`/proc/${owner}`)) rmdirQuiet(path.join(parent, leaf.name));
      }
    }
    return true;
  }

  /** The files a process writes its pid to, to enter both cgroups (and so take its descendants with it). */
  get procsFiles(): string[] {
    return this.dirs.map((d) => path.join(d, 'cgroup.procs'));
  }

  /**
   * SIGKILLs every process in the run (but `spare`) until none is left: a fork racing the sweep is
   * caught by the next round.
   */
  async killAll(spare?: number): Promise<void> {
    for (let round = 0; round < 200; round++) {
      const pids = this.members().filter((pid) => pid !== spare);
      if (pids.length === 0) return;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      await sleep(10);
    }
  }

  /** Removes the pair once empty; the kernel refuses while a process (or a zombie) is still in one, so retry briefly. */
  async remove(): Promise<void> {
    for (let round = 0; round < 50 && !this.removeNow(); round++) await sleep(20);
  }

  private members(): number[] {
    try {
      return readFileSync(this.procsFiles[0]!, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
        .filter((pid) => pid !== process.pid);
    } catch {
      return [];
    }
  }

  private removeNow(): boolean {
    let all = true;
    for (const d of this.dirs) if (!rmdirQuiet(d)) all = false;
    return all;
  }
}

function rmdirQuiet(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
