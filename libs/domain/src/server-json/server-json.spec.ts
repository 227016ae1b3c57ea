/**
 * Differential tests: for every dated schema, the zod validators must reach the same accept/reject
 * verdict as Ajv running the official JSON Schema files, over real registry data, the examples of
 * the format documentation, and hand-made documents that each break one rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  CURRENT_SCHEMA_DATE,
  SCHEMA_DATES,
  schemaDateFor,
  schemaUrl,
  serverJsonSchemas,
  validateServerJsonSchema,
  type ServerJson,
} from './index';
import { fieldErrors } from './issues';
import { isAbsoluteUri } from './uri';

const SHARED = path.resolve(__dirname, '../../../../../shared');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(path.join(SHARED, file), 'utf8'));

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const ajvValidators: Record<string, ValidateFunction> = Object.fromEntries(
  SCHEMA_DATES.map((date) => [
    date,
    newAjv().compile(
      JSON.parse(
        fs.readFileSync(
          path.resolve(__dirname, `../../../../../shared/reference/official-registry/schemas/${date}.json`),
          'utf8',
        ),
      ),
    ),
  ]),
);

interface Case {
  name: string;
  doc: unknown;
}

interface Disagreement {
  date: string;
  case: string;
  ajv: boolean;
  zod: boolean;
  ajvErrors: unknown;
  zodErrors: unknown;
  input: unknown;
}

/** Runs every case through Ajv and zod for one date; returns the disagreements and Ajv's verdicts. */
function compare(date: string, cases: Case[]) {
  const ajv = ajvValidators[date]!;
  const zod = serverJsonSchemas[date]!;
  const disagreements: Disagreement[] = [];
  let accepted = 0;
  for (const { name, doc } of cases) {
    const ajvOk = ajv(doc) as boolean;
    const parsed = zod.safeParse(doc, { reportInput: true });
    if (ajvOk) accepted++;
    if (parsed.success !== ajvOk) {
      disagreements.push({
        date,
        case: name,
        ajv: ajvOk,
        zod: parsed.success,
        ajvErrors: ajv.errors,
        zodErrors: parsed.success ? [] : fieldErrors(parsed.error, date),
        input: doc,
      });
      continue;
    }
    // The public entry point must route by `$schema` and hand back the very same object.
    if (schemaDateFor((doc as { $schema?: unknown } | null)?.$schema) === date) {
      const result = validateServerJsonSchema(doc);
      if (result.schemaDate !== date || result.ok !== ajvOk || (result.ok && result.value !== doc)) {
        disagreements.push({
          date,
          case: `${name} (via validateServerJsonSchema)`,
          ajv: ajvOk,
          zod: result.ok,
          ajvErrors: ajv.errors,
          zodErrors: result,
          input: doc,
        });
      }
    }
  }
  return { disagreements, accepted, total: cases.length };
}

const withSchema = (doc: unknown, date: string): unknown =>
  typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? { ...doc, $schema: schemaUrl(date) } : doc;

// ---------------------------------------------------------------------------------------------
// Inputs

const production: Case[] = readJson('fixtures/official-registry/production-2025-09-30.v0.1.json').servers.map(
  (entry: any, i: number) => ({ name: `production[${i}] ${entry.server?.name}`, doc: entry.server }),
);
const seed: Case[] = readJson('fixtures/official-registry/seed-2025-09-29.json').map((doc: any, i: number) => ({
  name: `seed[${i}] ${doc?.name}`,
  doc,
}));

const examples: Case[] = (() => {
  const markdown = fs.readFileSync(path.join(SHARED, 'reference/official-registry/generic-server-json.md'), 'utf8');
  const out: Case[] = [];
  for (const [, body] of markdown.matchAll(/```json\s*\n([\s\S]*?)```/g)) {
    try {
      const doc = JSON.parse(body!);
      if (doc && typeof doc === 'object' && 'name' in doc) out.push({ name: `example ${doc.name}`, doc });
    } catch {
      // prose snippets that are not complete JSON documents
    }
  }
  return out;
})();

const toSnakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Rewrites every object key into the dialect's spelling (the base document only uses lowercase map keys). */
function inDialect(value: unknown, k: (key: string) => string): any {
  if (Array.isArray(value)) return value.map((v) => inDialect(v, k));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [k(key), inDialect(v, k)]));
  }
  return value;
}

