import { parseLocation, validateServerJsonText } from './validate';

const valid = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.alice/weather',
  description: 'Weather forecasts',
  version: '1.0.0',
  packages: [{ registryType: 'npm', identifier: 'weather-mcp', version: '1.0.0', transport: { type: 'stdio' } }],
};
const text = (doc: unknown) => JSON.stringify(doc, null, 2);

describe('server.json validator (the publish page)', () => {
  it('accepts a valid document and names its schema', () => {
    expect(validateServerJsonText(text(valid))).toEqual({ ok: true, document: valid, schemaDate: '2025-12-11' });
  });

  it('reports JSON syntax errors at their line and column', () => {
    const r = validateServerJsonText('{\n  "name": "x",\n  "version": 1.0.0\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ line: 3, location: '' });
    expect(r.problems[0]!.message).toMatch(/^JSON syntax:/);
  });

  it('refuses comments and trailing commas, which the Hub refuses too', () => {
    for (const t of ['{ // hi\n "a": 1 }', '{ "a": 1, }']) {
      const r = validateServerJsonText(t);
      expect(r.ok).toBe(false);
    }
  });

  it('points each schema problem at the line of the field', () => {
    const doc = { ...valid, packages: [{ ...valid.packages[0], version: '^1.0.0' }] };
    const r = validateServerJsonText(text(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        location: 'body.packages[0].version',
        message: 'package version must be one specific version, not "^1.0.0"',
        line: 10,
        column: 18,
      },
    ]);
  });

  it('points a missing field at its parent object', () => {
    const { version: _drop, ...doc } = valid;
    const r = validateServerJsonText(text(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const problem = r.problems.find((p) => p.location === 'body.version');
    expect(problem).toMatchObject({ line: 1, column: 1 });
  });

  it('asks for a document when the text is empty', () => {
    expect(validateServerJsonText('  ')).toEqual({
      ok: false,
      problems: [{ message: 'paste or upload a server.json document', location: '', line: 1, column: 1 }],
    });
  });

  it.each([
    ['body.packages[0].version', ['packages', 0, 'version']],
    ['body["odd key"].x', ['odd key', 'x']],
    ['body', []],
  ])('parses location %s', (loc, path) => expect(parseLocation(loc)).toEqual(path));
});
