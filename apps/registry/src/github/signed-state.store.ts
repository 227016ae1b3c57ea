import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A passport-oauth2 state store that needs no server session: the `state` sent to GitHub is
 * `v1.<payload>.<mac>`, an HMAC-SHA256-signed payload holding a nonce, an expiry and optional
 * application data (e.g. where to return after sign-in). The MAC also covers the OAuth client id
 * and callback URL, so a state minted for one app or callback is refused by another.
 *
 * A signed state proves "this Hub started this sign-in recently", not "this browser did". To stop
 * login CSRF (an attacker's callback URL opened in a victim's browser), pass `bind`: a value tied
 * to the browser, typically a random cookie set when sign-in starts, that the MAC then covers.
 *
 * `oneTimeUse` remembers consumed nonces in this process until they expire. With several Hub
 * processes a replay on another process still passes this check, but GitHub's codes are
 * single-use, so the replayed callback fails at the token exchange anyway.
 */
export interface SignedStateStoreOptions {
  /** At least 32 characters; rotating it invalidates sign-ins in progress. */
  secret: string;
  /** How long a sign-in may take, from redirect to callback. Default 10 minutes. */
  ttlMs?: number;
  oneTimeUse?: boolean;
  /** A per-browser value (e.g. a cookie) the state must be presented with. */
  bind?: (req: unknown) => string | undefined;
  now?: () => number;
}

/** What passport-oauth2 hands a state store (its `meta` argument). */
export interface StateMeta {
  clientID?: string;
  callbackURL?: string;
}

export type StateCheck = { ok: true; data: unknown } | { ok: false; message: string };

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: boolean, info?: unknown) => void;

interface Payload {
  /** Nonce: makes every state unique, and is what one-time use remembers. */
  n: string;
  /** Expiry, ms since the epoch. */
  e: number;
  /** Application data round-tripped through GitHub. */
  d?: unknown;
}

const VERSION = 'v1';

export class SignedStateStore {
  private readonly secret: string;
  private readonly ttlMs: number;
  private readonly oneTimeUse: boolean;
  private readonly bind: ((req: unknown) => string | undefined) | undefined;
  private readonly now: () => number;
  private readonly used = new Map<string, number>();

  constructor(options: SignedStateStoreOptions) {
    if (options.secret.length < 32)
      throw new TypeError('The sign-in state secret must be at least 32 characters long.');
    this.secret = options.secret;
    this.ttlMs = options.ttlMs ?? 10 * 60 * 1000;
    this.oneTimeUse = options.oneTimeUse ?? false;
    this.bind = options.bind;
    this.now = options.now ?? Date.now;
  }

  /** Mints a state for a sign-in that starts now. */
  sign(meta: StateMeta, data?: unknown, req?: unknown): string {
    const payload: Payload = {
      n: randomBytes(16).toString('base64url'),
      e: this.now() + this.ttlMs,
      ...(data === undefined ? {} : { d: data }),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${VERSION}.${body}.${this.mac(body, meta, req)}`;
  }

  /** Checks a state that came back on the callback, and consumes it when `oneTimeUse` is on. */
  check(state: unknown, meta: StateMeta, req?: unknown): StateCheck {
    const restart = 'Start the GitHub sign-in again.';
    if (typeof state !== 'string' || state === '')
      return { ok: false, message: `GitHub's answer carried no sign-in state. ${restart}` };
    const [version, body, mac, extra] = state.split('.');
    if (
      version !== VERSION ||
      !body ||
      !mac ||
      extra !== undefined ||
      !this.macMatches(mac, this.mac(body, meta, req))
    ) {
      return {
        ok: false,
        message: `The sign-in state is invalid: it was altered, or belongs to another sign-in. ${restart}`,
      };
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    const now = this.now();
    if (now >= payload.e) return { ok: false, message: `The sign-in took too long and expired. ${restart}` };
    if (this.oneTimeUse) {
      for (const [nonce, expiry] of this.used) if (expiry <= now) this.used.delete(nonce);
      if (this.used.has(payload.n)) return { ok: false, message: `This sign-in link was already used. ${restart}` };
      this.used.set(payload.n, payload.e);
    }
    return { ok: true, data: payload.d };
  }

  // passport-oauth2 picks the call shape by the functions' arity: keep exactly four parameters.
  store(req: unknown, data: unknown, meta: StateMeta, callback: StoreCallback): void {
    callback(null, this.sign(meta, data, req));
  }

  verify(req: unknown, state: string, meta: StateMeta, callback: VerifyCallback): void {
    const result = this.check(state, meta, req);
    if (result.ok) callback(null, true, result.data);
    else callback(null, false, { message: result.message });
  }

  private mac(body: string, meta: StateMeta, req: unknown): string {
    const binding = this.bind?.(req) ?? '';
    return createHmac('sha256', this.secret)
      .update([VERSION, body, meta.clientID ?? '', meta.callbackURL ?? '', binding].join('\n'))
      .digest('base64url');
  }

  private macMatches(given: string, expected: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
