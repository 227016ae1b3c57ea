import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import {
  DEFAULT_INSPECTION_LIMITS,
  type InspectionLimits,
  type InspectionOutcome,
  type LaunchServer,
  type Target,
  launchTargets,
} from '@mcp-hub/domain';
import { inspectRemote } from './remote/remote-inspector';
import { type SandboxChoice, detectSandbox } from './sandbox/detect';
import { inspectPackage } from './stdio/package-inspector';

/** Which targets the inspector tries first: what people install most, and what it can run here. */
const PREFERENCE: Record<string, number> = { npm: 0, mcpb: 1, remote: 2, pypi: 3, oci: 4 };
const rank = (t: Target) => PREFERENCE[t.kind === 'remote' ? 'remote' : t.pkg.registryType] ?? 9;

/**
 * Inspects one version: picks the target to run (an npm or mcpb package in the sandbox, else a
 * remote over the network, else says why it cannot), and never throws — whatever the server does,
 * the answer is an outcome with a status and a reason.
 */
@Injectable()
export class Inspector {
  private readonly logger = new Logger('runtime');
  readonly limits: InspectionLimits;
  private sandbox?: Promise<SandboxChoice>;
  private detected?: SandboxChoice;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    this.limits = {
      ...DEFAULT_INSPECTION_LIMITS,
      timeoutMs: config.runtime.timeoutMs,
      memoryMb: config.runtime.memoryMb,
    };
  }

  /** The sandbox this process runs servers in (detected once). */
  sandboxChoice(): Promise<SandboxChoice> {
    this.sandbox ??= detectSandbox(this.config.runtime.sandbox, this.logger).then((c) => (this.detected = c));
    return this.sandbox;
  }

  /** The sandbox once detection has finished (a trial run can take seconds); undefined before. */
  get sandboxIfKnown(): SandboxChoice | undefined {
    return this.detected;
  }

  async inspect(serverJson: Record<string, unknown>): Promise<InspectionOutcome> {
    const started = performance.now();
    const outcome = await this.run(serverJson).catch((err: unknown): InspectionOutcome => ({
      status: 'failed',
      reason: `the inspector failed: ${(err as Error).message}`,
    }));
    return { ...outcome, durationMs: outcome.durationMs ?? Math.round(performance.now() - started) };
  }

  private async run(serverJson: Record<string, unknown>): Promise<InspectionOutcome> {
    const targets = launchTargets(serverJson as unknown as LaunchServer).sort((a, b) => rank(a) - rank(b));
    const declaredOnly = (serverJson.packages as { transport?: { type?: string } }[] | undefined)?.find(
      (p) => (p.transport?.type ?? 'stdio') !== 'stdio',
    );
    const first = targets[0];
    if (!first) {
      return {
        status: 'unsupported',
        reason: declaredOnly
          ? `its packages serve ${declaredOnly.transport?.type} locally, which the Hub does not inspect yet; the publisher may declare the capabilities`
          : 'the server.json lists no package or remote the Hub can reach',
      };
    }
    if (first.kind === 'remote') {
      return inspectRemote(
        { type: first.remote.type as 'streamable-http' | 'sse', url: first.remote.url, headers: first.remote.headers },
        { limits: this.limits, allowPrivateNetworks: this.config.runtime.allowPrivateNetworks, logger: this.logger },
      );
    }
    return inspectPackage(first.pkg, serverJson, {
      sandbox: await this.sandboxChoice(),
      limits: this.limits,
      dataDir: this.config.dataDir,
      npmRegistry: this.config.runtime.npmRegistry,
      allowPrivateNetworks: this.config.runtime.allowPrivateNetworks,
      logger: this.logger,
    });
  }
}
