/**
 * Contract tests: every operation the official MCP Registry OpenAPI document declares is called
 * live against a running Hub, and every response body is validated with Ajv against the schema the
 * spec declares for the status code that came back. Request bodies we send as valid are checked
 * against the declared request schema too (and the deliberately invalid ones must fail it).
 *
 * The operations are read from the spec itself, so a path or method added to the spec without a
 * scenario here fails the suite instead of going untested.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { type TestHub, type TestResponse, createTestHub, enc, serverJson, uniqueName } from '../../../test/harness';

const SPEC_FILE = path.resolve(__dirname, '../../../../shared/reference/official-registry/openapi.yaml');
const spec = parseYaml(fs.readFileSync(SPEC_FILE, 'utf8')) as OpenApiDoc;

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const SPEC_ID = 'https://mcp-hub.test/contract/official-registry-openapi.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
/** Status codes the spec declares that a healthy Hub cannot be made to produce on purpose. */
const UNREACHABLE_STATUSES = new Set(['500', '501']);
const PREFIXES = ['/v0.1', '/v0'] as const;

interface MediaType {
  schema?: Record<string, unknown>;
}
interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------
// Ajv over the whole OpenAPI document, so `#/components/schemas/X` resolves through it.
// ---------------------------------------------------------------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...(spec as unknown as Record<string, unknown>), $id: SPEC_ID });

/** Inline schemas in the spec say `$ref: '#/components/...'`; point those at the registered document. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#') ? SPEC_ID + v : anchorRefs(v),
      ]),
    );
  }
  return node;
}

const compiled = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(anchorRefs(schema) as Record<string, unknown>);
    compiled.set(key, v);
  }
  return v;
}

function jsonSchemaOf(content: Record<string, MediaType> | undefined): Record<string, unknown> | undefined {
  return content?.['application/json']?.schema;
}

function describeErrors(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 10), null, 2);
}

// ---------------------------------------------------------------------------------------------
// The operations, straight from the spec.
// ---------------------------------------------------------------------------------------------

interface SpecOperation {
  key: string; // e.g. "GET /v0.1/servers"
  method: string;
  template: string;
  op: Operation;
}

const SPEC_OPERATIONS: SpecOperation[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => ({
    key: `${m.toUpperCase()} ${template}`,
    method: m.toUpperCase(),
    template,
    op: item[m]!,
  })),
);

// ---------------------------------------------------------------------------------------------
// Scenarios: one per spec operation. Each makes live calls through `call`, which records what it
// saw; the driver then checks every observation against the spec.
// ---------------------------------------------------------------------------------------------

interface Observation {
  label: string;
  status: number;
  contentType: string | null;
  body: unknown;
  requestBody?: unknown;
  /** true: the body we sent must satisfy the declared request schema; false: it must not. */
  requestBodyValid?: boolean;
}

interface Ctx {
  hub: TestHub;
  prefix: string;
  admin: string;
  /** A publish-scoped token for `io.github.contract/*`. */
  publisher: string;
  /** The spec path with its parameters filled in (encoded), under the prefix being tested. */
  url(params?: { serverName?: string; version?: string }, query?: string): string;
  call(
    label: string,
    expectStatus: number,
    opts?: {
      params?: { serverName?: string; version?: string };
      query?: string;
      body?: unknown;
      token?: string | null;
      requestBodyValid?: boolean;
    },
  ): Promise<TestResponse>;
  publish(name: string, version: string, token?: string): Promise<void>;
  /** `call` with a valid request `body`, sent with `token`. */
  send(
    label: string,
    expectStatus: number,
    params: { serverName?: string; version?: string },
    body: unknown,
    token: string | null,
  ): Promise<TestResponse>;
}

const IN_NS = 'io.github.contract';
const OUT_NS = 'io.github.elsewhere';

