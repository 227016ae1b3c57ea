import { TEXT_LIMITS, checkServerJson } from './publish-rules';
import { SCHEMA_DATES, schemaUrl } from './server-json';

const doc = (date: string, extra: Record<string, unknown>) => ({
  $schema: schemaUrl(date),
  name: 'io.github.alice/weather',
  description: 'Forecasts',
  version: '1.0.0',
  ...extra,
});

describe('checkServerJson: the current text limits, whatever $schema names', () => {
  it.each(SCHEMA_DATES)('refuses a title over the limit under schema %s', (date) => {
    const check = checkServerJson(doc(date, { title: 'x'.repeat(TEXT_LIMITS.title + 1) }));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.filter((e) => e.location === 'body.title')).toEqual([
      expect.objectContaining({
        location: 'body.title',
        message: `must be at most ${TEXT_LIMITS.title} characters long`,
      }),
    ]);
  });

  it('refuses the 900 KB title the 2025-07-09 schema alone would accept, without echoing it', () => {
    const check = checkServerJson(doc('2025-07-09', { title: 'word '.repeat(180_000) }));
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check).length).toBeLessThan(2_000);
  });

  it.each(SCHEMA_DATES)('refuses a description over 100 characters under schema %s, reported once', (date) => {
    const check = checkServerJson(doc(date, { description: 'd'.repeat(TEXT_LIMITS.description + 1) }));
    expect(!check.ok && check.errors.filter((e) => e.location === 'body.description')).toHaveLength(1);
  });

  it('accepts texts of exactly the limit, counted in code points', () => {
    expect(
      checkServerJson(
        doc('2025-07-09', { title: '😀'.repeat(TEXT_LIMITS.title), description: '😀'.repeat(TEXT_LIMITS.description) }),
      ).ok,
    ).toBe(true);
  });
});
