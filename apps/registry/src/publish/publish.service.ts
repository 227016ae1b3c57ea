import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import {
  HubError,
  type Principal,
  type StatusUpdate,
  type Visibility,
  actorOf,
  assertMayWrite,
  assertStatusChangeAllowed,
  canSee,
  checkServerJson,
  forbidden,
  hasRole,
  isAdmin,
  isUnpublish,
  nameOwnedUpstream,
  nameWrite,
  namespaceOf,
  notFound,
  pickLatest,
  publishQuota,
  quotaExceeded,
  statusAction,
} from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { type RegistryChange, RegistryEvents } from '@mcp-hub/registry-port';
import { type ServerResponse, toServerResponse } from '../servers/server-version.record';
import { type AuditActor, type LockedServer, ServerVersionRepository } from '../servers/server-version.repository';

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
    private readonly events: RegistryEvents,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
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
    await this.assertWithinQuota(principal, namespaceOf(name));

    return this.locked(name, { create: true, change: 'published' }, async (locked) => {
      const owner = await locked.ownership();
      const existingVersions = await locked.versions();
      if (existingVersions.length === 0 && owner.orgId === null) {
        // A new server belongs to the org whose token published it, else to the org that verified its namespace.
        const orgId = principal.orgId ?? owner.namespaceOrgId;
        if (orgId) await locked.adopt(orgId);
      } else {
        assertOrgWrite(principal, owner, name);
      }
      // The name-ownership rule (libs/domain): a local publish takes a mirrored name only in a verified namespace.
      const write = nameWrite('local', owner);
      if (write === 'refuse') throw nameOwnedUpstream(name);
      if (write === 'take-over') await locked.claimForLocal();
      if (existingVersions.some((v) => v.version === version)) {
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
      await locked.audit(auditActor(principal), 'server.published', `${name}@${version}`);
      return this.entry(locked, inserted.id);
    });
  }

  async setVersionStatus(
    principal: Principal,
    name: string,
    version: string,
    update: StatusUpdate,
  ): Promise<ServerResponse> {
    await this.assertVisibleForWrite(principal, name);
    return this.locked(name, { create: false, change: 'status-changed' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target) throw notFound(`Version ${version} of server ${name} not found`);
      const now = this.clock.now();
      assertStatusChangeAllowed([target], update, isAdmin(principal), now);
      const message = update.status === 'active' ? null : (update.statusMessage ?? null);
      if (target.status === update.status && target.statusMessage === message) {
        throw new HubError(
          'no_change',
          `No changes to apply: ${name}@${version} is already ${update.status}${message ? ' with that message' : ''}.`,
        );
      }
      await locked.setStatus([target.id], update.status, message, now, isUnpublish(update, isAdmin(principal)));
      await this.recomputeLatest(locked, now);
      await locked.audit(
        auditActor(principal),
        statusAction(update.status),
        `${name}@${version}`,
        message ? { message } : undefined,
      );
      return this.entry(locked, target.id);
    });
  }

  async setServerStatus(principal: Principal, name: string, update: StatusUpdate): Promise<BulkStatusResult> {
    await this.assertVisibleForWrite(principal, name);
    return this.locked(name, { create: false, change: 'status-changed' }, async (locked) => {
      const versions = await locked.versions();
      if (versions.length === 0) throw notFound(`Server ${name} not found`);
      const message = update.status === 'active' ? null : (update.statusMessage ?? null);
      // Unpublished versions never come back; a publisher's bulk change leaves removed ones alone.
      const candidates = versions.filter((v) => !v.unpublishedAt && (isAdmin(principal) || v.status !== 'deleted'));
      const changing = candidates.filter((v) => v.status !== update.status || v.statusMessage !== message);
      if (changing.length === 0) {
        throw new HubError('no_change', `No changes to apply: every version of ${name} is already ${update.status}.`);
      }
      const now = this.clock.now();
      assertStatusChangeAllowed(changing, update, isAdmin(principal), now);
      await locked.setStatus(
        changing.map((v) => v.id),
        update.status,
        message,
        now,
        isUnpublish(update, isAdmin(principal)),
      );
      await this.recomputeLatest(locked, now);
      await locked.audit(auditActor(principal), statusAction(update.status), name, {
        versions: changing.map((v) => v.version),
        ...(message ? { message } : {}),
      });
      const servers = (await locked.entries(changing.map((v) => v.id))).map(toServerResponse);
      return { updatedCount: servers.length, servers };
    });
  }

  /**
   * Self-service unpublish: the publisher may take a version back within the window; after it,
   * only deprecation is possible. The row stays (status deleted) so mirrors see the removal and
   * the version string can never be published again with other contents.
   */
  async unpublish(principal: Principal, name: string, version: string): Promise<ServerResponse> {
    await this.assertVisibleForWrite(principal, name);
    return this.locked(name, { create: false, change: 'status-changed' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target || target.unpublishedAt) throw notFound(`Version ${version} of server ${name} not found`);
      const now = this.clock.now();
      assertStatusChangeAllowed([target], { status: 'deleted' }, isAdmin(principal), now);
      await locked.setStatus([target.id], 'deleted', 'Unpublished by the publisher', now, true);
      await this.recomputeLatest(locked, now);
      await locked.audit(auditActor(principal), 'server.unpublished', `${name}@${version}`);
      return this.entry(locked, target.id);
    });
  }

  /** PUT on a version: a moderation edit for admins. Publishers cannot rewrite history. */
  async replace(principal: Principal, name: string, version: string, body: unknown): Promise<ServerResponse> {
    if (!isAdmin(principal)) {
      throw forbidden(
        'Published versions are immutable: publish a new version instead. (Editing a version is reserved for registry admins.)',
      );
    }
    const check = checkServerJson(body);
    if (!check.ok) throw invalid(check.errors);
    if (check.server.name !== name || check.server.version !== version) {
      throw new HubError(
        'bad_request',
        `Body names ${check.server.name}@${check.server.version} but the path is ${name}@${version}; they must match.`,
        [{ location: 'body.name', message: 'must equal the server name in the path' }],
      );
    }
    return this.locked(name, { create: false, change: 'edited' }, async (locked) => {
      const target = (await locked.versions()).find((v) => v.version === version);
      if (!target) throw notFound(`Version ${version} of server ${name} not found`);
      await locked.replaceJson(target.id, body as Record<string, unknown>, this.clock.now());
      await locked.audit(auditActor(principal), 'server.edited', `${name}@${version}`);
      return this.entry(locked, target.id);
    });
  }

  /**
   * HUB_PUBLISH_QUOTA versions per namespace per rolling 24 hours (instance admins are exempt).
   * Counted from the versions themselves, so every Hub process agrees without a counter.
   */
  private async assertWithinQuota(principal: Principal, namespace: string): Promise<void> {
    const quota = this.config.publishQuotaPerDay;
    if (!publishQuota.applies(quota, isAdmin(principal))) return;
    const recent = await this.repo.localPublishesSince(namespace, publishQuota.windowStart(this.clock.now()), quota);
    const freeAt = publishQuota.freeAt(recent, quota);
    if (freeAt) throw quotaExceeded(namespace, quota, freeAt);
  }

  /**
   * A write under the server's lock (ServerVersionRepository.withServerLock, one transaction), then
   * announced to this process once committed: read caches and the search indexer listen.
   */
  private async locked<T>(
    name: string,
    opts: { create: boolean; change: RegistryChange['kind'] },
    fn: (locked: LockedServer) => Promise<T>,
  ): Promise<T> {
    const result = await this.repo.withServerLock(name, { namespace: namespaceOf(name), create: opts.create }, fn);
    this.events.emit({ serverName: name, kind: opts.change });
    return result;
  }

  private async recomputeLatest(locked: LockedServer, now: Date): Promise<void> {
    const versions = await locked.versions();
    await locked.setLatest(pickLatest(versions)?.id, now);
  }

  /** The response for a version, read inside the write's transaction: exactly what it committed. */
  private async entry(locked: LockedServer, id: number): Promise<ServerResponse> {
    const [row] = await locked.entries([id]);
    return toServerResponse(row!);
  }

  /**
   * Permission first, existence second: an outsider learns nothing from the status code, and a
   * private server the caller cannot see does not exist for it.
   */
  private async assertVisibleForWrite(principal: Principal, name: string): Promise<void> {
    assertMayWrite(principal, name);
    if (!(await this.repo.serverExists(name, principal.viewer))) throw notFound(`Server ${name} not found`);
    const owner = await this.repo.serverOwner(name);
    if (owner) assertOrgWrite(principal, owner, name);
  }

  /** Public or private to its org: org publishers and admins (and instance admins) decide. */
  async setVisibility(
    principal: Principal,
    name: string,
    visibility: Visibility,
  ): Promise<{ name: string; visibility: Visibility; org: string | null }> {
    await this.assertVisibleForWrite(principal, name);
    const owner = (await this.repo.serverOwner(name))!;
    if (!owner.orgId) {
      throw new HubError(
        'bad_request',
        `${name} belongs to no organization, so it cannot be private: publish it with an organization's token, or in a namespace an organization verified.`,
      );
    }
    await this.locked(name, { create: false, change: 'visibility-changed' }, async (locked) => {
      await locked.setVisibility(visibility, this.clock.now());
      await locked.audit(auditActor(principal), 'server.visibility', name, { visibility });
    });
    return { name, visibility, org: owner.orgId };
  }
}

/**
 * A server an org owns is written by that org: its tokens, its members with the publisher role or
 * more, and instance admins. Anyone else is refused without learning whether a private one exists.
 */
function assertOrgWrite(principal: Principal, owner: { orgId: string | null; visibility: string }, name: string): void {
  if (!owner.orgId || isAdmin(principal) || hasRole(principal, owner.orgId, 'publisher')) return;
  if (owner.visibility === 'private' && !canSee(principal.viewer, owner.orgId))
    throw forbidden(`You may not publish ${name}.`);
  throw forbidden(
    `${name} belongs to an organization you do not publish for: ask one of its admins for the publisher role or an org token.`,
  );
}

function invalid(errors: ValidationResult['errors']): HubError {
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.location}: ${e.message}`)
    .join('; ');
  return new HubError(
    'validation_failed',
    `server.json is not valid: ${summary}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    errors,
  );
}

function auditActor(p: Principal): AuditActor {
  return { actor: actorOf(p), userId: p.userId, tokenId: p.tokenId };
}
