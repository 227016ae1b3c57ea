import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import {
  ADMIN_DATABASE_URL,
  type TestHub,
  createScratchDatabase,
  createTestHub,
  enc,
  eventually,
  serverJson,
  testDbKind,
} from '../../../test/harness';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const PUBLISHERS = 8;

/**
 * A loopback TCP relay in front of Postgres that the test can break, so the Hub loses its
 * database the way it would to a network fault: `cut` resets every connection and refuses new
 * ones; `dieOn` makes any connection that sends the given statement die instead of sending it.
 */
class Relay {
  private server?: net.Server;
  private readonly pairs = new Set<{ inbound: net.Socket; outbound: net.Socket }>();
  private fatal?: Buffer;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = net.createServer((inbound) => {
      const outbound = net.connect(this.target);
      const pair = { inbound, outbound };
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('data', (chunk: Buffer) =>
        this.fatal && chunk.includes(this.fatal) ? drop() : outbound.write(chunk),
      );
      outbound.pipe(inbound);
      for (const s of [inbound, outbound]) s.on('error', drop).on('close', drop);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  dieOn(statement: string | undefined): void {
    this.fatal = statement === undefined ? undefined : Buffer.from(statement);
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const { inbound, outbound } of this.pairs) {
      inbound.resetAndDestroy();
      outbound.destroy();
    }
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  }
}

interface Outcome {
  key: string;
  status: number | 'no answer';
  contentType: string | null;
  retryAfter: string | null;
}

/** A request that fails to come back within this is a hang (the pool's connect timeout is 5 s). */
const ANSWER_WITHIN_MS = 20_000;

async function send(url: string, init: RequestInit = {}): Promise<Omit<Outcome, 'key'> & { body: any }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      retryAfter: res.headers.get('retry-after'),
      body: text ? JSON.parse(text) : undefined,
    };
  } catch {
    return { status: 'no answer', contentType: null, retryAfter: null, body: undefined };
  }
}

async function terminateBackends(database: string): Promise<number> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const res = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** What a client must get when the database went away: a retryable 503 problem, never a 500. */
function unavailable(o: Omit<Outcome, 'key'>) {
  return {
    status: o.status,
    contentType: o.contentType?.split(';')[0],
    retryAfter: o.retryAfter !== null && Number(o.retryAfter) > 0,
  };
}
const UNAVAILABLE = { status: 503, contentType: 'application/problem+json', retryAfter: true };

