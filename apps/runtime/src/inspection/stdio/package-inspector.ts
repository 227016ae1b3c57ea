import path from 'node:path';
import {
  LaunchError,
  type InspectionLimits,
  type InspectionOutcome,
  type LaunchServer,
  type StoredPackage,
} from '@mcp-hub/domain';
import { FetchFailed, NotInspectable, type PackageFetcher } from '../packages/fetcher';
import { McpbFetcher } from '../packages/mcpb-fetcher';
import { NpmFetcher } from '../packages/npm-fetcher';
import { UnrunnableFetcher } from '../packages/other-runtimes';
import type { SandboxChoice } from '../sandbox/detect';
import type { RuntimeLogger } from '../sandbox/sandbox';
import { packageCommand } from './package-command';
import { runServer } from './run-server';

export interface PackageContext {
  sandbox: SandboxChoice;
  limits: InspectionLimits;
  /** HUB_DATA_DIR: package caches and the servers' private homes live under `runtime/`. */
  dataDir: string;
  /** HUB_NPM_REGISTRY; undefined: npm's own configuration. */
  npmRegistry?: string;
  /** HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS, for bundle downloads. */
  allowPrivateNetworks?: boolean;
  logger?: RuntimeLogger;
  /** Ends the session early (a worker shutting down); the outcome is then `failed`, cancelled. */
  signal?: AbortSignal;
  /** Fetchers by registry type, in place of the built-in ones (tests run local fixtures this way). */
  fetchers?: Partial<Record<string, PackageFetcher>>;
}

/**
 * Inspects one stdio package of a server.json: fetches it outside the sandbox, runs it inside with
 * its publisher's arguments and default environment, and lists what it offers. Every way this
 * can go wrong ends in an outcome (failed, timeout, needs-config, unsupported), never a throw.
 */
export async function inspectPackage(
  pkg: StoredPackage,
  serverJson: Record<string, unknown>,
  ctx: PackageContext,
): Promise<InspectionOutcome> {
  const started = performance.now();
  const server = serverJson as unknown as LaunchServer;
  const version = pkg.version ?? server.version;
  const base = { transport: 'stdio' as const, target: `${pkg.registryType}:${pkg.identifier}@${version}` };
  const end = (o: Omit<InspectionOutcome, 'transport' | 'target' | 'durationMs'>): InspectionOutcome => ({
    ...base,
    ...o,
    durationMs: Math.round(performance.now() - started),
  });

  const transport = pkg.transport?.type ?? 'stdio';
  if (transport !== 'stdio') {
    return end({
      status: 'unsupported',
      reason: `the package serves ${transport} on a local port, and the sandbox has no network`,
    });
  }
  const fetcher = ctx.fetchers?.[pkg.registryType] ?? builtIn(pkg.registryType, ctx);
  if (!fetcher) return end({ status: 'unsupported', reason: `${pkg.registryType} packages cannot be run by the Hub` });
  // PyPI and OCI packages say what they lack themselves, sandbox or not.
  if (ctx.sandbox.kind === 'unavailable' && !(fetcher instanceof UnrunnableFetcher))
    return end({ status: 'unsupported', reason: ctx.sandbox.reason });
  try {
    const command = packageCommand(pkg, server);
    const fetched = await fetcher.fetch(pkg, version);
    const missing = [...new Set([...command.missing, ...(fetched.missingConfig ?? [])])];
    if (ctx.sandbox.kind === 'unavailable') throw new NotInspectable(ctx.sandbox.reason);
    return end(await runServer({ fetched, ...command, missing }, { ...ctx, sandbox: ctx.sandbox }));
  } catch (e) {
    if (e instanceof NotInspectable) return end({ status: 'unsupported', reason: e.message });
    if (e instanceof FetchFailed || e instanceof LaunchError) return end({ status: 'failed', reason: e.message });
    return end({ status: 'failed', reason: `the inspector failed: ${(e as Error).message}` });
  }
}

function builtIn(type: string, ctx: PackageContext): PackageFetcher | undefined {
  const cache = path.join(ctx.dataDir, 'runtime');
  switch (type) {
    case 'npm':
      return new NpmFetcher({ cacheDir: path.join(cache, 'npm'), registry: ctx.npmRegistry, logger: ctx.logger });
    case 'mcpb':
      return new McpbFetcher({
        cacheDir: path.join(cache, 'mcpb'),
        allowPrivateNetworks: ctx.allowPrivateNetworks,
        logger: ctx.logger,
      });
    case 'pypi':
    case 'oci':
      return new UnrunnableFetcher(type);
    default:
      return undefined;
  }
}