const SCENARIOS: Record<string, (c: Ctx) => Promise<void>> = {
  'GET /v0.1/servers': async (c) => {
    const names = [uniqueName(IN_NS), uniqueName(IN_NS), uniqueName(IN_NS)];
    for (const n of names) await c.publish(n, '1.0.0');
    await c.publish(names[0]!, '1.1.0');
    // One deleted entry, so include_deleted / updated_since responses carry a deleted status.
    const del = await c.hub.request('PATCH', `/v0.1/servers/${enc(names[2]!)}/status`, {
      body: { status: 'deleted', statusMessage: 'gone' },
      token: c.admin,
    });
    expect(del.status).toBe(200);

    const all = await c.call('no parameters', 200);
    expect(all.body.metadata.count).toBe(all.body.servers.length);

    const page1 = await c.call('limit=2', 200, { query: 'limit=2' });
    expect(page1.body.servers).toHaveLength(2);
    expect(typeof page1.body.metadata.nextCursor).toBe('string');
    const page2 = await c.call('next page via cursor', 200, {
      query: `limit=2&cursor=${enc(page1.body.metadata.nextCursor)}`,
    });
    const seen = [...page1.body.servers, ...page2.body.servers].map((s: any) => `${s.server.name}@${s.server.version}`);
    expect(new Set(seen).size).toBe(seen.length);

    const search = await c.call('search + version=latest', 200, { query: `search=${enc(names[0]!)}&version=latest` });
    expect(search.body.servers.map((s: any) => s.server.version)).toEqual(['1.1.0']);

    const exact = await c.call('version exact', 200, { query: `search=${enc(names[0]!)}&version=1.0.0` });
    expect(exact.body.servers.map((s: any) => s.server.version)).toEqual(['1.0.0']);

    const since = await c.call('updated_since (implies deleted)', 200, {
      query: `updated_since=${enc('2000-01-01T00:00:00Z')}&search=${enc(names[2]!)}`,
    });
    expect(since.body.servers.map((s: any) => s._meta[OFFICIAL].status)).toEqual(['deleted']);

    const withDeleted = await c.call('include_deleted=true', 200, {
      query: `include_deleted=true&search=${enc(names[2]!)}`,
    });
    expect(withDeleted.body.servers).toHaveLength(1);
    const withoutDeleted = await c.call('include_deleted=false', 200, {
      query: `include_deleted=false&search=${enc(names[2]!)}`,
    });
    expect(withoutDeleted.body.servers).toHaveLength(0);
  },

  'GET /v0.1/servers/{serverName}/versions': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0');
    await c.publish(name, '2.0.0');
    const res = await c.call('existing server', 200, { params: { serverName: name } });
    expect(res.body.servers.map((s: any) => s.server.version)).toEqual(['2.0.0', '1.0.0']);
    await c.call('include_deleted=true', 200, { params: { serverName: name }, query: 'include_deleted=true' });
    await c.call('unknown server', 404, { params: { serverName: uniqueName(IN_NS) } });
  },

  'GET /v0.1/servers/{serverName}/versions/{version}': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0');
    await c.publish(name, '1.0.1+build.7');
    const exact = await c.call('exact version', 200, { params: { serverName: name, version: '1.0.0' } });
    expect(exact.body.server.version).toBe('1.0.0');
    const latest = await c.call('latest', 200, { params: { serverName: name, version: 'latest' } });
    expect(latest.body._meta[OFFICIAL].isLatest).toBe(true);
    await c.call('build metadata, URL-encoded', 200, { params: { serverName: name, version: '1.0.1+build.7' } });
    await c.call('include_deleted=true', 200, {
      params: { serverName: name, version: '1.0.0' },
      query: 'include_deleted=true',
    });
    await c.call('unknown version', 404, { params: { serverName: name, version: '9.9.9' } });
    await c.call('unknown server', 404, { params: { serverName: uniqueName(IN_NS), version: 'latest' } });
  },

  'PUT /v0.1/servers/{serverName}/versions/{version}': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0', c.publisher);
    const edited = serverJson(name, '1.0.0', { description: 'Edited by an admin' });
    const res = await c.send('admin edit', 200, { serverName: name, version: '1.0.0' }, edited, c.admin);
    expect(res.body.server.description).toBe('Edited by an admin');
    await c.send('no token', 401, { serverName: name, version: '1.0.0' }, edited, null);
    await c.send(
      'publisher (versions are immutable)',
      403,
      { serverName: name, version: '1.0.0' },
      edited,
      c.publisher,
    );
    const missing = serverJson(name, '7.7.7');
    await c.send('unknown version', 404, { serverName: name, version: '7.7.7' }, missing, c.admin);
  },

  'DELETE /v0.1/servers/{serverName}/versions/{version}': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0', c.publisher);
    await c.publish(name, '1.1.0', c.publisher);
    const other = uniqueName(OUT_NS);
    await c.publish(other, '1.0.0');
    await c.call('no token', 401, { params: { serverName: name, version: '1.1.0' }, token: null });
    await c.call('outside the token namespace', 403, {
      params: { serverName: other, version: '1.0.0' },
      token: c.publisher,
    });
    const res = await c.call('publisher within the window', 200, {
      params: { serverName: name, version: '1.1.0' },
      token: c.publisher,
    });
    expect(res.body._meta[OFFICIAL].status).toBe('deleted');
    await c.call('already unpublished', 404, { params: { serverName: name, version: '1.1.0' }, token: c.publisher });
    await c.call('unknown server', 404, {
      params: { serverName: uniqueName(IN_NS), version: '1.0.0' },
      token: c.admin,
    });
  },

  'PATCH /v0.1/servers/{serverName}/versions/{version}/status': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0', c.publisher);
    const other = uniqueName(OUT_NS);
    await c.publish(other, '1.0.0');
    const deprecate = { status: 'deprecated', statusMessage: 'Please upgrade to 2.0.0' };
    const res = await c.send('deprecate', 200, { serverName: name, version: '1.0.0' }, deprecate, c.publisher);
    expect(res.body._meta[OFFICIAL]).toMatchObject({ status: 'deprecated', statusMessage: 'Please upgrade to 2.0.0' });
    await c.send('no change', 400, { serverName: name, version: '1.0.0' }, deprecate, c.publisher);
    await c.call('unknown status value', 400, {
      params: { serverName: name, version: '1.0.0' },
      body: { status: 'archived' },
      token: c.publisher,
      requestBodyValid: false,
    });
    const reactivate = await c.send(
      'back to active',
      200,
      { serverName: name, version: '1.0.0' },
      { status: 'active' },
      c.admin,
    );
    expect(reactivate.body._meta[OFFICIAL].statusMessage).toBeUndefined();
    await c.send('no token', 401, { serverName: name, version: '1.0.0' }, deprecate, null);
    await c.send('outside the token namespace', 403, { serverName: other, version: '1.0.0' }, deprecate, c.publisher);
    await c.send('unknown version', 404, { serverName: name, version: '3.0.0' }, deprecate, c.admin);
  },

  'PATCH /v0.1/servers/{serverName}/status': async (c) => {
    const name = uniqueName(IN_NS);
    await c.publish(name, '1.0.0', c.publisher);
    await c.publish(name, '2.0.0', c.publisher);
    const other = uniqueName(OUT_NS);
    await c.publish(other, '1.0.0');
    const body = { status: 'deprecated', statusMessage: 'Moved to io.github.contract/new' };
    const res = await c.call('deprecate every version', 200, {
      params: { serverName: name },
      body,
      token: c.publisher,
      requestBodyValid: true,
    });
    expect(res.body.updatedCount).toBe(2);
    expect(res.body.servers).toHaveLength(2);
    await c.call('unknown status value', 400, {
      params: { serverName: name },
      body: { status: 'gone' },
      token: c.publisher,
      requestBodyValid: false,
    });
    await c.call('no token', 401, { params: { serverName: name }, body, token: null, requestBodyValid: true });
    await c.call('outside the token namespace', 403, {
      params: { serverName: other },
      body,
      token: c.publisher,
      requestBodyValid: true,
    });
    await c.call('unknown server', 404, {
      params: { serverName: uniqueName(IN_NS) },
      body,
      token: c.admin,
      requestBodyValid: true,
    });
  },

  'POST /v0.1/publish': async (c) => {
    const byAdmin = serverJson(uniqueName(OUT_NS), '1.0.0', {
      title: 'Contract',
      websiteUrl: 'https://example.com/contract',
    });
    const res = await c.call('admin', 200, { body: byAdmin, token: c.admin, requestBodyValid: true });
    expect(res.body.server).toEqual(byAdmin);
    expect(res.body._meta[OFFICIAL]).toMatchObject({ status: 'active', isLatest: true });
    const remote = {
      ...serverJson(uniqueName(IN_NS), '0.1.0'),
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://mcp.example.com/{tenant}/mcp',
          variables: { tenant: { description: 'Tenant', isRequired: true } },
        },
      ],
    };
    await c.call('publisher, remote server', 200, { body: remote, token: c.publisher, requestBodyValid: true });
    const outside = serverJson(uniqueName(OUT_NS), '1.0.0');
    await c.call('no token', 401, { body: outside, token: null, requestBodyValid: true });
    await c.call('unknown token', 401, { body: outside, token: 'mcphub_not-a-real-token', requestBodyValid: true });
    await c.call('outside the token namespace', 403, { body: outside, token: c.publisher, requestBodyValid: true });
  },
};

