/** A line-based unified diff, enough to show what `--dry-run` would change in a host file. */

const CONTEXT = 3;

interface Op {
  kind: ' ' | '-' | '+';
  /** The line with its terminator, so a missing final newline shows up as a change. */
  line: string;
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Myers' O((N+M)·D) shortest edit script. `trace[d]` is the furthest-reaching x on each diagonal
 * k (offset by `max`) after d edits; walking it backwards recovers the script.
 */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const max = a.length + b.length;
  const v = new Int32Array(2 * max + 2);
  const at = (k: number): number => v[k + max] ?? 0;
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? at(k + 1) : at(k - 1) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v[k + max] = x;
      if (x >= a.length && y >= b.length) return backtrack(a, b, trace, max);
    }
  }
  return [];
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], max: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] ?? new Int32Array(0);
    const at = (k: number): number => v[k + max] ?? 0;
    const k = x - y;
    const fromAbove = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = fromAbove ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x] ?? '' });
    }
    if (d === 0) break;
    if (fromAbove) ops.push({ kind: '+', line: b[--y] ?? '' });
    else ops.push({ kind: '-', line: a[--x] ?? '' });
  }
  return ops.reverse();
}

/** GNU style: `start,count`, with the count left out when it is 1 and start naming the line before an empty range. */
function range(start: number, count: number): string {
  if (count === 1) return String(start + 1);
  return `${count === 0 ? start : start + 1},${count}`;
}

function formatLine(op: Op): string {
  const body = op.line.endsWith('\n') ? op.line : `${op.line}\n\\ No newline at end of file\n`;
  return op.kind + body;
}

export function unifiedDiff(oldText: string, newText: string, label: string): string {
  if (oldText === newText) return '';
  const ops = editScript(splitLines(oldText), splitLines(newText));
  let out = `--- a/${label}\n+++ b/${label}\n`;
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  let first = 0;
  while (first < changed.length) {
    // Grow the hunk while the next change is close enough for the contexts to touch.
    let last = first;
    while (last + 1 < changed.length && (changed[last + 1] ?? 0) - (changed[last] ?? 0) <= 2 * CONTEXT + 1) last++;
    out += hunk(
      ops,
      Math.max(0, (changed[first] ?? 0) - CONTEXT),
      Math.min(ops.length, (changed[last] ?? 0) + CONTEXT + 1),
    );
    first = last + 1;
  }
  return out;
}

function hunk(ops: readonly Op[], from: number, to: number): string {
  const before = ops.slice(0, from);
  const oldStart = before.filter((op) => op.kind !== '+').length;
  const newStart = before.filter((op) => op.kind !== '-').length;
  const body = ops.slice(from, to);
  const oldCount = body.filter((op) => op.kind !== '+').length;
  const newCount = body.filter((op) => op.kind !== '-').length;
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${body.map(formatLine).join('')}`;
}
