import { Injectable } from '@nestjs/common';
import {
  HubError,
  type StatusUpdate,
  UNPUBLISH_WINDOW_HOURS,
  checkServerJson,
  forbidden,
  namespaceOf,
  notFound,
  pickLatest,
} from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { type Principal, assertMayWrite, isAdmin } from '../auth/principal';
import { type ServerResponse, type VersionState, toServerResponse } from '../servers/server-version.record';
import { type LockedServer, ServerVersionRepository } from '../servers/server-version.repository';

export interface BulkStatusResult {
  updatedCount: number;
  servers: ServerResponse[];
}

export interface ValidationResult {
  valid: boolean;
  schema: string;
  errors: { location: string; message: string; value?: unknown }[];
}

/** Write side of the official API: publish, status changes, unpublish, admin edits. */
@Injectable()
export class PublishService {
  constructor(
    private readonly repo: ServerVersionRepository,
    private readonly clock: Clock,
  ) {}

  validate(body: unknown): ValidationResult {
    const check = checkServerJson(body);
    return { valid: check.ok, schema: check.schemaDate, errors: check.ok ? [] : check.errors };
  }

  async publish(principal: Principal, body: unknown): Promise<ServerResponse> {
    const check = checkServerJson(body);
    if (!check.ok) throw invalid(check.errors);
    const { name, version } = check.server;
    assertMayWrite(principal, name);

    const created = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: true, change: 'published' }, async (locked) => {
      const existing = await locked.versions();
      if (existing.some((v) => v.version === version)) {
        throw new HubError(
          'version_exists',
          `${name}@${version} is already published and versions are immutable (an unpublished version cannot be reused either). Publish a new version.`,
        );
      }
      const now = this.clock.now();
      const inserted = await locked.insert({
        serverName: name,
        version,
        serverJson: body as Record<string, unknown>,
        status: 'active',
        statusMessage: null,
        statusChangedAt: now,
        publishedAt: now,
        updatedAt: now,
        unpublishedAt: null,
        source: 'local',
        publishedByTokenId: principal.tokenId,
      });
      await this.recomputeLatest(locked, now);
      return inserted.id;
    });
    return this.reload(name, created);
  }

  async setVersionStatus(principal: Principal, name: string, version: string, update: StatusUpdate): Promise<ServerResponse> {
    await this.assertVisibleForWrite(principal, name);
    const id = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: false, change: 'status-changed' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target) throw notFound(`Version ${version} of server ${name} not found`);
      assertRestorable(target, update);
      const message = update.status === 'active' ? null : (update.statusMessage ?? null);
      if (target.status === update.status && target.statusMessage === message) {
        throw new HubError('no_change', `No changes to apply: ${name}@${version} is already ${update.status}${message ? ' with that message' : ''}.`);
      }
      const now = this.clock.now();
      await locked.setStatus([target.id], update.status, message, now);
      await this.recomputeLatest(locked, now);
      return target.id;
    });
    return this.reload(name, id);
  }

  async setServerStatus(principal: Principal, name: string, update: StatusUpdate): Promise<BulkStatusResult> {
    await this.assertVisibleForWrite(principal, name);
    const ids = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: false, change: 'status-changed' }, async (locked) => {
      const versions = await locked.versions();
      if (versions.length === 0) throw notFound(`Server ${name} not found`);
      const message = update.status === 'active' ? null : (update.statusMessage ?? null);
      const changing = versions.filter((v) => !v.unpublishedAt && (v.status !== update.status || v.statusMessage !== message));
      if (changing.length === 0) {
        throw new HubError('no_change', `No changes to apply: every version of ${name} is already ${update.status}.`);
      }
      const now = this.clock.now();
      await locked.setStatus(
        changing.map((v) => v.id),
        update.status,
        message,
        now,
      );
      await this.recomputeLatest(locked, now);
      return changing.map((v) => v.id);
    });
    const all = await this.repo.versionsOf(name, true);
    const servers = all.filter((v) => ids.includes(v.id)).map(toServerResponse);
    return { updatedCount: servers.length, servers };
  }

  /**
   * Self-service unpublish: the publisher may take a version back within the window; after it,
   * only deprecation is possible. The row stays (status deleted) so mirrors see the removal and
   * the version string can never be published again with other contents.
   */
  async unpublish(principal: Principal, name: string, version: string): Promise<ServerResponse> {
    await this.assertVisibleForWrite(principal, name);
    const id = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: false, change: 'status-changed' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target || target.unpublishedAt) throw notFound(`Version ${version} of server ${name} not found`);
      const now = this.clock.now();
      const ageHours = (now.getTime() - target.publishedAt.getTime()) / 3_600_000;
      if (ageHours > UNPUBLISH_WINDOW_HOURS && !isAdmin(principal)) {
        throw new HubError(
          'unpublish_window_closed',
          `${name}@${version} was published ${formatAge(ageHours)} ago; versions can be unpublished only within ${UNPUBLISH_WINDOW_HOURS} hours of publishing. ` +
            `Deprecate it instead: PATCH /v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/status with {"status":"deprecated","statusMessage":"…"}.`,
        );
      }
      await locked.setStatus([target.id], 'deleted', 'Unpublished by the publisher', now, true);
      await this.recomputeLatest(locked, now);
      return target.id;
    });
    return this.reload(name, id);
  }

  /** PUT on a version: a moderation edit for admins. Publishers cannot rewrite history. */
  async replace(principal: Principal, name: string, version: string, body: unknown): Promise<ServerResponse> {
    if (!isAdmin(principal)) {
      throw forbidden('Published versions are immutable: publish a new version instead. (Editing a version is reserved for registry admins.)');
    }
    const check = checkServerJson(body);
    if (!check.ok) throw invalid(check.errors);
    if (check.server.name !== name || check.server.version !== version) {
      throw new HubError('bad_request', `Body names ${check.server.name}@${check.server.version} but the path is ${name}@${version}; they must match.`, [
        { location: 'body.name', message: 'must equal the server name in the path' },
      ]);
    }
    const id = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: false, change: 'edited' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target) throw notFound(`Version ${version} of server ${name} not found`);
      await locked.replaceJson(target.id, body as Record<string, unknown>, this.clock.now());
      return target.id;
    });
    return this.reload(name, id);
  }

  private async recomputeLatest(locked: LockedServer, now: Date): Promise<void> {
    const versions = await locked.versions();
    await locked.setLatest(pickLatest(versions)?.id, now);
  }

  private async reload(name: string, id: number): Promise<ServerResponse> {
    const row = (await this.repo.versionsOf(name, true)).find((v) => v.id === id);
    if (!row) throw notFound(`Server ${name} not found`);
    return toServerResponse(row);
  }

  /** Permission first, existence second: an outsider learns nothing from the status code. */
  private async assertVisibleForWrite(principal: Principal, name: string): Promise<void> {
    assertMayWrite(principal, name);
    if (!(await this.repo.serverExists(name))) throw notFound(`Server ${name} not found`);
  }
}

function invalid(errors: ValidationResult['errors']): HubError {
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.location}: ${e.message}`)
    .join('; ');
  return new HubError('validation_failed', `server.json is not valid: ${summary}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`, errors);
}

function assertRestorable(target: VersionState, update: StatusUpdate): void {
  if (target.unpublishedAt && update.status !== 'deleted') {
    throw new HubError('conflict', `${target.serverName}@${target.version} was unpublished and cannot be restored. Publish a new version.`);
  }
}

function formatAge(hours: number): string {
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;
}
