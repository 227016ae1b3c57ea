/**
 * Runs one passport Strategy's `authenticate` outside passport's Express middleware (the Hub
 * serves HTTP with Fastify) and reports what the strategy decided.
 *
 * passport's middleware works by creating, per request, an object whose prototype is the strategy
 * and giving it `redirect/success/fail/error/pass`; the strategy calls exactly one of them, possibly
 * asynchronously. This does the same and turns the call into a promise. Strategies only read
 * `req.query` and `req.body` (and headers for relative callback URLs), which a Fastify request has.
 */
export interface StrategyRequest {
  query?: unknown;
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

/** The part of a passport Strategy this needs (passport's own types are not a Hub dependency). */
export interface PassportStrategy {
  name?: string;
  authenticate(req: StrategyRequest, options?: object): void;
}

export type StrategyOutcome<TUser> =
  | { redirect: string }
  | { user: TUser; info?: { state?: unknown } & Record<string, unknown> }
  | { fail: { message: string; status?: number } };

/**
 * Resolves with the strategy's decision; rejects with the error it reported (or threw).
 * `options` are passport's authenticate options, e.g. `{ state: { returnTo: '/me' } }` for data
 * to carry through the state store (an object: a string `state` makes passport-oauth2 skip the
 * store).
 */
export function runStrategy<TUser = unknown>(
  strategy: PassportStrategy,
  req: StrategyRequest,
  options: Record<string, unknown> = {},
): Promise<StrategyOutcome<TUser>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const run = Object.create(strategy) as PassportStrategy & Hooks;
    run.redirect = (url) => settle(() => resolve({ redirect: url }));
    run.success = (user, info) =>
      settle(() => resolve({ user: user as TUser, ...(info ? { info: info as { state?: unknown } } : {}) }));
    run.fail = (challenge, status) =>
      settle(() => resolve({ fail: { message: failureMessage(challenge), ...(status ? { status } : {}) } }));
    run.error = (err) => settle(() => reject(err));
    run.pass = () =>
      settle(() => reject(new Error(`The ${strategy.name ?? 'passport'} strategy made no decision for this request.`)));
    try {
      run.authenticate(req, options);
    } catch (err) {
      run.error(err);
    }
  });
}

/** The functions passport's middleware gives each per-request strategy object. */
interface Hooks {
  redirect(url: string, status?: number): void;
  success(user: unknown, info?: object): void;
  fail(challenge?: unknown, status?: number): void;
  error(err: unknown): void;
  pass(): void;
}

function failureMessage(challenge: unknown): string {
  if (typeof challenge === 'string' && challenge) return challenge;
  if (
    challenge &&
    typeof challenge === 'object' &&
    'message' in challenge &&
    typeof challenge.message === 'string' &&
    challenge.message
  ) {
    return challenge.message;
  }
  return 'Sign-in failed. Start the sign-in again.';
}
