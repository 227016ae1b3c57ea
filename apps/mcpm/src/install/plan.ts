import {
  type InputNeed,
  LaunchError,
  PACKAGE_ORDER,
  type Target,
  deriveLaunch as deriveDomainLaunch,
  installability,
} from '@mcp-hub/domain';
import { CliError } from '../errors';
import { type Launch, vaultRef } from '../launch';
import { BUNDLE_COMMAND } from '../mcp/bundle';
import type { PackageDoc, ServerDoc } from '../registry/client';

// The launch logic itself lives in @mcp-hub/domain, shared with the web app's install snippets.
export { type InputNeed, PACKAGE_ORDER, type Target, needsOf, ociImage } from '@mcp-hub/domain';
export type PackageChoice = (typeof PACKAGE_ORDER)[number];

const RUNTIME_OF: Record<string, string> = { npm: 'npx', pypi: 'uvx', oci: 'docker' };

export interface PickOptions {
  prefer?: PackageChoice;
  platform: NodeJS.Platform;
  arch: string;
  /** Whether a runtime command (npx, uvx, docker) is on PATH. */
  hasCommand(command: string): boolean;
}

/**
 * Picks how to run a server, in the Aileron marketplace order: npm through npx, PyPI through
 * uvx, OCI through docker, an MCP bundle, else a hosted remote. What qualifies at all is the
 * shared rule `installability`; among packages, one whose runtime is installed here beats one
 * whose runtime is missing. A server offering nothing installable (or only an image when docker
 * is missing) fails once, saying why and where its publisher explains running it — never "see
 * the server page", which says "use mcpm". `--package oci` still takes the image without docker.
 */
export function pickTarget(server: ServerDoc, o: PickOptions): { target: Target; notes: string[] } {
  const notes: string[] = [];
  const id = `${server.name}@${server.version}`;
  const found = installability(server, { dockerAvailable: o.prefer === 'oci' ? undefined : o.hasCommand('docker') });
  const candidates = (found.status === 'installable' ? found.targets : []).filter((t) =>
    t.kind === 'remote'
      ? !o.prefer || o.prefer === 'remote'
      : (!o.prefer || o.prefer === t.pkg.registryType) && (t.pkg.registryType !== 'mcpb' || mcpbFits(t.pkg, o)),
  );
  if (candidates.length === 0) {
    if (o.prefer) {
      const offered = [
        ...new Set([
          ...(server.packages ?? []).map(
            (p) =>
              `${p.registryType}${p.transport?.type && p.transport.type !== 'stdio' ? ` (${p.transport.type})` : ''}`,
          ),
          ...((server.remotes ?? []).length ? ['remote'] : []),
        ]),
      ];
      throw new CliError(
        'not_found',
        `${id} has no ${o.prefer} package mcpm can run.`,
        `It offers: ${offered.join(', ') || 'nothing installable'}. Drop --package or pick one of those.`,
      );
    }
    if (found.status === 'needs-docker') {
      throw new CliError(
        'not_found',
        `${id} runs only as a Docker image (${found.image}), and docker is not on PATH here.`,
        `Install Docker (https://docs.docker.com/get-docker/) and run this again, or start it yourself: ${found.command}`,
      );
    }
    if (found.status === 'none')
      throw new CliError(
        'not_found',
        `${id} cannot be installed by mcpm: ${found.reason}`,
        found.link
          ? `How to run it, from its publisher: ${found.link}`
          : 'It names no repository or website that says how to run it.',
      );
    throw new CliError(
      'not_found',
      `${id} has no bundle built for ${o.platform}-${o.arch}.`,
      `Its bundles: ${(server.packages ?? []).map((p) => p.runtimeHint ?? p.identifier).join(', ')}.`,
    );
  }
  const runnable = candidates.find(
    (c) => c.kind === 'remote' || c.pkg.registryType === 'mcpb' || o.hasCommand(RUNTIME_OF[c.pkg.registryType] ?? ''),
  );
  const target = runnable ?? candidates[0]!;
  if (!runnable && target.kind === 'package')
    notes.push(`${RUNTIME_OF[target.pkg.registryType]} is not on PATH; install it before the host starts this server.`);
  return { target, notes };
}

function mcpbFits(p: PackageDoc, o: PickOptions): boolean {
  const hint = `${p.runtimeHint ?? ''} ${p.identifier}`.toLowerCase();
  const os = { darwin: 'darwin', linux: 'linux', win32: 'windows' }[o.platform as string] ?? o.platform;
  const archs = o.arch === 'x64' ? ['amd64', 'x64', 'x86_64'] : o.arch === 'arm64' ? ['arm64', 'aarch64'] : [o.arch];
  const mentionsOs = /darwin|linux|windows|macos|win32/.test(hint);
  if (!mentionsOs) return true;
  return hint.includes(os) || (os === 'darwin' && hint.includes('macos'))
    ? archs.some((a) => hint.includes(a)) || !/amd64|arm64|x64|x86_64|aarch64/.test(hint)
    : false;
}

/**
 * The launch for `target` with `values` filled in. Secret values are replaced by vault references
 * (the caller stores the values); optional inputs without a value are left out.
 */
export function deriveLaunch(
  server: ServerDoc,
  target: Target,
  values: Record<string, string>,
  needs: InputNeed[],
): Launch {
  const secret = new Set(needs.filter((n) => n.isSecret).map((n) => n.id));
  const valueOf = (id: string): string | undefined =>
    values[id] === undefined ? undefined : secret.has(id) ? vaultRef(server.name, id) : values[id];
  try {
    return deriveDomainLaunch(server, target, valueOf, { bundleCommand: BUNDLE_COMMAND });
  } catch (e) {
    if (!(e instanceof LaunchError)) throw e;
    if (e.reason === 'no_sha256')
      throw new CliError(
        'integrity',
        `${server.name}@${server.version}'s bundle has no fileSha256, so it cannot be checked.`,
        'Pick another package with --package, or ask the publisher to add fileSha256.',
      );
    throw new CliError(
      'not_found',
      `mcpm cannot run ${target.kind === 'package' ? target.pkg.registryType : target.remote.type} packages.`,
      'Pick another package with --package.',
    );
  }
}

/**
 * `docker run … image:tag` → `docker run … image:tag@sha256:…`: docker then pulls exactly the
 * locked image even if the tag moves (the tag stays for people reading the entry).
 */
export function pinImage(launch: Launch, image: string, digest: string): Launch {
  if (launch.kind !== 'stdio' || launch.command !== 'docker' || image.includes('@')) return launch;
  return { ...launch, args: launch.args.map((a) => (a === image ? `${image}@${digest}` : a)) };
}

export function targetLabel(t: Target): string {
  return t.kind === 'remote'
    ? `remote ${t.remote.type} ${t.remote.url}`
    : `${t.pkg.registryType} ${t.pkg.identifier}${t.pkg.version ? `@${t.pkg.version}` : ''}`;
}
