/**
 * Bad input, table-driven: every row is one request the Hub must refuse. Each row checks that the
 * answer is the expected 4xx (never a 5xx), that it is an RFC 7807 problem document, and that
 * nothing changed: no server or version appeared, the target version kept its status, and the
 * token table is as it was.
 *
 * Status conventions checked here (the Hub's, see libs/domain/src/errors.ts):
 *   400 unparseable request / bad query / bad status or token body,
 *   422 a JSON body that is not a valid server.json (including non-objects and a missing body),
 *   401 no or bad credentials, 403 not allowed, 404 unknown thing or route, 409 version exists,
 *   413 body over 1 MiB, 415 body that is not application/json, 408 a request that does not arrive in
 *   time, 431 headers too large, 417 an unsupported Expect.
 * Every 4xx anywhere in this file, including set-up and checks, must be a problem document: all
 * requests go through send() or wire(), which fail the test on a plain 4xx.
 */
import { randomBytes } from 'node:crypto';
import {
  type TestHub,
  type TestResponse,
  createTestHub,
  enc,
  rawHttp,
  serverJson,
  useTestHub,
} from '../../../test/harness';

const NS = 'io.github.badpub';
const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const MIB = 1024 * 1024;

interface Fixture {
  /** `${NS}/…`, version 1.0.0 active, published by the admin; the target of status rows. */
  target: string;
  /** A server outside the publisher's namespace, version 1.0.0. */
  foreign: string;
  publisher: string;
  publisherId: string;
  /** A token the admin minted for the same namespace: not the publisher's to see or revoke. */
  otherId: string;
  revoked: string;
}

type Who = 'admin' | 'publisher' | 'revoked' | 'unknown' | 'none';
type Effect =
  /** A publish was refused: no server whose name contains the row's marker may exist. */
  | 'publish'
  /** A write to the fixture target was refused: target@1.0.0 must be exactly as before. */
  | 'target';

interface Row {
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string | ((f: Fixture, marker: string) => string);
  body?: (f: Fixture, marker: string) => unknown;
  raw?: string | ((f: Fixture, marker: string) => string);
  /** Bytes written to a raw TCP connection instead: for what an HTTP client would refuse to send. */
  wire?: (f: Fixture, marker: string, token: string | null) => (string | Buffer)[];
  headers?: Record<string, string>;
  /** Default: admin for writes, none for GET. */
  who?: Who;
  status: number;
  /** What the problem's detail must say, where the wording is the point. */
  detail?: RegExp;
  effect?: Effect;
}

/** A valid server.json named `${NS}/<marker>`, with overrides (undefined removes a field). */
function doc(marker: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = serverJson(`${NS}/${marker}`, '1.0.0');
  const out: Record<string, unknown> = { ...base, ...overrides };
  for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete out[k];
  return out;
}
/** A publish as it goes over the wire, with a body of exactly these bytes. */
const publishWire =
  (body: Buffer | string, extraHeaders = '', contentLength = Buffer.byteLength(body)) =>
  (token: string | null) => [
    `POST /v0.1/publish HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n${extraHeaders}\r\n`,
    body,
  ];
/** The document with one string value cut by bytes that are not UTF-8 (a Latin-1 "é", a lone continuation byte). */
const notUtf8 = (m: string) => {
  const [before, after] = JSON.stringify(doc(m, { description: 'SPLIT' })).split('SPLIT') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80]), Buffer.from(after)]);
};

const pkg = (over: Record<string, unknown>) => ({
  registryType: 'npm',
  identifier: '@bad/pkg',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...over,
});

/** A publish row: POST /v0.1/publish as the admin with a server.json built from the marker. */
const pub = (label: string, body: (m: string) => unknown, status = 422): Row => ({
  label,
  method: 'POST',
  path: '/v0.1/publish',
  body: (_f, m) => body(m),
  status,
  effect: 'publish',
});
/** A publish row as the admin whose body goes as it is (`raw`) or straight onto the wire (`wire`). */
const sent = (label: string, status: number, send: Pick<Row, 'raw' | 'wire' | 'headers' | 'detail'>): Row => ({
  label,
  method: 'POST',
  path: '/v0.1/publish',
  ...send,
  status,
  effect: 'publish',
});
/** A publish row about who may publish: sent as `who` (with `headers`), answered with `status`. */
const authPub = (
  label: string,
  who: Who,
  status: number,
  body: (m: string) => unknown = (m) => doc(m),
  headers?: Record<string, string>,
): Row => ({ ...pub(`auth: ${label}`, body, status), who, ...(headers ? { headers } : {}) });
const badVersion = (v: string) => pub(`version ${JSON.stringify(v)}`, (m) => doc(m, { version: v }));
const badPkgVersion = (v: string) =>
  pub(`package version ${JSON.stringify(v)}`, (m) => doc(m, { packages: [pkg({ version: v })] }));

