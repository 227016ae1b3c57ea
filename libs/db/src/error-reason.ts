/** The driver's error under the ORM's wrapper (Drizzle's message quotes the statement and all its parameters). */
export function databaseError(err: unknown): { code: string; message: string } | undefined {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, message: String(e.message) };
  }
  return undefined;
}

/**
 * A failure in words fit to store and show: the database's own first line with its SQLSTATE for
 * a database error, else the error's first line — never the statement or its parameters, which
 * can quote any tenant's private text.
 */
export function errorReason(err: unknown, max = 300): string {
  const db = databaseError(err);
  const message = db?.message ?? ownWords(err);
  return `${message.split('\n')[0]!.slice(0, max)}${db ? ` (SQLSTATE ${db.code})` : ''}`;
}

/** The first message in the chain of causes that is not the ORM's quote of the statement. */
function ownWords(err: unknown): string {
  for (
    let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    const message = typeof e === 'object' ? e.message : e;
    if (typeof message !== 'string') return String(e);
    if (!message.startsWith('Failed query:')) return message;
  }
  return 'a database query failed';
}
