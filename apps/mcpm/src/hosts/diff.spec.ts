import { unifiedDiff } from './diff';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join('');

/** Applies a diff from unifiedDiff to `oldText`, the way patch(1) would. */
function applyDiff(oldText: string, diff: string): string {
  const old = oldText.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  let cursor = 0;
  const body = diff.split('\n').slice(2, -1);
  for (let i = 0; i < body.length; i++) {
    const row = body[i] ?? '';
    const header = /^@@ -(\d+)(?:,(\d+))? /.exec(row);
    if (header) {
      const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      out.push(...old.slice(cursor, start));
      cursor = start;
      continue;
    }
    const noEol = body[i + 1] === '\\ No newline at end of file';
    const text = row.slice(1) + (noEol ? '' : '\n');
    if (noEol) i++;
    if (row[0] !== '+') cursor++;
    if (row[0] !== '-') out.push(text);
  }
  return out.join('') + old.slice(cursor).join('');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x.json')).toBe('');
  });

  it('shows a change with three lines of context', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff(before, after, 'config.json')).toBe(
      [
        '--- a/config.json',
        '+++ b/config.json',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('shows a new file as one added hunk', () => {
    expect(unifiedDiff('', 'a\nb\n', 'new.toml')).toBe('--- a/new.toml\n+++ b/new.toml\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('a\n', 'a\nb', 'f')).toBe(
      '--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('a', 'a\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n');
  });

  it('splits far-apart changes into hunks and joins near ones', () => {
    const before = lines(30);
    const far = before.replace('line 3\n', 'x\n').replace('line 25\n', 'y\n');
    expect(unifiedDiff(before, far, 'f').match(/^@@ .* @@$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -22,7 +22,7 @@']);
    const near = before.replace('line 3\n', 'x\n').replace('line 9\n', 'y\n');
    expect(unifiedDiff(before, near, 'f').match(/^@@ .* @@$/gm)).toEqual(['@@ -1,12 +1,12 @@']);
  });

  it('produces diffs that turn the old text into the new one', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const text = () => Array.from({ length: random(25) }, () => 'abcd'[random(4)]).join('\n') + (random(2) ? '\n' : '');
    for (let i = 0; i < 500; i++) {
      const [before, after] = [text(), text()];
      expect(applyDiff(before, unifiedDiff(before, after, 'f'))).toBe(after);
    }
  });
});
