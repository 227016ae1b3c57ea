import { HubError, forbidden } from './errors';
import { type ServerStatus, UNPUBLISH_WINDOW_HOURS } from './registry';

/**
 * A published version's lifecycle: who may move it to which status, the unpublish window, the
 * publish quota. Pure rules (no clock, no database): the caller passes `now` and the facts.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** What a status rule needs to know of a version. */
export interface VersionLifecycle {
  serverName: string;
  version: string;
  status: ServerStatus;
  publishedAt: Date;
  /** Set when the publisher took the version back. */
  unpublishedAt: Date | null;
}

/** Whether `publishedAt` is still within the unpublish window (UNPUBLISH_WINDOW_HOURS) at `now`. */
export function withinUnpublishWindow(publishedAt: Date, now: Date): boolean {
  return now.getTime() - publishedAt.getTime() <= UNPUBLISH_WINDOW_HOURS * HOUR_MS;
}

/** Whether the caller may still unpublish a version (what the dashboard offers): not removed, and an admin or within the window. */
export function mayUnpublish(v: Pick<VersionLifecycle, 'status' | 'publishedAt'>, admin: boolean, now: Date): boolean {
  return v.status !== 'deleted' && (admin || withinUnpublishWindow(v.publishedAt, now));
}

/** A publisher deleting their own version is unpublishing it: the version string stays burnt. */
export function isUnpublish(update: { status: ServerStatus }, admin: boolean): boolean {
  return update.status === 'deleted' && !admin;
}

/**
 * Who may move a version to which status. Unpublished versions never come back. For publishers:
 * a removed (deleted) version stays removed — only registry admins restore or alter it, so
 * moderation cannot be undone — and deleting is unpublishing, with its 72-hour window.
 * Throws the first refusal, naming the version.
 */
export function assertStatusChangeAllowed(
  targets: VersionLifecycle[],
  update: { status: ServerStatus },
  admin: boolean,
  now: Date,
): void {
  for (const target of targets) {
    const label = `${target.serverName}@${target.version}`;
    if (target.unpublishedAt && update.status !== 'deleted') {
      throw new HubError('conflict', `${label} was unpublished and cannot be restored. Publish a new version.`);
    }
    if (admin) continue;
    if (target.status === 'deleted') {
      throw forbidden(`${label} was removed by the registry; only registry admins can change it.`);
    }
    const ageHours = (now.getTime() - target.publishedAt.getTime()) / HOUR_MS;
    if (update.status === 'deleted' && ageHours > UNPUBLISH_WINDOW_HOURS) {
      const path = `/v0.1/servers/${encodeURIComponent(target.serverName)}/versions/${encodeURIComponent(target.version)}/status`;
      throw new HubError(
        'unpublish_window_closed',
        `${label} was published ${formatAge(ageHours)} ago; versions can be unpublished (deleted) only within ${UNPUBLISH_WINDOW_HOURS} hours of publishing. ` +
          `Deprecate it instead: PATCH ${path} with {"status":"deprecated","statusMessage":"…"}.`,
      );
    }
  }
}

function formatAge(hours: number): string {
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;
}

/** The audit action a status change is recorded as. */
export function statusAction(status: ServerStatus): string {
  return status === 'deprecated' ? 'server.deprecated' : status === 'deleted' ? 'server.deleted' : 'server.activated';
}

/**
 * The publish quota: `quota` versions per namespace per rolling 24 hours (0: none; instance
 * admins are exempt). Counted from the versions themselves, so every Hub process agrees without a
 * counter.
 */
export const publishQuota = {
  /** Whether the quota applies at all; when it does not, nothing needs counting. */
  applies: (quota: number, admin: boolean): boolean => quota > 0 && !admin,
  /** Where the rolling window starts: publishes since then count. */
  windowStart: (now: Date): Date => new Date(now.getTime() - DAY_MS),
  /**
   * Given the namespace's publishes in the window (oldest first, at most `quota` of the newest),
   * undefined while another is allowed, else the instant the oldest leaves the window.
   */
  freeAt(recent: Date[], quota: number): Date | undefined {
    if (recent.length < quota) return undefined;
    return new Date(recent[0]!.getTime() + DAY_MS);
  },
} as const;

/** The refusal of a publish over the quota. */
export function quotaExceeded(namespace: string, quota: number, freeAt: Date): HubError {
  return new HubError(
    'quota_exceeded',
    `${namespace} has published ${quota} versions in the last 24 hours, its daily quota on this Hub. ` +
      `The next publish is possible from ${freeAt.toISOString()}; ask an operator if you need a higher quota (HUB_PUBLISH_QUOTA).`,
  );
}
