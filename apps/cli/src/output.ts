/**
 * Output goes through here so `--json` is honoured everywhere: a read command prints exactly one
 * JSON document on stdout; human text goes to stdout, notes and warnings to stderr.
 */
export interface Output {
  json: boolean;
  /** The command's result: JSON when --json, else the text rendering. */
  result(value: unknown, text: () => string): void;
  info(line: string): void;
  warn(line: string): void;
}

const useColor = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
export const bold = (s: string) => (useColor() ? `\x1b[1m${s}\x1b[22m` : s);
export const dim = (s: string) => (useColor() ? `\x1b[2m${s}\x1b[22m` : s);
export const yellow = (s: string) => (useColor() ? `\x1b[33m${s}\x1b[39m` : s);
export const red = (s: string) => (useColor() ? `\x1b[31m${s}\x1b[39m` : s);

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      if (json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
      else {
        const t = text();
        if (t) process.stdout.write(t.endsWith('\n') ? t : t + '\n');
      }
    },
    info(line) {
      if (!json) process.stdout.write(line + '\n');
      else process.stderr.write(line + '\n');
    },
    warn(line) {
      process.stderr.write(yellow(`warning: ${line}`) + '\n');
    },
  };
}

/** Left-aligned columns for tables. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
