/**
 * SQLSTATEs that mean the session is gone or cannot be had right now, not that the statement was
 * wrong: the server shut the backend down (admin, crash, still starting), refused it for lack of
 * connection slots, or the connection failed (class 08).
 */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket failures on the way to the database. */
const CONNECTION_ERRNOS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * node-postgres reports a lost or unobtainable connection with these messages and no code:
 * "Connection terminated (unexpectedly | due to connection timeout)", "timeout exceeded when
 * trying to connect", "Client has encountered a connection error and is not queryable" (a later
 * query on a client that lost its connection, such as a transaction's ROLLBACK), and "Client was
 * closed and is not queryable".
 */
const CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client (has encountered a connection error|was closed) and is not queryable)/;

/**
 * Whether `err` (or what it wraps: Drizzle's query error keeps the driver's error as `cause`)
 * says the database connection was lost or could not be made — an outage to retry after, as
 * opposed to a statement the database refused.
 */
export function isConnectionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  // Shapes, not `instanceof Error`: socket errors are made by Node itself, and an Error from
  // another realm (a worker, a VM context) is not an instance of this one's.
  const visit = (e: unknown): boolean => {
    if (typeof e !== 'object' || e === null || seen.has(e)) return false;
    seen.add(e);
    const { code, message, errors, cause } = e as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (CONNECTION_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || CONNECTION_ERRNOS.has(code))
    )
      return true;
    if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) return true;
    // A connect to a name with several addresses fails with one error per address (AggregateError).
    if (Array.isArray(errors) && errors.some(visit)) return true;
    return visit(cause);
  };
  return visit(err);
}
