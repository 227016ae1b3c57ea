/**
 * A tool's JSON Schema read for people: one row per argument, with its type in a short notation.
 * The schema comes from a server the Hub does not trust, so nothing here assumes its shape: any
 * value that is not what JSON Schema says gives "any", never an exception.
 */

export interface ParameterRow {
  name: string;
  /** e.g. `string`, `string (uri)`, `"a" | "b"`, `number[]`, `string | null` */
  type: string;
  required: boolean;
  description?: string;
  /** The default, as JSON */
  default?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Deeper than this a type is "any": a hostile schema may nest without end, or refer to itself. */
const MAX_DEPTH = 4;
/** Enums longer than this end in "…" (the raw schema, shown beside, has them all). */
const MAX_ENUM = 12;

/** The type of one schema in a TypeScript-like notation. */
export function schemaType(schema: unknown, depth = 0): string {
  if (schema === true || schema === undefined) return 'any';
  if (schema === false) return 'never';
  if (!isObject(schema) || depth > MAX_DEPTH) return 'any';
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const values = schema.enum.slice(0, MAX_ENUM).map(literal);
    return values.join(' | ') + (schema.enum.length > MAX_ENUM ? ' | …' : '');
  }
  for (const [key, sep] of [
    ['anyOf', ' | '],
    ['oneOf', ' | '],
    ['allOf', ' & '],
  ] as const) {
    const parts = schema[key];
    if (Array.isArray(parts) && parts.length > 0) {
      return unique(parts.map((p) => wrap(schemaType(p, depth + 1)))).join(sep);
    }
  }
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1) || 'any';
  const types = Array.isArray(schema.type)
    ? schema.type.filter((t): t is string => typeof t === 'string')
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  if (types.length === 0) return isObject(schema.properties) ? 'object' : 'any';
  return unique(types.map((t) => one(t, schema, depth))).join(' | ');
}

function one(type: string, schema: Json, depth: number): string {
  if (type === 'array') {
    if (schema.items === undefined || Array.isArray(schema.items)) return 'array';
    return `${wrap(schemaType(schema.items, depth + 1))}[]`;
  }
  if (type === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
  return type;
}

/** `a | b` as an array's items or a part of an intersection needs parentheses: `(a | b)[]`. */
const wrap = (t: string) => (/ [|&] /.test(t) ? `(${t})` : t);
const unique = (xs: string[]) => [...new Set(xs)];

function literal(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** The arguments an input schema describes, required ones first, each group in the schema's order. */
export function parameterRows(inputSchema: unknown): ParameterRow[] {
  if (!isObject(inputSchema) || !isObject(inputSchema.properties)) return [];
  const required = new Set(
    Array.isArray(inputSchema.required) ? inputSchema.required.filter((r) => typeof r === 'string') : [],
  );
  const rows = Object.entries(inputSchema.properties).map(([name, prop]) => {
    const p = isObject(prop) ? prop : {};
    const description =
      typeof p.description === 'string' && p.description
        ? p.description
        : typeof p.title === 'string' && p.title
          ? p.title
          : undefined;
    return {
      name,
      type: schemaType(prop),
      required: required.has(name),
      ...(description ? { description } : {}),
      ...('default' in p ? { default: literal(p.default) } : {}),
    };
  });
  return [...rows.filter((r) => r.required), ...rows.filter((r) => !r.required)];
}