const listQuery = (label: string, query: string, path = '/v0.1/servers'): Row => ({
  label: `list: ${label}`,
  method: 'GET',
  path: `${path}?${query}`,
  status: 400,
});
const versionStatus = (label: string, body: unknown, status = 400, who: Who = 'admin'): Row => ({
  label: `version status: ${label}`,
  method: 'PATCH',
  path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0/status`,
  body: () => body,
  who,
  status,
  effect: 'target',
});
const serverStatus = (label: string, body: unknown, status = 400, who: Who = 'admin'): Row => ({
  label: `server status: ${label}`,
  method: 'PATCH',
  path: (f) => `/v0.1/servers/${enc(f.target)}/status`,
  body: () => body,
  who,
  status,
  effect: 'target',
});
const mint = (label: string, body: unknown, who: Who = 'admin', status = 400): Row => ({
  label: `token: ${label}`,
  method: 'POST',
  path: '/api/v1/tokens',
  body: () => body,
  who,
  status,
});

const ROWS: Row[] = [
  // --- the body itself -------------------------------------------------------------------------
  sent('malformed JSON', 400, {
    raw: (_f, m) => `{"name": "${NS}/${m}", "description": `,
    detail: /not valid JSON/,
  }),
  sent('JSON array body', 422, {
    raw: (_f, m) => JSON.stringify([doc(m)]),
  }),
  sent('JSON string body', 422, {
    raw: (_f, m) => JSON.stringify(JSON.stringify(doc(m))),
  }),
  { label: 'JSON number body', method: 'POST', path: '/v0.1/publish', raw: '42', status: 422 },
  { label: 'JSON null body', method: 'POST', path: '/v0.1/publish', raw: 'null', status: 422 },
  {
    label: 'empty body sent as application/json',
    method: 'POST',
    path: '/v0.1/publish',
    raw: '',
    status: 400,
    detail: /body is empty/,
  },
  { label: 'missing body (no content at all)', method: 'POST', path: '/v0.1/publish', status: 422 },
  sent('wrong content-type: text/plain', 415, {
    raw: (_f, m) => JSON.stringify(doc(m)),
    headers: { 'content-type': 'text/plain' },
  }),
  sent('wrong content-type: form-urlencoded', 415, {
    raw: (_f, m) => `name=${NS}/${m}&description=x&version=1.0.0`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  sent('body that is not valid UTF-8', 400, {
    wire: (_f, m, t) => publishWire(notUtf8(m))(t),
    detail: /not valid UTF-8/,
  }),
  sent('body with a "__proto__" key', 400, {
    raw: (_f, m) => JSON.stringify(doc(m)).replace('{', '{"__proto__":{"isAdmin":true},'),
    detail: /"__proto__"/,
  }),
  sent('compressed body (Content-Encoding: gzip)', 415, {
    raw: (_f, m) => JSON.stringify(doc(m)),
    headers: { 'content-encoding': 'gzip' },
  }),
  sent('body that stops short of its Content-Length (request timeout)', 408, {
    wire: (_f, m, t) => publishWire(JSON.stringify(doc(m)), '', JSON.stringify(doc(m)).length + 100)(t),
    detail: /did not arrive in time/,
  }),
  {
    label: 'malformed chunked body',
    method: 'POST',
    path: '/v0.1/publish',
    wire: (_f, _m, t) => [
      `POST /v0.1/publish HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${t}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n`,
    ],
    status: 400,
    effect: 'publish',
  },
  sent('body over 1 MiB', 413, {
    raw: (_f, m) => JSON.stringify(doc(m, { title: 'big', filler: 'x'.repeat(MIB + 10) })),
  }),
  {
    label: 'body over 1 MiB without a token',
    method: 'POST',
    path: '/v0.1/publish',
    raw: (_f, m) => JSON.stringify(doc(m, { filler: 'x'.repeat(MIB + 10) })),
    who: 'none',
    status: 413,
    effect: 'publish',
  },

  // --- required fields and types ---------------------------------------------------------------
  pub('missing name', (m) => ({ ...doc(m, { name: undefined }), title: m })),
  pub('missing description', (m) => doc(m, { description: undefined })),
  pub('missing version', (m) => doc(m, { version: undefined })),
  pub('name is a number', (m) => ({ ...doc(m, { name: 12345 }), title: m })),
  pub('description is an array', (m) => doc(m, { description: ['a', 'b'] })),
  pub('version is a number', (m) => doc(m, { version: 1 })),
  pub('packages is an object', (m) => doc(m, { packages: { registryType: 'npm' } })),
  pub('remotes is a string', (m) => doc(m, { remotes: 'https://example.com/mcp' })),

  // --- name -------------------------------------------------------------------------------------
  pub('name without a slash', (m) => doc(m, { name: `${NS}.${m}` })),
  pub('name with two slashes', (m) => doc(m, { name: `${NS}/${m}/extra` })),
  pub('name with a space', (m) => doc(m, { name: `${NS}/${m} x` })),
  pub('name with "@"', (m) => doc(m, { name: `${NS}/${m}@1` })),
  pub('name with "_" in the namespace', (m) => doc(m, { name: `io.github_bad/${m}` })),
  pub('name whose server part is ".."', (m) => doc(m, { name: `${NS}/..`, title: m })),
  pub('name whose namespace is "."', (m) => doc(m, { name: `./${m}` })),
  pub('version ".."', (m) => doc(m, { version: '..' })),
  pub('name longer than 200', (m) => doc(m, { name: `${NS}/${m}${'a'.repeat(201 - NS.length - 1 - m.length)}` })),

  // --- description, title, urls ----------------------------------------------------------------
  pub('description longer than 100', (m) => doc(m, { description: 'd'.repeat(101) })),
  pub('empty description', (m) => doc(m, { description: '' })),
  pub('title longer than 100', (m) => doc(m, { title: 't'.repeat(101) })),
  pub('websiteUrl without a scheme', (m) => doc(m, { websiteUrl: 'example.com/docs' })),
  pub('repository url is not a URL', (m) => doc(m, { repository: { url: 'not a url', source: 'github' } })),
  pub('repository without source', (m) => doc(m, { repository: { url: 'https://github.com/x/y' } })),

  // --- version ----------------------------------------------------------------------------------
  badVersion('latest'),
  badVersion('^1.2.3'),
  badVersion('~1.2.3'),
  badVersion('>=1.2.3'),
  badVersion('1.x'),
  badVersion('1.2.*'),
  badVersion('1 - 2'),
  badVersion('1.2 || 1.3'),
  badVersion(''),
  badVersion('1.0.0 beta'),
  badVersion('v'.repeat(256)),

  // --- packages ---------------------------------------------------------------------------------
  badPkgVersion('latest'),
  badPkgVersion('^1.0.0'),
  badPkgVersion('~1.0.0'),
  badPkgVersion('1.x'),
  badPkgVersion('>=1.0.0 <2.0.0'),
  badPkgVersion(''),
  pub('package transport type "websocket"', (m) => doc(m, { packages: [pkg({ transport: { type: 'websocket' } })] })),
  pub('package without transport', (m) => doc(m, { packages: [pkg({ transport: undefined })] })),
  pub('package streamable-http transport without url', (m) =>
    doc(m, { packages: [pkg({ transport: { type: 'streamable-http' } })] }),
  ),
  pub('fileSha256 in upper case', (m) =>
    doc(m, { packages: [pkg({ fileSha256: 'FE333E598595000AE021BD27117DB32EC69AF6987F507BA7A63C90638FF633CE' })] }),
  ),
  pub('fileSha256 too short', (m) => doc(m, { packages: [pkg({ fileSha256: 'abc123' })] })),
  pub('package argument without type', (m) => doc(m, { packages: [pkg({ packageArguments: [{ value: 'x' }] })] })),
  pub('positional argument with neither value nor valueHint', (m) =>
    doc(m, { packages: [pkg({ packageArguments: [{ type: 'positional' }] })] }),
  ),

  // --- remotes ----------------------------------------------------------------------------------
  pub('remote with stdio transport', (m) => doc(m, { remotes: [{ type: 'stdio' }] })),
  pub('remote url with ftp scheme', (m) => doc(m, { remotes: [{ type: 'sse', url: 'ftp://example.com/sse' }] })),
  pub('remote without url', (m) => doc(m, { remotes: [{ type: 'streamable-http' }] })),

  // --- icons ------------------------------------------------------------------------------------
  pub('icon mimeType image/gif', (m) =>
    doc(m, { icons: [{ src: 'https://example.com/i.gif', mimeType: 'image/gif' }] }),
  ),
  pub('icon src not a URI', (m) => doc(m, { icons: [{ src: 'icon.png' }] })),
  pub('icon size "48"', (m) => doc(m, { icons: [{ src: 'https://example.com/i.png', sizes: ['48'] }] })),
  pub('icon theme "blue"', (m) => doc(m, { icons: [{ src: 'https://example.com/i.png', theme: 'blue' }] })),

  // --- $schema ----------------------------------------------------------------------------------
  // An unknown $schema is held to the current schema (see the positive tests below), so an invalid
  // document does not slip through by naming a schema the Hub does not know.
  pub('unknown $schema URL does not bypass validation', (m) =>
    doc(m, { $schema: 'https://example.com/schemas/2099-01-01/server.schema.json', remotes: [{ type: 'stdio' }] }),
  ),
  pub('$schema that is not a URI', (m) => doc(m, { $schema: 'server schema please' })),
  // A known older date is held to that date's schema: 2025-07-09 spelled packages in snake_case.
  pub('2025-07-09 $schema with camelCase package fields', (m) =>
    doc(m, { $schema: 'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json' }),
  ),

  // --- authorization ----------------------------------------------------------------------------
  authPub('no Authorization header', 'none', 401),
  authPub('"Bearer" without a token', 'none', 401, undefined, { authorization: 'Bearer' }),
  authPub('Basic credentials', 'none', 401, undefined, { authorization: 'Basic dXNlcjpwYXNz' }),
  authPub('two tokens', 'none', 401, undefined, { authorization: 'Bearer abc def' }),
  authPub('unknown token', 'unknown', 401),
  authPub('revoked token', 'revoked', 401),
  authPub('publishing outside the token namespace', 'publisher', 403, (m) =>
    serverJson(`io.github.elsewhere/${m}`, '1.0.0'),
  ),
  authPub('publishing into a look-alike namespace', 'publisher', 403, (m) => serverJson(`${NS}2/${m}`, '1.0.0')),
  versionStatus('no Authorization header', { status: 'deprecated', statusMessage: 'x' }, 401, 'none'),
  versionStatus('revoked token', { status: 'deprecated', statusMessage: 'x' }, 401, 'revoked'),
  {
    label: 'auth: status change outside the token namespace',
    method: 'PATCH',
    path: (f) => `/v0.1/servers/${enc(f.foreign)}/versions/1.0.0/status`,
    body: () => ({ status: 'deprecated' }),
    who: 'publisher',
    status: 403,
  },
  {
    label: 'auth: unpublish without a token',
    method: 'DELETE',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0`,
    who: 'none',
    status: 401,
    effect: 'target',
  },
  {
    label: 'auth: unpublish outside the token namespace',
    method: 'DELETE',
    path: (f) => `/v0.1/servers/${enc(f.foreign)}/versions/1.0.0`,
    who: 'publisher',
    status: 403,
  },
  {
    label: 'auth: publisher editing a version (immutable)',
    method: 'PUT',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0`,
    body: (f) => serverJson(f.target, '1.0.0', { description: 'rewritten' }),
    who: 'publisher',
    status: 403,
    effect: 'target',
  },
  mint(
    'non-admin minting outside its namespace',
    { namespace: 'io.github.elsewhere/*', scopes: ['publish'] },
    'publisher',
    403,
  ),
  mint('non-admin widening its namespace', { namespace: 'io.github.*/*', scopes: ['publish'] }, 'publisher', 403),
  mint('non-admin minting an admin token', { namespace: '*', scopes: ['admin'] }, 'publisher', 403),
  {
    label: 'token: non-admin revoking a token it did not mint',
    method: 'DELETE',
    path: (f) => `/api/v1/tokens/${f.otherId}`,
    who: 'publisher',
    status: 404,
  },
  {
    label: 'token: minting without a token',
    method: 'POST',
    path: '/api/v1/tokens',
    body: () => ({ namespace: `${NS}/*`, scopes: ['publish'] }),
    who: 'none',
    status: 401,
  },

  // --- token requests ---------------------------------------------------------------------------
  mint('namespace with a space', { namespace: 'io github/*', scopes: ['publish'] }),
  mint('namespace without a slash', { namespace: 'io.github.alice', scopes: ['publish'] }),
  mint('namespace with two slashes', { namespace: 'io.github.alice/*/x', scopes: ['publish'] }),
  mint('empty namespace', { namespace: '', scopes: ['publish'] }),
  mint('namespace is a number', { namespace: 7, scopes: ['publish'] }),
  mint('unknown scope', { namespace: `${NS}/*`, scopes: ['superuser'] }),
  mint('empty scopes', { namespace: `${NS}/*`, scopes: [] }),
  mint('missing scopes', { namespace: `${NS}/*` }),
  mint('scopes is a string', { namespace: `${NS}/*`, scopes: 'publish' }),
  mint('unknown field', { namespace: `${NS}/*`, scopes: ['publish'], owner: 'me' }),
  mint('expiresInDays 0', { namespace: `${NS}/*`, scopes: ['publish'], expiresInDays: 0 }),
  {
    label: 'token: malformed JSON',
    method: 'POST',
    path: '/api/v1/tokens',
    raw: '{"namespace": "io.github.x/*", ',
    status: 400,
  },
  {
    label: 'token: revoking an unknown id',
    method: 'DELETE',
    path: '/api/v1/tokens/00000000-0000-4000-8000-000000000000',
    status: 404,
  },

  // --- list query -------------------------------------------------------------------------------
  listQuery('limit=0', 'limit=0'),
  listQuery('limit=101', 'limit=101'),
  listQuery('limit=abc', 'limit=abc'),
  listQuery('limit=-1', 'limit=-1'),
  listQuery('limit=1.5', 'limit=1.5'),
  listQuery('empty limit', 'limit='),
  listQuery('limit given twice', 'limit=1&limit=2'),
  listQuery('garbage cursor', `cursor=${enc('!!not a cursor!!')}`),
  listQuery('cursor: valid base64 of junk', `cursor=${enc(Buffer.from('junk that is no cursor').toString('base64'))}`),
  listQuery('cursor: base64url of a JSON object', `cursor=${Buffer.from('{"name":"x"}').toString('base64url')}`),
  listQuery('cursor given twice', 'cursor=abc&cursor=def'),
  listQuery('cursor over 1024 characters', `cursor=${'A'.repeat(1100)}`),
  listQuery('updated_since=yesterday', 'updated_since=yesterday'),
  listQuery('updated_since month 13', `updated_since=${enc('2025-13-01T00:00:00Z')}`),
  listQuery('updated_since February 30', `updated_since=${enc('2025-02-30T00:00:00Z')}`),
  listQuery('updated_since hour 25', `updated_since=${enc('2025-01-01T25:00:00Z')}`),
  listQuery('updated_since without time', 'updated_since=2025-01-01'),
  listQuery('updated_since without offset', 'updated_since=2025-01-01T00:00:00'),
  listQuery('updated_since as a Unix time', 'updated_since=1735689600'),
  listQuery('include_deleted=maybe', 'include_deleted=maybe'),
  listQuery('search over 200 characters', `search=${'s'.repeat(201)}`),
  listQuery('empty version', 'version='),
  {
    label: 'versions: include_deleted=maybe',
    method: 'GET',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions?include_deleted=maybe`,
    status: 400,
  },
  {
    label: 'version: include_deleted=yes',
    method: 'GET',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0?include_deleted=yes`,
    status: 400,
  },

  // --- status changes ---------------------------------------------------------------------------
  versionStatus('unknown status', { status: 'archived' }),
  versionStatus('status in upper case', { status: 'DEPRECATED' }),
  versionStatus('missing status', { statusMessage: 'why' }),
  versionStatus('status null', { status: null }),
  versionStatus('extra field', { status: 'deprecated', statusMessage: 'old', reason: 'x' }),
  versionStatus('statusMessage over 500 characters', { status: 'deprecated', statusMessage: 'm'.repeat(501) }),
  versionStatus('statusMessage is a number', { status: 'deprecated', statusMessage: 42 }),
  versionStatus('statusMessage with active', { status: 'active', statusMessage: 'back again' }),
  versionStatus('no change (already active)', { status: 'active' }),
  versionStatus('body is an array', [{ status: 'deprecated' }]),
  {
    label: 'version status: malformed JSON',
    method: 'PATCH',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0/status`,
    raw: '{"status": "deprecated"',
    status: 400,
    effect: 'target',
  },
  {
    label: 'version status: text/plain body',
    method: 'PATCH',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0/status`,
    raw: '{"status":"deprecated"}',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    effect: 'target',
  },
  {
    label: 'version status: unknown version',
    method: 'PATCH',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/9.9.9/status`,
    body: () => ({ status: 'deprecated' }),
    status: 404,
    effect: 'target',
  },
  serverStatus('unknown status', { status: 'retired' }),
  serverStatus('extra field', { status: 'deprecated', everything: true }),
  serverStatus('statusMessage over 500 characters', { status: 'deleted', statusMessage: 'm'.repeat(501) }),
  serverStatus('statusMessage with active', { status: 'active', statusMessage: 'hello' }),
  {
    label: 'server status: unknown server',
    method: 'PATCH',
    path: `/v0.1/servers/${enc(`${NS}/does-not-exist`)}/status`,
    body: () => ({ status: 'deprecated' }),
    status: 404,
  },

  // --- immutability and edits -------------------------------------------------------------------
  {
    label: 'republishing an existing version',
    method: 'POST',
    path: '/v0.1/publish',
    body: (f) => serverJson(f.target, '1.0.0', { description: 'a different description' }),
    status: 409,
    effect: 'target',
  },
  {
    label: 'admin edit whose body names another version',
    method: 'PUT',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0`,
    body: (f) => serverJson(f.target, '1.0.1'),
    status: 400,
    effect: 'target',
  },
  {
    label: 'admin edit with an invalid server.json',
    method: 'PUT',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0`,
    body: (f) => serverJson(f.target, '1.0.0', { description: 'x'.repeat(101) }),
    status: 422,
    effect: 'target',
  },
  {
    label: 'unpublish an unknown version',
    method: 'DELETE',
    path: (f) => `/v0.1/servers/${enc(f.target)}/versions/4.0.0`,
    status: 404,
    effect: 'target',
  },

  // --- unknown routes ---------------------------------------------------------------------------
  // --- the HTTP message itself -----------------------------------------------------------------
  {
    label: 'http: malformed request line',
    method: 'GET',
    path: '/',
    wire: () => ['BREW /coffee HTCPCP/1.0\r\n\r\n'],
    status: 400,
  },
  {
    label: 'http: headers over 16 KiB',
    method: 'GET',
    path: '/v0.1/servers',
    wire: () => [`GET /v0.1/servers HTTP/1.1\r\nHost: hub\r\nX-Filler: ${'f'.repeat(17 * 1024)}\r\n\r\n`],
    status: 431,
  },
  {
    label: 'http: HTTP/1.1 without a Host header',
    method: 'GET',
    path: '/v0.1/servers',
    wire: () => ['GET /v0.1/servers HTTP/1.1\r\nConnection: close\r\n\r\n'],
    status: 400,
  },
  {
    label: 'http: Expect other than 100-continue',
    method: 'GET',
    path: '/v0.1/servers',
    wire: () => ['GET /v0.1/servers HTTP/1.1\r\nHost: hub\r\nExpect: tea\r\nConnection: close\r\n\r\n'],
    status: 417,
  },
  {
    label: 'http: headers that never finish (headers timeout)',
    method: 'GET',
    path: '/v0.1/servers',
    wire: () => ['GET /v0.1/servers HTTP/1.1\r\nHost: hub\r\n'],
    status: 408,
  },

  { label: 'route: unknown path under /v0.1', method: 'GET', path: '/v0.1/nope', status: 404 },
  { label: 'route: unknown API version', method: 'GET', path: '/v2/servers', status: 404 },
  {
    label: 'route: POST on the list',
    method: 'POST',
    path: '/v0.1/servers',
    body: (_f, m) => doc(m),
    status: 404,
    effect: 'publish',
  },
  { label: 'route: too many path segments', method: 'GET', path: '/v0.1/servers/a/versions/b/c/d', status: 404 },
  {
    label: 'route: malformed percent-encoding in the path',
    method: 'GET',
    path: '/v0.1/servers/%E0%A4%A/versions',
    status: 400,
  },
  {
    label: 'route: path parameter over the router limit',
    method: 'GET',
    path: `/v0.1/servers/${'a'.repeat(4200)}/versions`,
    status: 414,
  },
  {
    label: 'list: updated_since whose offset reaches year 0',
    method: 'GET',
    path: `/v0.1/servers?updated_since=${encodeURIComponent('0001-01-01T00:00:00+01:00')}`,
    status: 400,
  },
  {
    label: 'list: updated_since whose offset reaches year 10000',
    method: 'GET',
    path: `/v0.1/servers?updated_since=${encodeURIComponent('9999-12-31T23:59:59-01:00')}`,
    status: 400,
  },
  {
    label: 'token: revoking an id of 36 dashes',
    method: 'DELETE',
    path: `/api/v1/tokens/${'-'.repeat(36)}`,
    status: 404,
  },
];

/** Any 4xx must be an RFC 7807 problem document with a title and a detail. */
function expectProblemIf4xx(res: TestResponse): void {
  if (res.status < 400 || res.status >= 500) return;
  if (!res.headers.get('content-type')?.includes('application/problem+json')) {
    throw new Error(
      `${res.status} answered as ${res.headers.get('content-type')}, not a problem document: ${res.text.slice(0, 300)}`,
    );
  }
  expect(res.body).toEqual(
    expect.objectContaining({
      title: expect.any(String),
      status: res.status,
      detail: expect.any(String),
      errors: expect.any(Array),
    }),
  );
}

async function send(hub: TestHub, ...args: Parameters<TestHub['request']>): Promise<TestResponse> {
  const res = await hub.request(...args);
  expectProblemIf4xx(res);
  return res;
}

async function wire(hub: TestHub, chunks: (string | Buffer)[]): Promise<TestResponse> {
  const raw = await rawHttp(hub.url, chunks);
  const res = { status: raw.status, headers: new Headers(raw.headers), body: raw.body, text: raw.text };
  expectProblemIf4xx(res);
  return res;
}

describe('bad input: every refused request is a 4xx problem and changes nothing', () => {
  let hub: TestHub;
  let f: Fixture;

  beforeAll(async () => {
    // Short, so the rows that never finish a request are answered quickly.
    hub = await createTestHub({ env: { HUB_REQUEST_TIMEOUT: '2s', HUB_HEADERS_TIMEOUT: '2s' } });
    const admin = hub.adminToken;
    const mintOk = async (namespace: string) => {
      const res = await send(hub, 'POST', '/api/v1/tokens', { body: { namespace, scopes: ['publish'] }, token: admin });
      expect(res.status).toBe(201);
      return res.body as { id: string; token: string };
    };
    const publisher = await mintOk(`${NS}/*`);
    const revoked = await mintOk(`${NS}/*`);
    const other = await mintOk(`${NS}/*`);
    expect((await send(hub, 'DELETE', `/api/v1/tokens/${revoked.id}`, { token: admin })).status).toBe(204);
    f = {
      target: `${NS}/target-${randomBytes(4).toString('hex')}`,
      foreign: `io.github.elsewhere/foreign-${randomBytes(4).toString('hex')}`,
      publisher: publisher.token,
      publisherId: publisher.id,
      otherId: other.id,
      revoked: revoked.token,
    };
    for (const name of [f.target, f.foreign]) {
      expect((await send(hub, 'POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: admin })).status).toBe(
        200,
      );
    }
  });
  afterAll(() => hub?.close());

  /**
   * Everything a refused request could have touched, read straight from the database (no API,
   * no cache): every server row, every version row, every token.
   */
  async function stateOfTheWorld(): Promise<string> {
    const servers = await hub.query('select * from servers order by name');
    const versions = await hub.query('select * from server_versions order by id');
    // last_used_at moves whenever a token authenticates, refused request or not; it is not a change.
    const tokens = await hub.query(
      'select id, token_hash, namespace_pattern, scopes, revoked_at, expires_at from api_tokens order by id',
    );
    return JSON.stringify({ servers, versions, tokens });
  }

  async function targetVersion(): Promise<TestResponse> {
    const res = await send(hub, 'GET', `/v0.1/servers/${enc(f.target)}/versions/1.0.0?include_deleted=true`);
    expect(res.status).toBe(200);
    return res;
  }

  it('has at least 40 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.label)).size).toBe(ROWS.length);
  });

  it.each(ROWS)('$label → $status', async (row) => {
    const marker = `bad${randomBytes(5).toString('hex')}`;
    const who = row.who ?? (row.method === 'GET' ? 'none' : 'admin');
    const token = {
      admin: hub.adminToken,
      publisher: f.publisher,
      revoked: f.revoked,
      unknown: `mcphub_${randomBytes(24).toString('base64url')}`,
      none: null,
    }[who];
    const before = await stateOfTheWorld();
    const targetBefore = row.effect === 'target' ? (await targetVersion()).body : undefined;

    const path = typeof row.path === 'function' ? row.path(f, marker) : row.path;
    const raw = typeof row.raw === 'function' ? row.raw(f, marker) : row.raw;
    const res = row.wire
      ? await wire(hub, row.wire(f, marker, token))
      : await send(hub, row.method, path, { body: row.body?.(f, marker), raw, token, headers: row.headers });

    // The refusal itself: the expected 4xx, never a 5xx, as a problem document.
    expect(res.status).toBeLessThan(500);
    if (res.status !== row.status)
      throw new Error(`expected ${row.status}, got ${res.status}: ${res.text.slice(0, 500)}`);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toEqual(
      expect.objectContaining({
        title: expect.any(String),
        status: row.status,
        detail: expect.any(String),
        errors: expect.any(Array),
      }),
    );
    expect(res.body.title.length).toBeGreaterThan(0);
    expect(res.body.detail.trim().length).toBeGreaterThan(0);
    if (row.detail) expect(res.body.detail).toMatch(row.detail);

    // Nothing changed.
    if (row.effect === 'publish') {
      const listed = await send(hub, 'GET', `/v0.1/servers?search=${marker}&include_deleted=true`);
      expect(listed.status).toBe(200);
      expect(listed.body.servers.map((s: any) => s.server.name)).toEqual([]);
    }
    if (row.effect === 'target') {
      const after = await targetVersion();
      expect(after.body).toEqual(targetBefore);
      expect(after.body._meta[OFFICIAL]).toMatchObject({ status: 'active', isLatest: true });
      expect(after.body.server.description).toBe('A test server');
    }
    expect(await stateOfTheWorld()).toBe(before);
  });

  /*
   * Hostile but not obviously wrong input: strings a JSON parser accepts but Postgres text/jsonb
   * cannot hold (NUL, lone surrogates), very deep nesting, dates at the edge of the calendar.
   * Whether the Hub accepts or refuses these is its choice; a 5xx (or an error that is not a
   * problem document) is not. Accepted documents must read back equal; refused ones change nothing.
   */
  const deep = (depth: number) => (m: string) =>
    JSON.stringify(
      doc(m, { _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { deep: 'DEEP' } } }),
    ).replace('"DEEP"', `${'['.repeat(depth)}1${']'.repeat(depth)}`);
  const meta = (v: Record<string, unknown>) => ({
    _meta: { 'io.modelcontextprotocol.registry/publisher-provided': v },
  });
  interface Hostile {
    label: string;
    method: Row['method'];
    path: string | ((f: Fixture, m: string) => string);
    body?: (f: Fixture, m: string) => unknown;
    raw?: (m: string) => string;
  }
  const HOSTILE: Hostile[] = [
    {
      label: 'publish: NUL in description',
      method: 'POST',
      path: '/v0.1/publish',
      body: (_f, m) => doc(m, { description: 'before\u0000after' }),
    },
    {
      label: 'publish: NUL in a _meta value',
      method: 'POST',
      path: '/v0.1/publish',
      body: (_f, m) => doc(m, meta({ note: 'a\u0000b' })),
    },
    {
      label: 'publish: NUL in a _meta key',
      method: 'POST',
      path: '/v0.1/publish',
      body: (_f, m) => doc(m, meta({ 'k\u0000': 1 })),
    },
    {
      label: 'publish: lone surrogate in description',
      method: 'POST',
      path: '/v0.1/publish',
      body: (_f, m) => doc(m, { description: 'a\ud800b' }),
    },
    { label: 'publish: _meta nested 5,000 deep', method: 'POST', path: '/v0.1/publish', raw: deep(5_000) },
    { label: 'publish: _meta nested 100,000 deep', method: 'POST', path: '/v0.1/publish', raw: deep(100_000) },
    { label: 'list: NUL in search', method: 'GET', path: '/v0.1/servers?search=%00' },
    { label: 'list: NUL in version', method: 'GET', path: '/v0.1/servers?version=%00' },
    {
      label: 'list: cursor naming a NUL server',
      method: 'GET',
      path: `/v0.1/servers?cursor=${Buffer.from(JSON.stringify(['a\u0000', '1'])).toString('base64url')}`,
    },
    {
      label: 'list: updated_since in year 0000',
      method: 'GET',
      path: `/v0.1/servers?updated_since=${enc('0000-01-01T00:00:00Z')}`,
    },
    {
      label: 'list: updated_since in year 9999',
      method: 'GET',
      path: `/v0.1/servers?updated_since=${enc('9999-12-31T23:59:59.999999999Z')}`,
    },
    { label: 'versions: NUL in the server name', method: 'GET', path: '/v0.1/servers/io.github.x%00%2Fy/versions' },
    {
      label: 'version: NUL in the version',
      method: 'GET',
      path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0%00`,
    },
    {
      label: 'server status: NUL in the server name',
      method: 'PATCH',
      path: '/v0.1/servers/io.github.x%00%2Fy/status',
      body: () => ({ status: 'deprecated' }),
    },
    {
      label: 'version status: NUL in statusMessage',
      method: 'PATCH',
      path: (f) => `/v0.1/servers/${enc(f.target)}/versions/1.0.0/status`,
      body: () => ({ status: 'deprecated', statusMessage: 'x\u0000y' }),
    },
    {
      label: 'token: NUL in description',
      method: 'POST',
      path: '/api/v1/tokens',
      body: () => ({ namespace: `${NS}/*`, scopes: ['publish'], description: 'x\u0000y' }),
    },
  ];

  it.each(HOSTILE)('hostile input is handled without a 5xx: $label', async (row) => {
    const marker = `hostile${randomBytes(5).toString('hex')}`;
    const before = await stateOfTheWorld();
    const path = typeof row.path === 'function' ? row.path(f, marker) : row.path;
    const body = row.body?.(f, marker);
    const res = await send(hub, row.method, path, { body, raw: row.raw?.(marker), token: hub.adminToken });
    if (res.status >= 500)
      throw new Error(`${row.method} ${path.slice(0, 120)} answered ${res.status}: ${res.text.slice(0, 300)}`);
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toEqual(
        expect.objectContaining({
          title: expect.any(String),
          status: res.status,
          detail: expect.any(String),
          errors: expect.any(Array),
        }),
      );
      expect(await stateOfTheWorld()).toBe(before);
    } else if (row.method === 'POST' && path === '/v0.1/publish') {
      const sent = body ?? JSON.parse(row.raw!(marker));
      const back = await send(hub, 'GET', `/v0.1/servers/${enc(sent.name)}/versions/1.0.0`);
      expect(back.status).toBe(200);
      expect(back.body.server).toEqual(sent);
    }
  });
});

describe('unknown $schema: validated against the current schema, and accepted when valid', () => {
  const hub = useTestHub();

  it.each([
    ['an unknown host and date', 'https://example.com/schemas/2099-01-01/server.schema.json'],
    [
      'an unknown date on the official host',
      'https://static.modelcontextprotocol.io/schemas/2030-01-01/server.schema.json',
    ],
    ['a URL without any date', 'https://example.com/my-server.schema.json'],
  ])('accepts a valid document whose $schema names %s, and keeps that $schema', async (_what, schemaUrl) => {
    const marker = `schema${randomBytes(5).toString('hex')}`;
    // Uses fields of the current (2025-12-11) schema: title, icons, a URL-template remote with variables.
    const sent = doc(marker, {
      $schema: schemaUrl,
      title: 'Unknown schema',
      icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }],
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://{host}/mcp',
          variables: { host: { description: 'Host', isRequired: true } },
        },
      ],
    });
    const res = await send(hub, 'POST', '/v0.1/publish', { body: sent, token: hub.adminToken });
    if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.text}`);
    const back = await send(hub, 'GET', `/v0.1/servers/${enc(sent.name as string)}/versions/1.0.0`);
    expect(back.status).toBe(200);
    expect(back.body.server).toEqual(sent);
    expect(back.body.server.$schema).toBe(schemaUrl);
  });

  it('accepts a valid document without any $schema', async () => {
    const sent = doc(`noschema${randomBytes(5).toString('hex')}`, { $schema: undefined });
    const res = await send(hub, 'POST', '/v0.1/publish', { body: sent, token: hub.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.server).toEqual(sent);
  });
});
