import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { RunCgroups } from './cgroup';
import { startTree } from './process-tree';
import { SANDBOX_HOME, type Sandbox, type SandboxSpec, type SandboxedProcess } from './sandbox';

export const BWRAP = '/usr/bin/bwrap';
const PRLIMIT = '/usr/bin/prlimit';

/** The few /etc files node and libc read; nothing else of the host's configuration (no resolv.conf: there is no network). */
const ETC = [
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'nsswitch.conf',
  'passwd',
  'group',
  'hosts',
  'ssl',
];
/** Bytes of one file the server may write (its home is on the host's disk) and of its /tmp (in memory, counted in its cgroup). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const TMP_BYTES = 64 * 1024 * 1024;

/**
 * Runs each server under bubblewrap: every namespace unshared (so no network but its own loopback,
 * no view of the Hub's processes), an unprivileged uid with no capabilities, a read-only system,
 * the package read-only, a private /tmp and HOME, dying with the Hub. Memory and tasks are capped
 * by a cgroup per run (where cgroups are writable), CPU seconds and file size by prlimit.
 */
export class BubblewrapSandbox implements Sandbox {
  readonly kind = 'bwrap';

  constructor(
    private readonly useCgroups: boolean,
    private readonly bwrap = BWRAP,
  ) {}

  spawn(spec: SandboxSpec): SandboxedProcess {
    const cgroups = this.useCgroups ? RunCgroups.create(spec.limits) : undefined;
    return startTree({
      command: PRLIMIT,
      args: [
        `--cpu=${spec.limits.cpuSeconds}`,
        `--fsize=${MAX_FILE_BYTES}`,
        '--nofile=1024',
        '--core=0',
        '--',
        this.bwrap,
        ...bwrapArgs(spec),
        '--',
        spec.command,
        ...spec.args,
      ],
      env: { PATH: '/usr/bin:/bin' },
      cgroups,
      spareLeader: true,
    });
  }
}

export function bwrapArgs(spec: SandboxSpec): string[] {
  const a = ['--unshare-all', '--unshare-user', '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL'];
  a.push('--die-with-parent', '--new-session', '--hostname', 'sandbox', '--clearenv');
  for (const [k, v] of Object.entries({ ...spec.env, HOME: SANDBOX_HOME })) a.push('--setenv', k, v);
  a.push('--ro-bind', '/usr', '/usr');
  // Merged-/usr systems have /bin, /lib… as symlinks into /usr: recreate them; otherwise bind them.
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) a.push('--symlink', readlinkSync(top), top);
    else a.push('--ro-bind', top, top);
  }
  for (const f of ETC) a.push('--ro-bind-try', `/etc/${f}`, `/etc/${f}`);
  const nodeHome = nodeInstallDir();
  if (nodeHome) a.push('--ro-bind', nodeHome, nodeHome);
  a.push('--proc', '/proc', '--dev', '/dev', '--size', String(TMP_BYTES), '--tmpfs', '/tmp');
  a.push('--bind', spec.writableHome, SANDBOX_HOME);
  for (const m of spec.readOnlyMounts) a.push('--ro-bind', m.host, m.inside);
  // Last: everything not mounted writable above (/etc, /home, the root itself) becomes read-only.
  a.push('--chdir', SANDBOX_HOME, '--remount-ro', '/');
  return a;
}

/** The directory node is installed in when it is outside /usr (nvm, a tarball): bound read-only at the same path. */
function nodeInstallDir(): string | undefined {
  const bin = realpathSync(process.execPath);
  if (bin.startsWith('/usr/')) return undefined;
  return path.dirname(path.dirname(bin));
}