/** A document that uses (almost) every field, valid under every dated schema. */
function baseDocument(): any {
  return {
    name: 'io.github.example/weather',
    description: 'Weather forecasts for MCP clients',
    title: 'Weather',
    version: '1.2.3',
    websiteUrl: 'https://example.com/weather',
    repository: { url: 'https://github.com/example/weather', source: 'github', id: '12345', subfolder: 'src/weather' },
    icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48', 'any'], theme: 'dark' }],
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: 'https://registry.npmjs.org',
        identifier: '@example/weather',
        version: '1.2.3',
        fileSha256: 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        runtimeArguments: [{ type: 'named', name: '--yes', isRepeated: false }],
        packageArguments: [
          {
            type: 'positional',
            valueHint: 'city',
            description: 'City',
            isRequired: true,
            format: 'string',
            choices: ['paris', 'rome'],
            default: 'paris',
          },
          {
            type: 'named',
            name: '--port',
            value: '{port}',
            variables: { port: { format: 'number', default: '8080', isRequired: true } },
          },
          { type: 'positional', value: 'serve', isRepeated: false },
        ],
        environmentVariables: [
          { name: 'API_KEY', isSecret: true, isRequired: true, description: 'Your key', placeholder: 'sk-...' },
        ],
      },
      {
        registryType: 'oci',
        identifier: 'ghcr.io/example/weather',
        version: '1.2.3',
        transport: {
          type: 'streamable-http',
          url: 'http://localhost:8080/mcp',
          headers: [{ name: 'X-Token', value: '{token}', variables: { token: { isSecret: true } } }],
        },
      },
      {
        registryType: 'pypi',
        identifier: 'weather',
        version: '1.2.3',
        transport: { type: 'sse', url: 'https://localhost:8080/sse' },
      },
    ],
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://api.example.com/mcp',
        headers: [{ name: 'Authorization', value: 'Bearer {key}', isSecret: true }],
      },
      { type: 'sse', url: 'https://api.example.com/sse' },
    ],
    _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'publisher-cli', build: { id: 7 } } },
  };
}

type Mutation = [name: string, mutate: (doc: any, k: (camel: string) => string) => void];

const emoji = (n: number) => '🌦'.repeat(n);

