import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { NotInspectable, type PackageFetcher } from './fetcher';

let engines: Promise<{ uvx: boolean; docker: boolean }> | undefined;

/**
 * PyPI and OCI packages: the Hub would need uvx or a Docker engine on the worker, and a sandboxed
 * runner for each, which it does not have. The status says `unsupported` and which is missing
 * (detected once per process), rather than pretending to have looked.
 */
export class UnrunnableFetcher implements PackageFetcher {
  constructor(private readonly type: 'pypi' | 'oci') {}

  async fetch(): Promise<never> {
    engines ??= detect();
    const found = await engines;
    if (this.type === 'pypi') {
      throw new NotInspectable(
        found.uvx
          ? 'PyPI packages are not inspected yet: uvx is installed, but the Hub has no sandboxed runner for it'
          : 'PyPI packages run with uvx, which is not installed on this Hub, so their capabilities cannot be inspected here',
      );
    }
    throw new NotInspectable(
      found.docker
        ? 'OCI images are not inspected yet: a Docker engine is reachable, but the Hub has no sandboxed runner for it'
        : 'OCI images need a Docker engine, and none is reachable from this Hub, so their capabilities cannot be inspected here',
    );
  }
}

async function detect(): Promise<{ uvx: boolean; docker: boolean }> {
  const docker = await new Promise<boolean>((resolve) =>
    execFile('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 5_000 }, (e, out) =>
      resolve(!e && out.trim() !== ''),
    ),
  );
  return { uvx: onPath('uvx'), docker };
}

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}
