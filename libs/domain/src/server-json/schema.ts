import { z } from 'zod';
import { isAbsoluteUri } from './uri';

/**
 * What sets one dated server.json schema apart from the others. Every published date is one of
 * these; the zod schema for a date is built from the same factories below, switched by these flags.
 */
export interface Dialect {
  readonly date: string;
  /** 2025-07-09 spelled every multi-word field in snake_case (`registry_type`, `is_secret`, ...). */
  readonly snakeCase: boolean;
  /**
   * Up to 2025-09-16 a server.json could carry its own lifecycle `status` and an
   * `io.modelcontextprotocol.registry/official` block in `_meta`; later the registry owns both.
   */
  readonly legacyStatus: boolean;
  /** Up to 2025-09-29 a package was a closed object (no extra fields) with a mandatory `version`. */
  readonly strictPackages: boolean;
  /** From 2025-10-11: `title`, `icons` and `Input.placeholder` exist. */
  readonly presentation: boolean;
  /**
   * From 2025-12-11 transport URLs are templates (`https://{host}/mcp`), so instead of `format: uri`
   * (which `{` fails) they must merely start with http(s):// and contain no whitespace; remotes may
   * also declare the `variables` those templates use.
   */
  readonly urlTemplates: boolean;
}

export const DIALECTS = [
  {
    date: '2025-07-09',
    snakeCase: true,
    legacyStatus: true,
    strictPackages: true,
    presentation: false,
    urlTemplates: false,
  },
  {
    date: '2025-09-16',
    snakeCase: false,
    legacyStatus: true,
    strictPackages: true,
    presentation: false,
    urlTemplates: false,
  },
  {
    date: '2025-09-29',
    snakeCase: false,
    legacyStatus: false,
    strictPackages: true,
    presentation: false,
    urlTemplates: false,
  },
  {
    date: '2025-10-11',
    snakeCase: false,
    legacyStatus: false,
    strictPackages: false,
    presentation: true,
    urlTemplates: false,
  },
  {
    date: '2025-10-17',
    snakeCase: false,
    legacyStatus: false,
    strictPackages: false,
    presentation: true,
    urlTemplates: false,
  },
  {
    date: '2025-12-11',
    snakeCase: false,
    legacyStatus: false,
    strictPackages: false,
    presentation: true,
    urlTemplates: true,
  },
] as const satisfies readonly Dialect[];

// Patterns are compiled with the `u` flag because that is how JSON Schema validators (Ajv) run them.
const SERVER_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/u;
const SHA256_HEX = /^[a-f0-9]{64}$/u;
const ICON_SIZE = /^(\d+x\d+|any)$/u;
const HTTP_URL_TEMPLATE = /^https?:\/\/[^\s]+$/u;

/** JSON Schema counts string length in code points (an emoji is 1); zod's .min/.max count UTF-16 units. */
function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

function text(limits: { min?: number; max?: number } = {}) {
  const { min, max } = limits;
  let schema = z.string();
  if (min !== undefined) {
    schema = schema.refine(
      (s) => codePointLength(s) >= min,
      min === 1 ? 'must not be empty' : `must be at least ${min} characters long`,
    );
  }
  if (max !== undefined) {
    schema = schema.refine((s) => codePointLength(s) <= max, `must be at most ${max} characters long`);
  }
  return schema;
}

const uri = (limits?: { max?: number }) =>
  text(limits).refine(isAbsoluteUri, 'must be an absolute URI, e.g. "https://example.com/path"');

const httpUrlTemplate = () =>
  z.string().regex(HTTP_URL_TEMPLATE, 'must start with http:// or https:// and contain no whitespace');

const toSnakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Builds the zod schema for one dated server.json format.
 *
 * Only the current format's static type is ever read by the app (`ServerJson`), so the factory is
 * typed after it: fields an older dialect lacks are still typed as present (`since`), fields only
 * older dialects have add nothing to the type (`until`), and snake_case keys are typed by their
 * camelCase names. Runtime behaviour is exact for every dialect; the older schemas are exported as
 * plain `z.ZodType`, so these type-level simplifications never leak.
 *
 * Objects are `looseObject` unless the JSON Schema says `additionalProperties: false`: draft-07
 * allows unknown properties by default and the registry stores the document as published.
 */