/** Each breaks (or, for the marked cases, probes) one rule; some are only rules in some dates. */
const MUTATIONS: Mutation[] = [
  // server
  ['missing name', (d) => delete d.name],
  ['name is a number', (d) => (d.name = 42)],
  ['name without slash', (d) => (d.name = 'weather')],
  ['name with two slashes', (d) => (d.name = 'io.github/example/weather')],
  ['name with space', (d) => (d.name = 'io.github.example/my weather')],
  ['name with underscore in namespace', (d) => (d.name = 'io_github.example/weather')],
  ['name too long', (d) => (d.name = `${'a'.repeat(100)}/${'b'.repeat(100)}`)],
  ['name 200 chars (ok)', (d) => (d.name = `${'a'.repeat(100)}/${'b'.repeat(99)}`)],
  ['name with trailing newline', (d) => (d.name = 'io.github.example/weather\n')],
  ['missing description', (d) => delete d.description],
  ['description empty', (d) => (d.description = '')],
  ['description 101 chars', (d) => (d.description = 'x'.repeat(101))],
  ['description 100 emoji (ok: code points)', (d) => (d.description = emoji(100))],
  ['description 101 emoji', (d) => (d.description = emoji(101))],
  ['description null', (d) => (d.description = null)],
  ['missing version', (d) => delete d.version],
  ['version 256 chars', (d) => (d.version = '1'.repeat(256))],
  ['version is a number', (d) => (d.version = 1)],
  ['version empty (ok)', (d) => (d.version = '')],
  ['title empty', (d) => (d.title = '')],
  ['title 101 chars', (d) => (d.title = 't'.repeat(101))],
  ['title is a number', (d) => (d.title = 5)],
  ['websiteUrl not a URI', (d, k) => (d[k('websiteUrl')] = 'example.com/weather')],
  ['websiteUrl empty', (d, k) => (d[k('websiteUrl')] = '')],
  ['websiteUrl with space', (d, k) => (d[k('websiteUrl')] = 'https://example.com/my page')],
  ['websiteUrl IPv6 host (ok)', (d, k) => (d[k('websiteUrl')] = 'https://[2001:db8::1]:8443/x?y=1#z')],
  ['websiteUrl mailto (ok)', (d, k) => (d[k('websiteUrl')] = 'mailto:team@example.com')],
  ['websiteUrl scheme only', (d, k) => (d[k('websiteUrl')] = 'https:')],
  ['$schema relative', (d) => (d.$schema = 'schemas/server.schema.json')],
  ['status unknown', (d) => (d.status = 'archived')],
  ['status deprecated (ok where defined)', (d) => (d.status = 'deprecated')],
  // repository
  ['repository missing url', (d) => delete d.repository.url],
  ['repository missing source', (d) => delete d.repository.source],
  ['repository url empty', (d) => (d.repository.url = '')],
  ['repository id is a number', (d) => (d.repository.id = 12345)],
  ['repository is a string', (d) => (d.repository = 'https://github.com/example/weather')],
  // icons
  ['icons not an array', (d) => (d.icons = { src: 'https://example.com/icon.png' })],
  ['icon missing src', (d) => delete d.icons[0].src],
  ['icon src not a URI', (d) => (d.icons[0].src = 'icon.png')],
  ['icon src 256 chars', (d) => (d.icons[0].src = `https://example.com/${'i'.repeat(236)}`)],
  ['icon bad mimeType', (d) => (d.icons[0].mimeType = 'image/gif')],
  ['icon bad size', (d) => (d.icons[0].sizes = ['48'])],
  ['icon size with spaces', (d) => (d.icons[0].sizes = ['48 x 48'])],
  ['icon bad theme', (d) => (d.icons[0].theme = 'blue')],
  // packages
  ['packages not an array', (d) => (d.packages = d.packages[0])],
  ['package missing registryType', (d, k) => delete d.packages[0][k('registryType')]],
  ['package missing identifier', (d) => delete d.packages[0].identifier],
  ['package missing transport', (d) => delete d.packages[0].transport],
  ['package without version', (d) => delete d.packages[0].version],
  ['package version latest', (d) => (d.packages[0].version = 'latest')],
  ['package version empty', (d) => (d.packages[0].version = '')],
  ['package version LATEST (ok)', (d) => (d.packages[0].version = 'LATEST')],
  ['package unknown field', (d) => (d.packages[0].foo = 'bar')],
  ['package camelCase field in any dialect', (d) => (d.packages[0].runtimeHint = 'npx')],
  ['package snake_case field in any dialect', (d) => (d.packages[0].runtime_hint = 'npx')],
  [
    'fileSha256 uppercase',
    (d, k) => (d.packages[0][k('fileSha256')] = 'FE333E598595000AE021BD27117DB32EC69AF6987F507BA7A63C90638FF633CE'),
  ],
  [
    'fileSha256 63 chars',
    (d, k) => (d.packages[0][k('fileSha256')] = 'e333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce'),
  ],
  ['registryBaseUrl not a URI', (d, k) => (d.packages[0][k('registryBaseUrl')] = 'npmjs.org')],
  ['runtimeHint is a number', (d, k) => (d.packages[0][k('runtimeHint')] = 1)],
  // transports
  ['transport bad type', (d) => (d.packages[0].transport = { type: 'websocket' })],
  ['transport missing type', (d) => (d.packages[0].transport = {})],
  ['transport is a string', (d) => (d.packages[0].transport = 'stdio')],
  ['streamable-http transport missing url', (d) => delete d.packages[1].transport.url],
  ['streamable-http transport ftp url', (d) => (d.packages[1].transport.url = 'ftp://example.com/mcp')],
  ['sse transport url not a URI', (d) => (d.packages[2].transport.url = 'localhost:8080 sse')],
  ['sse transport URL template', (d) => (d.packages[2].transport.url = 'https://{host}:{port}/sse')],
  ['header missing name', (d) => delete d.packages[1].transport.headers[0].name],
  ['header isSecret string', (d, k) => (d.packages[1].transport.headers[0][k('isSecret')] = 'yes')],
  ['header variable not an object', (d) => (d.packages[1].transport.headers[0].variables.token = 'secret')],
  // inputs and arguments
  ['env var bad format', (d, k) => (d.packages[0][k('environmentVariables')][0].format = 'date')],
  ['env var choices not strings', (d, k) => (d.packages[0][k('environmentVariables')][0].choices = [1, 2])],
  ['env var placeholder number', (d, k) => (d.packages[0][k('environmentVariables')][0].placeholder = 7)],
  ['env vars not an array', (d, k) => (d.packages[0][k('environmentVariables')] = {})],
  ['positional without valueHint or value', (d, k) => delete d.packages[0][k('packageArguments')][0][k('valueHint')]],
  ['positional valueHint null', (d, k) => (d.packages[0][k('packageArguments')][0][k('valueHint')] = null)],
  ['named argument missing name', (d, k) => delete d.packages[0][k('runtimeArguments')][0].name],
  ['argument bad type', (d, k) => (d.packages[0][k('runtimeArguments')][0].type = 'flag')],
  ['argument missing type', (d, k) => delete d.packages[0][k('runtimeArguments')][0].type],
  ['argument isRepeated string', (d, k) => (d.packages[0][k('runtimeArguments')][0][k('isRepeated')] = 'true')],
  ['argument variables array', (d, k) => (d.packages[0][k('packageArguments')][1].variables = [])],
  ['argument variable bad format', (d, k) => (d.packages[0][k('packageArguments')][1].variables.port.format = 'int')],
  // remotes
  ['remotes not an array', (d) => (d.remotes = d.remotes[0])],
  ['remote with stdio', (d) => (d.remotes[0] = { type: 'stdio' })],
  ['remote missing url', (d) => delete d.remotes[1].url],
  ['remote url with space', (d) => (d.remotes[0].url = 'https://api.example.com/my mcp')],
  [
    'remote url template with variables',
    (d) => {
      d.remotes[0].url = 'https://{tenant}.example.com/mcp';
      d.remotes[0].variables = { tenant: { description: 'Tenant', isRequired: true } };
    },
  ],
  ['remote variables not an object', (d) => (d.remotes[0].variables = 'tenant')],
  ['remote variable bad isRequired', (d) => (d.remotes[0].variables = { tenant: { isRequired: 'yes' } })],
  // _meta
  ['_meta is an array', (d) => (d._meta = [])],
  ['_meta publisher-provided string', (d) => (d._meta['io.modelcontextprotocol.registry/publisher-provided'] = 'x')],
  ['_meta official string', (d) => (d._meta['io.modelcontextprotocol.registry/official'] = 'x')],
  ['_meta vendor key (ok)', (d) => (d._meta['com.example/anything'] = 1)],
];

