import { createOutput, table } from './output';

const rows = [
  ['NAME', 'VERSION', 'DESCRIPTION'],
  ['io.github.acme/weather', '1.2.0', 'Forecasts and current conditions for any city on Earth, by the hour'],
  ['io.github.acme/mail', '0.9.1', 'Send and read email'],
];

describe('table', () => {
  it('piped (no width): every cell whole, columns padded', () => {
    expect(table(rows).split('\n')).toEqual([
      'NAME                    VERSION  DESCRIPTION',
      'io.github.acme/weather  1.2.0    Forecasts and current conditions for any city on Earth, by the hour',
      'io.github.acme/mail     0.9.1    Send and read email',
    ]);
  });

  it('in a terminal: cuts the widest column with an ellipsis so each row fits on one line', () => {
    const lines = table(rows, 60).split('\n');
    expect(lines).toEqual([
      'NAME                    VERSION  DESCRIPTION',
      'io.github.acme/weather  1.2.0    Forecasts and current cond…',
      'io.github.acme/mail     0.9.1    Send and read email',
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('cuts the next widest once the widest is down to its header, and stops there rather than wrap', () => {
    const lines = table(rows, 36).split('\n');
    expect(lines).toEqual([
      'NAME            VERSION  DESCRIPTION',
      'io.github.acm…  1.2.0    Forecasts…',
      'io.github.acm…  0.9.1    Send and r…',
    ]);
    // Narrower than every column's floor: still one line per row, never a wrapped cell.
    expect(table(rows, 10).split('\n')).toHaveLength(3);
  });
});

describe('spinner', () => {
  const screen = () => {
    const writes: string[] = [];
    return { writes, stream: { write: (s: string) => writes.push(s) > 0 } };
  };

  it('draws while the work runs and erases itself before the answer', async () => {
    const { writes, stream } = screen();
    const out = createOutput({ json: false, spinner: true, spinnerStream: stream });
    const value = await out.busy('Looking up io.github.acme/weather', async () => {
      expect(writes.join('')).toMatch(/^\r\x1b\[K. Looking up io\.github\.acme\/weather$/);
      return 42;
    });
    expect(value).toBe(42);
    expect(writes[writes.length - 1]).toBe('\r\x1b[K');
  });

  it('erases itself when the work fails, and draws nothing when not enabled (piped, CI)', async () => {
    const { writes, stream } = screen();
    const out = createOutput({ json: false, spinner: true, spinnerStream: stream });
    await expect(out.busy('Searching', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(writes[writes.length - 1]).toBe('\r\x1b[K');
    const quiet = screen();
    await createOutput({ json: true, spinner: false, spinnerStream: quiet.stream }).busy('Searching', async () => 1);
    expect(quiet.writes).toEqual([]);
  });
});
