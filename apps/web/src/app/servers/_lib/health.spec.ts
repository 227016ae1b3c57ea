import { driftChanges, lastDays, milliseconds, percent } from './health';

describe('percent', () => {
  it('rounds down to one decimal, so a day with a failure never reads 100%', () => {
    expect(percent(1)).toBe('100%');
    expect(percent(0.8)).toBe('80%');
    expect(percent(0.9996)).toBe('99.9%');
    expect(percent(0)).toBe('0%');
  });
  it('says — without probes, and clamps what is out of range', () => {
    expect(percent(null)).toBe('—');
    expect(percent(undefined)).toBe('—');
    expect(percent(Number.NaN)).toBe('—');
    expect(percent(1.5)).toBe('100%');
  });
});

describe('milliseconds', () => {
  it('rounds, and says — without a figure', () => {
    expect(milliseconds(12.6)).toBe('13 ms');
    expect(milliseconds(null)).toBe('—');
  });
});

describe('lastDays', () => {
  const now = new Date('2025-03-10T05:00:00Z');
  it('gives seven UTC days ending today, oldest first, days without probes included', () => {
    const cells = lastDays(
      [
        { day: '2025-03-04', checks: 10, uptime: 1 },
        { day: '2025-03-08', checks: 10, uptime: 0.95 },
        { day: '2025-03-10', checks: 4, uptime: 0.5 },
        // Outside the window: not shown.
        { day: '2025-03-03', checks: 10, uptime: 0 },
      ],
      now,
    );
    expect(cells.map((c) => c.day)).toEqual([
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
      '2025-03-10',
    ]);
    expect(cells.map((c) => c.tone)).toEqual(['up', 'none', 'none', 'none', 'partial', 'none', 'down']);
    expect(cells[0]!.label).toBe('2025-03-04: 100% up over 10 checks');
    expect(cells[1]!.label).toBe('2025-03-05: not checked');
    expect(cells[6]!.label).toBe('2025-03-10: 50% up over 4 checks');
  });
  it('says one check, not one checks', () => {
    expect(lastDays([{ day: '2025-03-10', checks: 1, uptime: 1 }], now).at(-1)!.label).toBe(
      '2025-03-10: 100% up over 1 check',
    );
  });
});

describe('driftChanges', () => {
  it('lists what changed, was added and removed, leaving out what is empty', () => {
    expect(driftChanges({ changed: ['echo'], added: [], removed: [] })).toBe('changed: echo');
    expect(driftChanges({ changed: ['a', 'b'], added: ['c'], removed: ['d'] })).toBe(
      'changed: a, b; added: c; removed: d',
    );
  });
});