function mutationCases(date: string): Case[] {
  const k = date === '2025-07-09' ? toSnakeCase : (key: string) => key;
  const base = () => ({ $schema: schemaUrl(date), ...inDialect(baseDocument(), k) });
  const cases: Case[] = [
    { name: 'base document', doc: base() },
    { name: 'body is an array', doc: [base()] },
    { name: 'body is null', doc: null },
    { name: 'body is a string', doc: JSON.stringify(base()) },
  ];
  for (const [name, mutate] of MUTATIONS) {
    const doc = base();
    mutate(doc, k);
    cases.push({ name, doc });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------

describe('server.json validators agree with the official JSON Schemas (Ajv)', () => {
  describe.each(SCHEMA_DATES.map((date) => [date]))('%s', (date) => {
    it('on every server of the production and seed fixtures', () => {
      const cases = [...production, ...seed].map((c) => ({ ...c, doc: withSchema(c.doc, date) }));
      const { disagreements, total } = compare(date, cases);
      expect(total).toBe(production.length + seed.length);
      expect(disagreements).toEqual([]);
    });

    it('on every example of generic-server-json.md', () => {
      const cases = examples.map((c) => ({ ...c, doc: withSchema(c.doc, date) }));
      const { disagreements } = compare(date, cases);
      expect(examples.length).toBeGreaterThanOrEqual(10);
      expect(disagreements).toEqual([]);
    });

    it('on documents breaking one rule each', () => {
      const cases = mutationCases(date);
      const { disagreements, accepted, total } = compare(date, cases);
      expect(disagreements).toEqual([]);
      expect(ajvValidators[date]!(cases[0]!.doc)).toBe(true); // the base document itself is valid
      expect(total - accepted).toBeGreaterThanOrEqual(30);
    });
  });

  it('uses fixtures that exercise both verdicts', () => {
    // Guard against a vacuous differential test (e.g. everything rejected because a path is wrong).
    for (const date of SCHEMA_DATES) {
      const { accepted, total } = compare(
        date,
        [...production, ...seed].map((c) => ({ ...c, doc: withSchema(c.doc, date) })),
      );
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(total);
    }
  });
});

describe('format: uri agrees with ajv-formats', () => {
  const ajvUri = newAjv().compile({ type: 'string', format: 'uri' });
  const disagree = (values: string[]) => values.filter((v) => isAbsoluteUri(v) !== ajvUri(v));

  it('on hand-picked URIs', () => {
    const values = [
      'https://example.com',
      'HTTPS://EXAMPLE.COM/A%2fB',
      'http://user:pw@host:8080/p/a/t/h?q=1&r[]=2#frag',
      'https://[2001:db8::1]/',
      'https://[::1]:80',
      'https://[::ffff:192.0.2.1]/',
      'https://[::001.2.3.4]/',
      'http://[v1.fe]/',
      'https://[2001:db8::1',
      'https://[g::1]/',
      'http://010.001.1.1/',
      'mailto:a@b.c',
      'urn:isbn:0451450523',
      'file:///etc/hosts',
      'a:/[::1]/x',
      'a:',
      'a:?q',
      'a:#f',
      'a:b',
      '1http://x',
      'http//x',
      '//example.com',
      '/relative',
      'relative/path',
      '',
      'https://exa mple.com',
      'https://example.com/\u00e9',
      'https://example.com/%zz',
      'https://example.com/%41',
      'https://{host}/mcp',
      'https://example.com/a|b',
      'https://example.com/"q"',
      'https://example.com:port/',
      'https://example.com:/',
      'x-y+z.w:opaque',
      'http://example.com/?a=b?c/d',
      'http://example.com/#a#b',
      'http://a@b@c/',
      'http://example.com\n',
    ];
    expect(disagree(values)).toEqual([]);
  });

  it('on random strings', () => {
    let seedState = 0x5eed;
    const random = () => {
      seedState = (seedState * 1103515245 + 12345) & 0x7fffffff;
      return seedState / 0x80000000;
    };
    const alphabet = 'aZ09-._~:/?#[]@!$&\'()*+,;=%fFvV {}"<>|^`\\é\n';
    const prefixes = ['', 'http://', 'https://[', 'a:', 'a:/', 'mailto:', 'h://u@', 'x://[::', 'x://[v1.'];
    const values: string[] = [];
    for (let i = 0; i < 20000; i++) {
      let s = prefixes[Math.floor(random() * prefixes.length)]!;
      const length = Math.floor(random() * 16);
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      values.push(s);
    }
    expect(disagree(values)).toEqual([]);
  });
});

describe('schemaDateFor', () => {
  it('reads the date out of every published schema URL', () => {
    for (const date of SCHEMA_DATES) expect(schemaDateFor(schemaUrl(date))).toBe(date);
  });

  it('matches the /schemas/<date>/ part whatever the host', () => {
    expect(schemaDateFor('http://mirror.example/schemas/2025-09-29/server.schema.json')).toBe('2025-09-29');
  });

  it('falls back to the current date when missing or unknown', () => {
    for (const value of [
      undefined,
      null,
      42,
      '',
      'not a url',
      'https://static.modelcontextprotocol.io/schemas/2025-01-01/server.schema.json',
      'https://static.modelcontextprotocol.io/schemas/draft/server.schema.json',
      'https://registry.modelcontextprotocol.io/schema/mcp-server-v0.json',
    ]) {
      expect(schemaDateFor(value)).toBe(CURRENT_SCHEMA_DATE);
    }
  });

  it('lists the six dates oldest first', () => {
    expect(SCHEMA_DATES).toEqual(['2025-07-09', '2025-09-16', '2025-09-29', '2025-10-11', '2025-10-17', '2025-12-11']);
    expect(SCHEMA_DATES.at(-1)).toBe(CURRENT_SCHEMA_DATE);
    expect(Object.keys(serverJsonSchemas)).toEqual([...SCHEMA_DATES]);
  });
});

describe('validateServerJsonSchema', () => {
  const valid = () => ({
    $schema: schemaUrl(CURRENT_SCHEMA_DATE),
    name: 'io.github.example/weather',
    description: 'Weather',
    version: '1.0.0',
    packages: [{ registryType: 'npm', identifier: 'weather', version: '1.0.0', transport: { type: 'stdio' } }],
    remotes: [{ type: 'sse', url: 'https://example.com/sse' }],
    somethingElse: { kept: true },
  });
  const errorsOf = (doc: unknown) => {
    const result = validateServerJsonSchema(doc);
    if (result.ok) throw new Error('expected the document to be rejected');
    return result.errors;
  };

  it('returns the original object, unknown fields included', () => {
    const doc = valid();
    const result = validateServerJsonSchema(doc);
    expect(result).toEqual({ ok: true, schemaDate: CURRENT_SCHEMA_DATE, value: doc });
    if (!result.ok) return;
    expect(result.value).toBe(doc);
    const server: ServerJson = result.value; // the current shape is what callers read
    expect(server.packages?.[0]?.transport.type).toBe('stdio');
  });

  it('holds documents without $schema to the current schema', () => {
    const { $schema, ...doc } = valid();
    expect(validateServerJsonSchema(doc)).toMatchObject({ ok: true, schemaDate: CURRENT_SCHEMA_DATE });
  });

  it('uses the schema the document names', () => {
    const doc = { ...valid(), $schema: schemaUrl('2025-09-29'), packages: [{ ...valid().packages[0], extra: 1 }] };
    const result = validateServerJsonSchema(doc);
    expect(result.schemaDate).toBe('2025-09-29');
    expect(errorsOf(doc)).toEqual([
      { location: 'body.packages[0].extra', message: 'is not an allowed property here (schema 2025-09-29)', value: 1 },
    ]);
    expect(validateServerJsonSchema({ ...doc, $schema: schemaUrl('2025-10-17') }).ok).toBe(true);
  });

  it('explains a bad transport type', () => {
    const doc = valid();
    (doc.packages[0]!.transport as { type: string }).type = 'websocket';
    expect(errorsOf(doc)).toEqual([
      {
        location: 'body.packages[0].transport.type',
        message: 'expected one of "stdio", "streamable-http", "sse"',
        value: 'websocket',
      },
    ]);
  });

  it('explains a remote that uses stdio, and a missing discriminator', () => {
    const doc = { ...valid(), remotes: [{ type: 'stdio' }, { url: 'https://example.com/mcp' }] };
    expect(errorsOf(doc)).toEqual([
      { location: 'body.remotes[0].type', message: 'expected one of "streamable-http", "sse"', value: 'stdio' },
      { location: 'body.remotes[1].type', message: 'is required (expected one of "streamable-http", "sse")' },
    ]);
  });

  it('reports missing fields, lengths, patterns and formats with their locations', () => {
    const { name, ...doc } = valid();
    const errors = errorsOf({
      ...doc,
      description: 'x'.repeat(101),
      websiteUrl: 'example.com',
      packages: [{ ...doc.packages[0], version: 'latest', fileSha256: 'abc' }],
    });
    expect(errors).toEqual([
      { location: 'body.name', message: 'is required' },
      { location: 'body.description', message: 'must be at most 100 characters long', value: 'x'.repeat(101) },
      {
        location: 'body.websiteUrl',
        message: 'must be an absolute URI, e.g. "https://example.com/path"',
        value: 'example.com',
      },
      { location: 'body.packages[0].version', message: 'must be a specific version, not "latest"', value: 'latest' },
      {
        location: 'body.packages[0].fileSha256',
        message: 'must be a SHA-256 digest: 64 lowercase hex characters',
        value: 'abc',
      },
    ]);
  });

  it('reports wrong types and enum values', () => {
    expect(
      errorsOf({ ...valid(), icons: [{ src: 'https://example.com/i.gif', mimeType: 'image/gif' }], title: 7 }),
    ).toEqual([
      { location: 'body.title', message: 'expected string, got number', value: 7 },
      {
        location: 'body.icons[0].mimeType',
        message: 'expected one of "image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp"',
        value: 'image/gif',
      },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    const doc = {
      ...valid(),
      $schema: schemaUrl('2025-09-16'),
      _meta: { 'io.modelcontextprotocol.registry/official': [] },
    };
    expect(errorsOf(doc)).toEqual([
      {
        location: 'body._meta["io.modelcontextprotocol.registry/official"]',
        message: 'expected object, got array',
        value: [],
      },
    ]);
  });

  it('rejects a body that is not an object', () => {
    expect(validateServerJsonSchema([valid()])).toMatchObject({
      ok: false,
      schemaDate: CURRENT_SCHEMA_DATE,
      errors: [{ location: 'body', message: 'expected object, got array' }],
    });
    expect(errorsOf(null)).toEqual([{ location: 'body', message: 'expected object, got null', value: null }]);
  });
});
