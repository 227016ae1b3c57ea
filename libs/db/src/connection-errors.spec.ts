import net from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import { Client, DatabaseError } from 'pg';
import { isConnectionError } from './connection-errors';

const serverError = (code: string, message = 'error') =>
  Object.assign(new DatabaseError(message, 0, 'error'), { code });
const wrapped = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

describe('isConnectionError', () => {
  it.each([
    [
      '57P01 admin_shutdown (pg_terminate_backend)',
      serverError('57P01', 'terminating connection due to administrator command'),
    ],
    ['57P02 crash_shutdown', serverError('57P02')],
    ['57P03 cannot_connect_now (starting up)', serverError('57P03')],
    ['53300 too_many_connections', serverError('53300')],
    ['08006 connection_failure', serverError('08006')],
    ['08P01 protocol_violation', serverError('08P01')],
    ['a lost socket', new Error('Connection terminated unexpectedly')],
    ['the pool giving up on a connect', new Error('timeout exceeded when trying to connect')],
    [
      'a query on a client whose connection broke (a ROLLBACK)',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'every address refused',
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]),
    ],
  ])('%s is one, bare or wrapped in a Drizzle query error', (_, err) => {
    expect(isConnectionError(err)).toBe(true);
    expect(isConnectionError(wrapped(err))).toBe(true);
  });

  it.each([
    ['23505 unique_violation', serverError('23505')],
    ['42P01 undefined_table', serverError('42P01')],
    ['57014 query_canceled (a statement timeout)', serverError('57014')],
    ['a plain error', new Error('boom')],
    ['a string', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s is not', (_, err) => {
    expect(isConnectionError(err)).toBe(false);
    expect(isConnectionError(wrapped(err))).toBe(false);
  });

  it('follows causes without looping on a cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isConnectionError(a)).toBe(false);
  });

  it("knows node-postgres's own error for a refused connection", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(p));
      });
    });
    const client = new Client({ host: '127.0.0.1', port, user: 'nobody', database: 'none' });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isConnectionError(err)).toBe(true);
  });
});
