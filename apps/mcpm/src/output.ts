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
  /** `table()` fitted to the terminal when stdout is one; unchanged when piped, so scripts see stable columns. */
  table(rows: string[][]): string;
  /**
   * Runs `work` with a spinner on stderr saying what is awaited: only when stderr is a terminal
   * and not CI (`OutputOptions.spinner`), never on stdout, and cleared before anything is printed.
   */
  busy<T>(label: string, work: () => Promise<T>): Promise<T>;
}

export interface OutputOptions {
  json: boolean;
  /** Terminal width when stdout is a terminal; undefined when piped. */
  columns?: number;
  spinner?: boolean;
  /** Where the spinner draws (stderr); a parameter so tests can watch it. */
  spinnerStream?: Pick<NodeJS.WriteStream, 'write'>;
}

const useColor = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
export const bold = (s: string) => (useColor() ? `\x1b[1m${s}\x1b[22m` : s);
export const dim = (s: string) => (useColor() ? `\x1b[2m${s}\x1b[22m` : s);
export const yellow = (s: string) => (useColor() ? `\x1b[33m${s}\x1b[39m` : s);
export const red = (s: string) => (useColor() ? `\x1b[31m${s}\x1b[39m` : s);

export function createOutput(o: OutputOptions): Output {
  const { json } = o;
  const spinner = o.spinner ? new Spinner(o.spinnerStream ?? process.stderr) : undefined;
  return {
    json,
    result(value, text) {
      spinner?.clear();
      if (json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
      else {
        const t = text();
        if (t) process.stdout.write(t.endsWith('\n') ? t : t + '\n');
      }
    },
    info(line) {
      spinner?.clear();
      if (!json) process.stdout.write(line + '\n');
      else process.stderr.write(line + '\n');
    },
    warn(line) {
      spinner?.clear();
      process.stderr.write(yellow(`warning: ${line}`) + '\n');
    },
    table: (rows) => table(rows, o.columns),
    busy: (label, work) => (spinner ? spinner.during(label, work) : work()),
  };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** One line on stderr, redrawn in place; `clear` erases it so the next write starts on a clean line. */
class Spinner {
  private labels: string[] = [];
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private drawn = false;

  constructor(private readonly stream: Pick<NodeJS.WriteStream, 'write'>) {}

  async during<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.labels.push(label);
    this.draw();
    // Unref'd: a spinner never keeps mcpm alive.
    this.timer ??= setInterval(() => this.draw(), 80).unref();
    try {
      return await work();
    } finally {
      this.labels.splice(this.labels.lastIndexOf(label), 1);
      if (this.labels.length === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.clear();
      }
    }
  }

  clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  private draw(): void {
    const label = this.labels[this.labels.length - 1];
    if (label === undefined) return;
    this.stream.write(`\r\x1b[K${FRAMES[this.frame++ % FRAMES.length]} ${label}`);
    this.drawn = true;
  }
}

/**
 * Left-aligned columns for tables. With `width` (a terminal's), a table wider than it is fitted
 * by cutting the widest column, with an ellipsis, until the rows fit or every column is down to
 * its header: rows never wrap in the middle. Without `width` (piped) nothing is cut.
 */
export function table(rows: string[][], width?: number): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  if (width !== undefined) {
    const floor = rows[0]!.map((h, i) => Math.min(widths[i]!, Math.max(MIN_COLUMN, h.length)));
    const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
    while (total() > width) {
      const cuttable = widths.flatMap((w, i) => (w > floor[i]! ? [i] : []));
      if (cuttable.length === 0) break;
      const widest = cuttable.reduce((best, i) => (widths[i]! > widths[best]! ? i : best));
      widths[widest] = Math.max(floor[widest]!, widths[widest]! - (total() - width));
    }
  }
  const cut = (c: string, w: number) => (c.length > w ? c.slice(0, w - 1).trimEnd() + '…' : c);
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? cut(c, widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!)))
        .join(' '.repeat(GAP))
        .trimEnd(),
    )
    .join('\n');
}

const GAP = 2;
/** No column is cut below this (or its header), so a cut cell still says something. */
const MIN_COLUMN = 8;
