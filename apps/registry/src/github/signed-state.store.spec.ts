import { randomBytes } from 'node:crypto';
import { SignedStateStore } from './signed-state.store';

const meta = { clientID: 'Iv1.app', callbackURL: 'https://hub.example.com/auth/github/callback' };
const secret = () => randomBytes(32).toString('hex');

describe('SignedStateStore', () => {
  it('round-trips application data', () => {
    const store = new SignedStateStore({ secret: secret() });
    expect(store.check(store.sign(meta, { returnTo: '/me' }), meta)).toEqual({ ok: true, data: { returnTo: '/me' } });
  });

  it('refuses a state signed with another secret, or for another app or callback', () => {
    const store = new SignedStateStore({ secret: secret() });
    const state = store.sign(meta);
    expect(new SignedStateStore({ secret: secret() }).check(state, meta).ok).toBe(false);
    expect(store.check(state, { ...meta, clientID: 'Iv1.other' }).ok).toBe(false);
    expect(store.check(state, { ...meta, callbackURL: 'https://evil.example.com/cb' }).ok).toBe(false);
  });

  it('refuses a state whose payload was edited to extend its life', () => {
    let now = 1_000_000;
    const store = new SignedStateStore({ secret: secret(), ttlMs: 1_000, now: () => now });
    const [version, , mac] = store.sign(meta).split('.');
    const longer = Buffer.from(JSON.stringify({ n: 'n', e: now + 10_000_000 })).toString('base64url');
    now += 2_000;
    expect(store.check(`${version}.${longer}.${mac}`, meta)).toEqual({
      ok: false,
      message: expect.stringMatching(/invalid/),
    });
  });

  it('expires after ttlMs', () => {
    let now = 1_000_000;
    const store = new SignedStateStore({ secret: secret(), ttlMs: 1_000, now: () => now });
    const state = store.sign(meta);
    now += 999;
    expect(store.check(state, meta).ok).toBe(true);
    now += 1;
    expect(store.check(state, meta)).toEqual({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it('binds the state to the browser when asked', () => {
    const store = new SignedStateStore({ secret: secret(), bind: (req) => (req as { cookie?: string }).cookie });
    const state = store.sign(meta, undefined, { cookie: 'browser-1' });
    expect(store.check(state, meta, { cookie: 'browser-1' }).ok).toBe(true);
    expect(store.check(state, meta, { cookie: 'browser-2' }).ok).toBe(false);
    expect(store.check(state, meta, {}).ok).toBe(false);
  });

  it('accepts a state once when one-time use is on, and any number of times otherwise', () => {
    const once = new SignedStateStore({ secret: secret(), oneTimeUse: true });
    const state = once.sign(meta);
    expect(once.check(state, meta).ok).toBe(true);
    expect(once.check(state, meta)).toEqual({ ok: false, message: expect.stringMatching(/already used/) });

    const reusable = new SignedStateStore({ secret: secret() });
    const again = reusable.sign(meta);
    expect(reusable.check(again, meta).ok && reusable.check(again, meta).ok).toBe(true);
  });

  it('refuses a short secret', () => {
    expect(() => new SignedStateStore({ secret: 'short' })).toThrow(/at least 32/);
  });

  it('keeps the store/verify arity passport-oauth2 dispatches on', () => {
    const store = new SignedStateStore({ secret: secret() });
    expect(store.store.length).toBe(4);
    expect(store.verify.length).toBe(4);
  });
});