export function buildServerJsonSchema(d: Dialect) {
  const key = d.snakeCase ? toSnakeCase : (k: string) => k;
  const fields = <S extends z.ZodRawShape>(shape: S): S =>
    d.snakeCase ? (Object.fromEntries(Object.entries(shape).map(([k, v]) => [key(k), v])) as S) : shape;
  const since = <S extends z.ZodRawShape>(present: boolean, shape: S): S => (present ? shape : ({} as S));
  const until = (present: boolean, shape: z.ZodRawShape): Record<never, never> => (present ? shape : {});

  const inputFields = () =>
    fields({
      description: z.string().optional(),
      isRequired: z.boolean().optional(),
      format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
      value: z.string().optional(),
      isSecret: z.boolean().optional(),
      default: z.string().optional(),
      ...since(d.presentation, { placeholder: z.string().optional() }),
      choices: z.array(z.string()).optional(),
    });
  const input = z.looseObject(inputFields());
  // Input values may reference `{name}` placeholders, each described by a nested Input.
  const inputWithVariables = () => ({ ...inputFields(), variables: z.record(z.string(), input).optional() });

  const keyValueInput = z.looseObject({ ...inputWithVariables(), name: z.string() });

  // A positional argument is only usable if a client can either show a label or fill in a value.
  const valueHintKey = key('valueHint');
  const positionalArgument = z
    .looseObject({
      ...inputWithVariables(),
      ...fields({
        type: z.literal('positional'),
        valueHint: z.string().optional(),
        isRepeated: z.boolean().optional(),
      }),
    })
    .refine(
      (arg: Record<string, unknown>) => arg[valueHintKey] !== undefined || arg.value !== undefined,
      `a positional argument needs "${valueHintKey}" or "value"`,
    );
  const namedArgument = z.looseObject({
    ...inputWithVariables(),
    ...fields({ type: z.literal('named'), name: z.string(), isRepeated: z.boolean().optional() }),
  });
  // The JSON Schemas say anyOf; every branch pins `type` to one value, so a discriminated union
  // accepts exactly the same documents and reports "expected one of ..." instead of every branch.
  const argument = z.discriminatedUnion('type', [positionalArgument, namedArgument]);

  const headers = z.array(keyValueInput).optional();
  const stdioTransport = z.looseObject({ type: z.literal('stdio') });
  // Before URL templates, only SSE URLs were checked (as URIs); streamable-http took any string.
  const streamableHttpTransport = z.looseObject({
    type: z.literal('streamable-http'),
    url: d.urlTemplates ? httpUrlTemplate() : z.string(),
    headers,
  });
  const sseTransport = z.looseObject({
    type: z.literal('sse'),
    url: d.urlTemplates ? httpUrlTemplate() : uri(),
    headers,
  });
  const localTransport = z.discriminatedUnion('type', [stdioTransport, streamableHttpTransport, sseTransport]);
  // A remote is reached over the network, so stdio is not an option there.
  const remoteFields = since(d.urlTemplates, { variables: z.record(z.string(), input).optional() });
  const remoteTransport = z.discriminatedUnion('type', [
    streamableHttpTransport.extend(remoteFields),
    sseTransport.extend(remoteFields),
  ]);

  const packageVersion = text({ min: 1 }).refine((v) => v !== 'latest', 'must be a specific version, not "latest"');
  const pkg = z
    .object(
      fields({
        registryType: z.string(),
        registryBaseUrl: uri().optional(),
        identifier: z.string(),
        // Typed optional as in the current schema; strict (older) dialects require it at runtime.
        version: (d.strictPackages ? packageVersion : packageVersion.optional()) as z.ZodOptional<
          typeof packageVersion
        >,
        fileSha256: z.string().regex(SHA256_HEX, 'must be a SHA-256 digest: 64 lowercase hex characters').optional(),
        runtimeHint: z.string().optional(),
        transport: localTransport,
        runtimeArguments: z.array(argument).optional(),
        packageArguments: z.array(argument).optional(),
        environmentVariables: z.array(keyValueInput).optional(),
      }),
    )
    .catchall(d.strictPackages ? z.never() : z.unknown());

  const repository = z.looseObject({
    url: uri(),
    source: z.string(),
    id: z.string().optional(),
    subfolder: z.string().optional(),
  });

  const icon = z.looseObject({
    src: uri({ max: 255 }),
    mimeType: z.enum(['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/webp']).optional(),
    sizes: z.array(z.string().regex(ICON_SIZE, 'must be "WxH" in pixels (e.g. "48x48") or "any"')).optional(),
    theme: z.enum(['light', 'dark']).optional(),
  });

  const meta = z.looseObject({
    'io.modelcontextprotocol.registry/publisher-provided': z.looseObject({}).optional(),
    ...until(d.legacyStatus, { 'io.modelcontextprotocol.registry/official': z.looseObject({}).optional() }),
  });

  return z.looseObject({
    $schema: uri().optional(),
    name: text({ min: 3, max: 200 }).regex(
      SERVER_NAME,
      'must be "namespace/name": letters, digits, "." and "-" before a single "/", then letters, digits, ".", "_" and "-"',
    ),
    description: text({ min: 1, max: 100 }),
    ...since(d.presentation, { title: text({ min: 1, max: 100 }).optional() }),
    version: text({ max: 255 }),
    ...until(d.legacyStatus, { status: z.enum(['active', 'deprecated', 'deleted']).optional() }),
    repository: repository.optional(),
    ...fields({ websiteUrl: uri().optional() }),
    ...since(d.presentation, { icons: z.array(icon).optional() }),
    packages: z.array(pkg).optional(),
    remotes: z.array(remoteTransport).optional(),
    _meta: meta.optional(),
  });
}
