import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { CliError } from '../errors';
import type { StdioLaunch } from '../launch';

/** The launch of an MCP bundle before it is unpacked: `mcpb <url> <sha256> [package args…]`. */
export const BUNDLE_COMMAND = 'mcpb';

export const isBundleLaunch = (l: StdioLaunch) => l.command === BUNDLE_COMMAND;

interface BundleManifest {
  server?: { mcp_config?: { command?: string; args?: string[]; env?: Record<string, string> } };
}

/**
 * Turns a bundle launch into the command inside the bundle: downloads the .mcpb once into
 * `<home>/bundles/<sha256>/`, refuses it unless its SHA-256 is the published fileSha256, unpacks
 * it, and reads `server.mcp_config` from its manifest.json (`${__dirname}` = the unpacked folder).
 */
export async function materializeBundle(launch: StdioLaunch, home: string): Promise<StdioLaunch> {
  const [url, sha256, ...extraArgs] = launch.args;
  if (!url || !sha256 || !/^[0-9a-f]{64}$/.test(sha256))
    throw new CliError(
      'invalid',
      'This MCP bundle entry has no SHA-256 to check it against.',
      'Reinstall the server: mcpm install <name>',
    );
  const dir = path.join(home, 'bundles', sha256);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) await download(url, sha256, dir);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BundleManifest;
  } catch (e) {
    throw new CliError('invalid', `The bundle ${url} has an unreadable manifest.json (${(e as Error).message}).`);
  }
  const config = manifest.server?.mcp_config;
  if (!config?.command)
    throw new CliError(
      'invalid',
      `The bundle ${url} names no command (server.mcp_config.command in manifest.json).`,
      'Tell the publisher; mcpm cannot start it.',
    );
  const fill = (s: string) => s.replaceAll('${__dirname}', dir);
  return {
    kind: 'stdio',
    command: fill(config.command),
    args: [...(config.args ?? []).map(fill), ...extraArgs],
    env: { ...Object.fromEntries(Object.entries(config.env ?? {}).map(([k, v]) => [k, fill(v)])), ...launch.env },
  };
}

async function download(url: string, sha256: string, dir: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new CliError(
      'network',
      `Cannot download the bundle ${url} (${(e as Error).message}).`,
      'Check your network; the bundle is fetched once and kept under ~/.mcpm/bundles.',
    );
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new CliError(
      'integrity',
      `The bundle ${url} is not the published one: its SHA-256 is ${actual}, the registry says ${sha256}.`,
      'Do not run it. Tell the publisher, or pick another version.',
    );
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new CliError('invalid', `The bundle ${url} is not a valid zip archive (${(e as Error).message}).`);
  }
  // Unpack beside the final folder, then rename: a half-unpacked bundle is never used.
  const staging = `${dir}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const [name, data] of Object.entries(files)) {
      const target = path.resolve(staging, name);
      if (!target.startsWith(staging + path.sep))
        throw new CliError('integrity', `The bundle ${url} holds a path outside itself (${name}).`, 'Do not run it.');
      if (name.endsWith('/')) fs.mkdirSync(target, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, data, { mode: 0o755 });
      }
    }
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(staging, dir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (e as NodeJS.ErrnoException).code === 'EEXIST') return; // another process unpacked it first
    throw e;
  }
}
