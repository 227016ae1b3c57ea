import { HubError } from './errors';
import {
  type VersionLifecycle,
  assertStatusChangeAllowed,
  isUnpublish,
  mayUnpublish,
  publishQuota,
  quotaExceeded,
  statusAction,
  withinUnpublishWindow,
} from './lifecycle';

const now = new Date('2026-06-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const version = (over: Partial<VersionLifecycle> = {}): VersionLifecycle => ({
  serverName: 'io.github.alice/weather',
  version: '1.0.0',
  status: 'active',
  publishedAt: hoursAgo(1),
  unpublishedAt: null,
  ...over,
});
const refusal = (fn: () => void): HubError | undefined => {
  try {
    fn();
  } catch (err) {
    return err as HubError;
  }
  return undefined;
};

describe('the unpublish window', () => {
  it('is 72 hours, its end included', () => {
    expect(withinUnpublishWindow(hoursAgo(72), now)).toBe(true);
    expect(withinUnpublishWindow(new Date(hoursAgo(72).getTime() - 1), now)).toBe(false);
  });

  it('binds publishers, not admins, and never offers a removed version', () => {
    expect(mayUnpublish(version({ publishedAt: hoursAgo(100) }), false, now)).toBe(false);
    expect(mayUnpublish(version({ publishedAt: hoursAgo(100) }), true, now)).toBe(true);
    expect(mayUnpublish(version({ status: 'deleted' }), true, now)).toBe(false);
  });

  it("makes a publisher's delete an unpublish, an admin's a removal", () => {
    expect(isUnpublish({ status: 'deleted' }, false)).toBe(true);
    expect(isUnpublish({ status: 'deleted' }, true)).toBe(false);
    expect(isUnpublish({ status: 'deprecated' }, false)).toBe(false);
  });
});

describe('status changes', () => {
  it('never restores an unpublished version, not even for an admin', () => {
    const err = refusal(() =>
      assertStatusChangeAllowed(
        [version({ unpublishedAt: hoursAgo(1), status: 'deleted' })],
        { status: 'active' },
        true,
        now,
      ),
    );
    expect(err?.code).toBe('conflict');
    expect(
      refusal(() =>
        assertStatusChangeAllowed(
          [version({ unpublishedAt: hoursAgo(1), status: 'deleted' })],
          { status: 'deleted' },
          true,
          now,
        ),
      ),
    ).toBeUndefined();
  });

  it('leaves a removed version to admins', () => {
    expect(
      refusal(() => assertStatusChangeAllowed([version({ status: 'deleted' })], { status: 'active' }, false, now))
        ?.code,
    ).toBe('forbidden');
    expect(
      refusal(() => assertStatusChangeAllowed([version({ status: 'deleted' })], { status: 'active' }, true, now)),
    ).toBeUndefined();
  });

  it('closes deleting after the window, pointing at deprecation', () => {
    const err = refusal(() =>
      assertStatusChangeAllowed([version({ publishedAt: hoursAgo(24 * 5) })], { status: 'deleted' }, false, now),
    );
    expect(err?.code).toBe('unpublish_window_closed');
    expect(err?.message).toContain('was published 5 days ago');
    expect(err?.message).toContain('PATCH /v0.1/servers/io.github.alice%2Fweather/versions/1.0.0/status');
    expect(
      refusal(() =>
        assertStatusChangeAllowed([version({ publishedAt: hoursAgo(24 * 5) })], { status: 'deprecated' }, false, now),
      ),
    ).toBeUndefined();
    expect(
      refusal(() =>
        assertStatusChangeAllowed([version({ publishedAt: hoursAgo(24 * 5) })], { status: 'deleted' }, true, now),
      ),
    ).toBeUndefined();
  });

  it("names each status change's audit action", () => {
    expect(['active', 'deprecated', 'deleted'].map((s) => statusAction(s as VersionLifecycle['status']))).toEqual([
      'server.activated',
      'server.deprecated',
      'server.deleted',
    ]);
  });
});

describe('the publish quota', () => {
  it('applies only when set and never to admins', () => {
    expect(publishQuota.applies(0, false)).toBe(false);
    expect(publishQuota.applies(10, true)).toBe(false);
    expect(publishQuota.applies(10, false)).toBe(true);
  });

  it('counts a rolling day and frees up when the oldest publish leaves it', () => {
    expect(publishQuota.windowStart(now)).toEqual(hoursAgo(24));
    expect(publishQuota.freeAt([hoursAgo(3)], 2)).toBeUndefined();
    expect(publishQuota.freeAt([hoursAgo(3), hoursAgo(1)], 2)).toEqual(new Date(hoursAgo(3).getTime() + 86_400_000));
  });

  it('says when the next publish is possible', () => {
    const err = quotaExceeded('io.github.alice', 2, new Date('2026-06-11T09:00:00Z'));
    expect(err.code).toBe('quota_exceeded');
    expect(err.message).toContain('The next publish is possible from 2026-06-11T09:00:00.000Z');
  });
});