// ---------------------------------------------------------------------------------------------

describe('contract: the official registry OpenAPI document, checked live', () => {
  let hub: TestHub;
  let publisher: string;

  beforeAll(async () => {
    hub = await createTestHub();
    const tok = await hub.request('POST', '/api/v1/tokens', {
      body: { namespace: `${IN_NS}/*`, scopes: ['publish'] },
      token: hub.adminToken,
    });
    expect(tok.status).toBe(201);
    publisher = tok.body.token;
  });
  afterAll(() => hub?.close());

  it('the spec is loaded and names the operations we expect to find in it', () => {
    expect(SPEC_OPERATIONS.length).toBeGreaterThanOrEqual(8);
    expect(SPEC_OPERATIONS.map((o) => o.key)).toEqual(
      expect.arrayContaining(['GET /v0.1/servers', 'POST /v0.1/publish']),
    );
    for (const name of [
      'ServerList',
      'ServerResponse',
      'ServerDetail',
      'StatusUpdateRequest',
      'AllVersionsStatusResponse',
    ]) {
      expect(ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`)).toBeDefined();
    }
  });

  it('every scenario here targets an operation that exists in the spec', () => {
    const inSpec = new Set(SPEC_OPERATIONS.map((o) => o.key));
    expect(Object.keys(SCENARIOS).filter((k) => !inSpec.has(k))).toEqual([]);
  });

  const cases = SPEC_OPERATIONS.flatMap((o) => PREFIXES.map((prefix) => ({ ...o, prefix })));

  it.each(cases)(
    '$key (served under $prefix) answers as the spec declares',
    async ({ key, method, template, op, prefix }) => {
      const scenario = SCENARIOS[key];
      if (!scenario)
        throw new Error(
          `The spec declares ${key} but contract.e2e.spec.ts has no scenario for it: add one to SCENARIOS.`,
        );

      const observations: Observation[] = [];
      const fill = (params: { serverName?: string; version?: string } = {}, query?: string) => {
        let p = template.replace(/^\/v0\.1(?=\/)/, prefix);
        p = p.replace(/\{(\w+)\}/g, (_, k: string) => {
          const v = (params as Record<string, string | undefined>)[k];
          if (v === undefined) throw new Error(`scenario for ${key} did not give path parameter ${k}`);
          return enc(v);
        });
        return query ? `${p}?${query}` : p;
      };
      const ctx: Ctx = {
        hub,
        prefix,
        admin: hub.adminToken,
        publisher,
        url: fill,
        publish: async (name, version, token = hub.adminToken) => {
          const res = await hub.request('POST', '/v0.1/publish', { body: serverJson(name, version), token });
          if (res.status !== 200)
            throw new Error(`setup publish of ${name}@${version} failed: ${res.status} ${res.text}`);
        },
        call: async (label, expectStatus, o = {}) => {
          const res = await hub.request(method, fill(o.params, o.query), {
            body: o.body,
            token: o.token === undefined ? (method === 'GET' ? null : hub.adminToken) : o.token,
          });
          if (res.status !== expectStatus) {
            throw new Error(
              `${key} [${label}] under ${prefix}: expected ${expectStatus}, got ${res.status}: ${res.text.slice(0, 800)}`,
            );
          }
          observations.push({
            label,
            status: res.status,
            contentType: res.headers.get('content-type'),
            body: res.body,
            requestBody: o.body,
            requestBodyValid: o.requestBodyValid,
          });
          return res;
        },
        send: (label, expectStatus, params, body, token) =>
          ctx.call(label, expectStatus, { params, body, token, requestBodyValid: true }),
      };

      await scenario(ctx);

      const failures: string[] = [];
      for (const ob of observations) {
        const where = `${key} [${ob.label}] → ${ob.status}`;
        const declared = op.responses[String(ob.status)];
        if (!declared) {
          failures.push(
            `${where}: the spec declares no ${ob.status} response for this operation (declared: ${Object.keys(op.responses).join(', ')})`,
          );
          continue;
        }
        const schema = jsonSchemaOf(declared.content);
        if (!schema) {
          failures.push(`${where}: the spec's ${ob.status} response has no application/json schema`);
          continue;
        }
        // Success bodies are application/json; errors are RFC 7807 application/problem+json (a JSON type).
        const ctOk =
          ob.status < 300
            ? /^application\/json\b/.test(ob.contentType ?? '')
            : /^application\/(problem\+)?json\b/.test(ob.contentType ?? '');
        if (!ctOk) failures.push(`${where}: content-type ${ob.contentType}`);
        if (ob.body === undefined) {
          failures.push(`${where}: response body is not JSON`);
          continue;
        }
        const v = validatorFor(`${key} ${ob.status}`, schema);
        if (!v(ob.body))
          failures.push(
            `${where}: body does not match the declared schema: ${describeErrors(v)}\nbody: ${JSON.stringify(ob.body).slice(0, 600)}`,
          );

        if (ob.requestBodyValid !== undefined) {
          const reqSchema = jsonSchemaOf(op.requestBody?.content);
          if (!reqSchema) {
            failures.push(`${where}: sent a body but the spec declares no application/json request body`);
          } else {
            const rv = validatorFor(`${key} request`, reqSchema);
            const ok = rv(ob.requestBody) as boolean;
            if (ok !== ob.requestBodyValid) {
              failures.push(
                `${where}: the request body was meant to be ${ob.requestBodyValid ? 'valid' : 'invalid'} under the declared request schema but is not: ${describeErrors(rv)}`,
              );
            }
          }
        } else if (op.requestBody?.required) {
          failures.push(`${where}: the spec requires a request body but the scenario sent none`);
        }
      }

      // Every status the spec declares (other than server failures) must have been exercised.
      const seen = new Set(observations.map((o) => String(o.status)));
      const unexercised = Object.keys(op.responses).filter((s) => !UNREACHABLE_STATUSES.has(s) && !seen.has(s));
      if (unexercised.length > 0)
        failures.push(`${key}: declared responses never exercised by the scenario: ${unexercised.join(', ')}`);

      expect(failures).toEqual([]);
    },
  );

  it('/v0 and /v0.1 serve the same data from the same handlers', async () => {
    const name = uniqueName(IN_NS);
    for (const v of ['1.0.0', '1.2.0']) {
      expect(
        (await hub.request('POST', '/v0/publish', { body: serverJson(name, v), token: hub.adminToken })).status,
      ).toBe(200);
    }
    for (const tail of [
      `/servers?search=${enc(name)}`,
      `/servers/${enc(name)}/versions`,
      `/servers/${enc(name)}/versions/latest`,
      `/servers/${enc(name)}/versions/1.0.0`,
    ]) {
      const a = await hub.request('GET', `/v0.1${tail}`);
      const b = await hub.request('GET', `/v0${tail}`);
      expect(a.status).toBe(200);
      expect(b.status).toBe(a.status);
      expect(b.body).toEqual(a.body);
    }
    const missing = `/servers/${enc(uniqueName(IN_NS))}/versions`;
    const a404 = await hub.request('GET', `/v0.1${missing}`);
    const b404 = await hub.request('GET', `/v0${missing}`);
    expect([a404.status, b404.status]).toEqual([404, 404]);
    expect({ ...b404.body, instance: undefined }).toEqual({ ...a404.body, instance: undefined });
  });
});
