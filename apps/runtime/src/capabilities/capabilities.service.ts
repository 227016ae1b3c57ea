import { Injectable } from '@nestjs/common';
import {
  type InspectionOutcome,
  type Principal,
  type Viewer,
  assertMayManage,
  badRequest,
  notFound,
  presentCapabilities,
  previousVersion,
  toolChanges,
} from '@mcp-hub/domain';
import { withFingerprints } from '@mcp-hub/domain/node';
import { Clock } from '@mcp-hub/http';
import { RegistryReader } from '@mcp-hub/registry-port';
import { RuntimeEvents } from '@mcp-hub/runtime-port';
import { InspectionJobs } from '../jobs/inspection-jobs';
import type { CapabilitiesView, Declaration } from './capabilities.schemas';
import { CapabilitiesRepository, type CapabilityHit, type CapabilityKind } from './capabilities.repository';

/** Stores inspection outcomes and declarations, and answers what a version exposes. */
@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly registry: RegistryReader,
    private readonly repo: CapabilitiesRepository,
    private readonly jobs: InspectionJobs,
    private readonly events: RuntimeEvents,
    private readonly clock: Clock,
  ) {}

  /** What a version exposes, as the viewer may see it; a server it may not see is not found. */
  async view(name: string, version: string, viewer: Viewer): Promise<CapabilitiesView> {
    const v = await this.registry.versionOf(name, version, viewer);
    if (!v) throw notFound(version === 'latest' ? `No server named ${name}` : `No version ${version} of ${name}`);
    const rows = await this.repo.forVersion(v.serverName, v.version);
    const inspected = rows.find((r) => r.source === 'inspected');
    const declared = rows.find((r) => r.source === 'declared');
    const p = presentCapabilities(inspected, declared);
    const shown = p.shown;
    const base: CapabilitiesView = {
      name: v.serverName,
      version: v.version,
      status: p.status,
      ...(p.reason ? { reason: p.reason } : {}),
      source: p.source,
      inspectedAt: shown?.inspectedAt.toISOString() ?? null,
      protocolVersion: shown?.protocolVersion ?? null,
      serverInfo: shown?.serverInfo ?? null,
      capabilities: shown?.declaredCapabilities ?? null,
      instructions: shown?.instructions ?? null,
      tools: shown?.tools ?? [],
      resources: shown?.resources ?? [],
      resourceTemplates: shown?.resourceTemplates ?? [],
      prompts: shown?.prompts ?? [],
      toolsFingerprint: shown?.toolsFingerprint ?? null,
      ...(shown?.transport ? { transport: shown.transport as CapabilitiesView['transport'] } : {}),
      ...(shown?.target ? { target: shown.target } : {}),
      ...(shown?.missingConfig?.length ? { missingConfig: shown.missingConfig } : {}),
      ...(shown?.notes?.length ? { notes: shown.notes } : {}),
      ...(p.source === 'declared' && inspected
        ? {
            inspection: {
              status: inspected.status,
              reason: inspected.reason,
              inspectedAt: inspected.inspectedAt.toISOString(),
            },
          }
        : {}),
    };
    if (shown && p.status === 'ok' && shown.source === 'inspected') {
      // Which version to compare with is decided on versions and dates; only its tools are read.
      const prev = previousVersion(v.version, await this.repo.okInspections(v.serverName));
      const prevRow =
        prev && (await this.repo.forVersion(v.serverName, prev.version)).find((r) => r.source === 'inspected');
      if (prevRow) base.changes = toolChanges(prevRow, shown.tools);
    }
    return base;
  }

  /** The owner declares what a version exposes (shown as declared, never as inspected). */
  async declare(by: Principal, name: string, version: string, body: Declaration): Promise<CapabilitiesView> {
    const v = await this.manageable(by, name, version);
    const { tools, hash } = withFingerprints(body.tools);
    const outcome: InspectionOutcome = {
      status: 'ok',
      capabilities: {
        protocolVersion: body.protocolVersion ?? 'unknown',
        serverInfo: body.serverInfo ?? { name: v.serverName, version: v.version },
        capabilities: body.capabilities ?? {},
        ...(body.instructions ? { instructions: body.instructions } : {}),
        tools: body.tools,
        resources: body.resources,
        resourceTemplates: body.resourceTemplates,
        prompts: body.prompts,
      },
    };
    await this.repo.save({
      serverName: v.serverName,
      version: v.version,
      source: 'declared',
      outcome,
      tools,
      toolsFingerprint: hash,
      at: this.clock.now(),
    });
    this.events.emitCapabilitiesChanged(v.serverName);
    return this.view(v.serverName, v.version, by.viewer);
  }

  /** Queues a fresh inspection of a version (owner or admin); it runs even if one ran before. */
  async requestInspection(
    by: Principal,
    name: string,
    version: string,
  ): Promise<{ name: string; version: string; status: 'pending' }> {
    const v = await this.manageable(by, name, version);
    await this.jobs.enqueue({ serverName: v.serverName, version: v.version }, 'requested');
    return { name: v.serverName, version: v.version, status: 'pending' };
  }

  /** Stores what an inspection found (the worker's one write per job). */
  async record(serverName: string, version: string, outcome: InspectionOutcome): Promise<void> {
    const { tools, hash } = withFingerprints(outcome.capabilities?.tools ?? []);
    await this.repo.save({
      serverName,
      version,
      source: 'inspected',
      outcome,
      tools,
      toolsFingerprint: outcome.status === 'ok' ? hash : null,
      at: this.clock.now(),
    });
    this.events.emitCapabilitiesChanged(serverName);
  }

  /** Tools, resources or prompts across the latest versions the viewer may see. */
  async search(
    viewer: Viewer,
    kind: CapabilityKind | undefined,
    q: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ items: CapabilityHit[]; nextCursor?: string }> {
    const versions = await this.registry.latestVersionKeys(viewer);
    const after = cursor ? decodeCursor(cursor) : undefined;
    const items = await this.repo.search(kind, q, versions, after, limit + 1);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      ...(items.length > limit && last
        ? { nextCursor: encodeCursor({ serverName: last.serverName, kind: last.kind, name: last.name }) }
        : {}),
    };
  }

  private async manageable(by: Principal, name: string, version: string) {
    const v = await this.registry.versionOf(name, version, by.viewer);
    if (!v || v.status === 'deleted') throw notFound(`No version ${version} of ${name}`);
    assertMayManage(by, v.serverName, v.privateOrgId);
    return v;
  }
}

interface CursorKey {
  serverName: string;
  kind: string;
  name: string;
}

const encodeCursor = (k: CursorKey) =>
  Buffer.from(JSON.stringify([k.serverName, k.kind, k.name])).toString('base64url');

function decodeCursor(cursor: string): CursorKey {
  try {
    const [serverName, kind, name] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
    if (typeof serverName === 'string' && typeof kind === 'string' && typeof name === 'string')
      return { serverName, kind, name };
  } catch {
    // fall through
  }
  throw badCursor();
}

const badCursor = () =>
  badRequest('cursor is not one this API handed out: start again without it', [
    { location: 'query.cursor', message: 'invalid cursor' },
  ]);
