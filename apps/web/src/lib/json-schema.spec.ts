import { parameterRows, schemaType } from './json-schema';

describe('schemaType', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'string', format: 'uri' }, 'string (uri)'],
    [{ type: 'integer' }, 'integer'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ enum: ['celsius', 'fahrenheit'] }, '"celsius" | "fahrenheit"'],
    [{ type: 'string', enum: ['a'] }, '"a"'],
    [{ const: 3 }, '3'],
    [{ type: 'array', items: { type: 'number' } }, 'number[]'],
    [{ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } }, '(string | number)[]'],
    [{ type: 'array' }, 'array'],
    [{ type: 'array', items: { type: 'array', items: { type: 'string' } } }, 'string[][]'],
    [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, 'string | null'],
    [{ oneOf: [{ type: 'string' }, { type: 'string' }] }, 'string'],
    [{ $ref: '#/$defs/Point' }, 'Point'],
    [{ properties: { x: {} } }, 'object'],
    [{}, 'any'],
    [true, 'any'],
  ])('%j is %s', (schema, type) => {
    expect(schemaType(schema)).toBe(type);
  });

  it('cuts long enums and long literals (the raw schema beside has them whole)', () => {
    const many = schemaType({ enum: Array.from({ length: 20 }, (_, i) => `v${i}`) });
    expect(many.split(' | ')).toHaveLength(13);
    expect(many.endsWith(' | …')).toBe(true);
    expect(schemaType({ const: 'x'.repeat(500) }).length).toBeLessThanOrEqual(60);
  });

  it('gives "any" for what is not a schema, and stops at a depth a hostile schema cannot push', () => {
    for (const bad of [null, 42, 'string', [], { type: 7 }, { type: [1, 2] }, { anyOf: 'x' }])
      expect(() => schemaType(bad)).not.toThrow();
    expect(schemaType({ type: 7 })).toBe('any');
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10_000; i++) deep = { type: 'array', items: deep };
    expect(schemaType(deep)).toBe('any[][][][][]');
  });
});

describe('parameterRows', () => {
  it('lists required properties first, each group in order, with type, description (else title) and default', () => {
    const rows = parameterRows({
      type: 'object',
      properties: {
        city: { type: 'string', description: 'The city' },
        units: { enum: ['metric', 'imperial'], default: 'metric', title: 'Units' },
        days: { type: 'integer' },
        country: { type: 'string' },
      },
      required: ['country', 'city', 'nowhere', 3],
    });
    expect(rows).toEqual([
      { name: 'city', type: 'string', required: true, description: 'The city' },
      { name: 'country', type: 'string', required: true },
      { name: 'units', type: '"metric" | "imperial"', required: false, description: 'Units', default: '"metric"' },
      { name: 'days', type: 'integer', required: false },
    ]);
  });

  it('gives no rows for a schema without properties, or one that is not an object', () => {
    for (const s of [{ type: 'object' }, { properties: [] }, null, 'x', { properties: null }])
      expect(parameterRows(s)).toEqual([]);
  });

  it('reads a property that is not a schema as "any" without failing', () => {
    expect(parameterRows({ properties: { a: 5, b: null } })).toEqual([
      { name: 'a', type: 'any', required: false },
      { name: 'b', type: 'any', required: false },
    ]);
  });
});