(testDbKind() === 'postgres' ? describe : describe.skip)(
  'losing the database connection (Postgres only: PGlite runs inside the process, there is no connection to lose)',
  () => {
    let hub: TestHub;
    let other: TestHub;
    let relay: Relay;
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    let database: string;
    const token = `dbloss-admin-${randomBytes(12).toString('hex')}`;

    beforeAll(async () => {
      scratch = await createScratchDatabase();
      const direct = new URL(scratch.url);
      database = direct.pathname.slice(1);
      relay = new Relay({ host: direct.hostname, port: Number(direct.port || 5432) });
      await relay.open();
      const relayed = new URL(scratch.url);
      relayed.port = String(relay.port);
      // The Hub under test reaches Postgres through the relay; a second Hub (another process, as
      // far as the database can tell) connects directly.
      hub = await createTestHub({ databaseUrl: relayed.toString(), adminToken: token });
      other = await createTestHub({ databaseUrl: scratch.url, adminToken: token });
    });
    afterAll(async () => {
      await other?.close();
      await hub?.close();
      await relay?.cut();
      await scratch?.drop();
    });

    const publish = (doc: Record<string, unknown>) =>
      send(`${hub.url}/v0.1/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });

    it('answers 503 to the publishes it loses, keeps each publish whole, and carries on', async () => {
      const names = Array.from(
        { length: PUBLISHERS },
        (_, i) => `io.github.dbloss/p${i}-${randomBytes(3).toString('hex')}`,
      );
      const sent = new Map<string, Record<string, unknown>>();
      const outcomes: Outcome[] = [];
      let phase: 'before' | 'after' = 'before';
      let okAfter = 0;

      const publisher = async (name: string) => {
        for (let i = 0; phase === 'before' || okAfter < 3 * PUBLISHERS; i++) {
          const version = `1.${i}.0`;
          const doc = serverJson(name, version, { title: `v${i}` });
          sent.set(`${name}@${version}`, doc);
          const { body: _, ...o } = await publish(doc);
          outcomes.push({ key: `${name}@${version}`, ...o });
          if (phase === 'after' && o.status === 200) okAfter++;
        }
      };
      const running = Promise.all(names.map(publisher));
      // Terminate every backend of the database a few times while the publishers are busy.
      let terminated = 0;
      for (let round = 1; round <= 3; round++) {
        await eventually(
          async () => outcomes.filter((o) => o.status === 200).length >= 8 * round,
          30_000,
          `${8 * round} publishes`,
        );
        terminated += await terminateBackends(database);
      }
      phase = 'after';
      await running;

      expect(terminated).toBeGreaterThan(0);
      const failed = outcomes.filter((o) => o.status !== 200);
      // The terminations cut requests off mid-flight (otherwise this test proves nothing)…
      expect(failed.length).toBeGreaterThan(0);
      // …and every one of those was told to retry: no 500, no hang.
      for (const o of failed) expect({ key: o.key, ...unavailable(o) }).toEqual({ key: o.key, ...UNAVAILABLE });
      expect(okAfter).toBeGreaterThanOrEqual(3 * PUBLISHERS);

      // Each publish is all there or not there at all, whatever its answer was.
      const stored = await other.query<{
        name: string;
        version: string;
        is_latest: boolean;
        server_json: Record<string, unknown>;
      }>(
        `select server_name as name, version, is_latest, server_json from server_versions where server_name like 'io.github.dbloss/%'`,
      );
      const audited = new Set(
        (
          await other.query<{ target: string }>(
            `select target from audit_log where action = 'server.published' and target like 'io.github.dbloss/%'`,
          )
        ).map((r) => r.target),
      );
      expect(new Set(stored.map((r) => `${r.name}@${r.version}`))).toEqual(audited);
      for (const row of stored) expect(row.server_json).toEqual(sent.get(`${row.name}@${row.version}`));
      for (const o of outcomes) if (o.status === 200) expect(audited).toContain(o.key);
      for (const name of names) expect(stored.filter((r) => r.name === name && r.is_latest)).toHaveLength(1);

      // And the Hub reads normally again.
      const read = await send(`${hub.url}/v0.1/servers/${enc(names[0]!)}/versions/latest`);
      expect(read.status).toBe(200);
    }, 120_000);

    it('gets its change feed back: a write by another process still reaches its read cache', async () => {
      const name = `io.github.dbloss/cache-${randomBytes(3).toString('hex')}`;
      expect((await publish(serverJson(name, '1.0.0'))).status).toBe(200);
      await terminateBackends(database);

      // Reconnected and listening again: the read cache is in use (it is bypassed while the feed is down)…
      await eventually(
        async () => (await send(`${hub.url}/healthz`)).body?.checks?.readCache?.status === 'ok',
        30_000,
        'the change feed to reconnect',
      );
      const path = `${hub.url}/v0.1/servers/${enc(name)}/versions/1.0.0`;
      await eventually(async () => (await fetch(path)).headers.get('x-hub-cache') === 'hit', 10_000, 'a cached read');

      // …and a write committed by the other Hub drops the stale entry.
      const patched = await other.request('PATCH', `/v0.1/servers/${enc(name)}/versions/1.0.0/status`, {
        body: { status: 'deprecated', statusMessage: 'use 2' },
        token,
      });
      expect(patched.status).toBe(200);
      await eventually(
        async () => (await send(path)).body?._meta?.[OFFICIAL]?.status === 'deprecated',
        10_000,
        'the cached read to see the write',
      );
    }, 60_000);

    it('answers reads and writes with 503 while the database is unreachable, and recovers', async () => {
      const name = `io.github.dbloss/down-${randomBytes(3).toString('hex')}`;
      expect((await publish(serverJson(name, '1.0.0'))).status).toBe(200);
      await relay.cut();
      try {
        const health = await eventually(
          async () => {
            const z = await send(`${hub.url}/healthz`);
            return z.body?.checks?.readCache?.status === 'degraded' && z;
          },
          30_000,
          'the read cache to report its lost change feed',
        );
        expect(health.status).toBe(503);

        for (const path of [
          '/v0.1/servers',
          `/v0.1/servers/${enc(name)}/versions/latest`,
          `/v0.1/servers/${enc(name)}/versions`,
        ]) {
          const res = await send(hub.url + path);
          expect({ path, ...unavailable(res), code: res.body?.code }).toEqual({
            path,
            ...UNAVAILABLE,
            code: 'unavailable',
          });
        }
        expect(unavailable(await publish(serverJson(name, '2.0.0')))).toEqual(UNAVAILABLE);
      } finally {
        await relay.open();
      }
      await eventually(
        async () => (await send(`${hub.url}/healthz`)).body?.checks?.readCache?.status === 'ok',
        30_000,
        'the change feed to reconnect',
      );
      expect((await publish(serverJson(name, '2.0.0'))).status).toBe(200);
      const latest = await send(`${hub.url}/v0.1/servers/${enc(name)}/versions/latest`);
      expect([latest.status, latest.body?.server?.version]).toEqual([200, '2.0.0']);
    }, 90_000);

    it('gives back the connections that die under a transaction, so the pool never runs dry', async () => {
      // Every transaction's connection dies as it sends BEGIN. A connection not handed back then
      // would be gone from the pool for good: four of those (HUB_DB_POOL_SIZE=4 in tests) and the
      // Hub waits forever for a free one.
      const name = `io.github.dbloss/begin-${randomBytes(3).toString('hex')}`;
      relay.dieOn('begin');
      try {
        for (let i = 0; i < 6; i++)
          expect(unavailable(await publish(serverJson(name, `1.${i}.0`)))).toEqual(UNAVAILABLE);
      } finally {
        relay.dieOn(undefined);
      }
      for (let i = 6; i < 10; i++) expect((await publish(serverJson(name, `1.${i}.0`))).status).toBe(200);
      const stored = await other.query<{ version: string }>(
        `select version from server_versions where server_name = '${name}' order by id`,
      );
      expect(stored.map((r) => r.version)).toEqual(['1.6.0', '1.7.0', '1.8.0', '1.9.0']);
    }, 90_000);
  },
);
