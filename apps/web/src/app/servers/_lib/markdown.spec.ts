import { type Block, type Inline, parseMarkdown, safeImage, safeLink } from './markdown';

const BASE = {
  linkBase: 'https://github.com/acme/weather/blob/main/',
  imageBase: 'https://raw.githubusercontent.com/acme/weather/main/',
  idPrefix: 'readme-',
};
const text = (v: string): Inline => ({ t: 'text', v });
/** Every URL anywhere in the tree. */
function urls(blocks: Block[]): string[] {
  const out: string[] = [];
  const inl = (ns: Inline[]) =>
    ns.forEach((n) =>
      n.t === 'link' ? (out.push(n.href), inl(n.c)) : n.t === 'img' ? out.push(n.src) : 'c' in n ? inl(n.c) : undefined,
    );
  const blk = (bs: Block[]) =>
    bs.forEach((b) => {
      if (b.t === 'p' || b.t === 'h') inl(b.c);
      else if (b.t === 'quote') blk(b.c);
      else if (b.t === 'list') b.items.forEach(blk);
      else if (b.t === 'table') [b.head, ...b.rows].forEach((r) => r.forEach(inl));
    });
  blk(blocks);
  return out;
}

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, emphasis, code, lists, quotes, rules and tables', () => {
    const md = [
      '# Weather *MCP*',
      '',
      'Forecasts for **sailors** and `tides`, ~~not~~ _ever_ snake_case_name.',
      'Same paragraph.  ',
      'After a break.',
      '',
      '- one',
      '- two',
      '  - nested',
      '',
      '1. first',
      '2. second',
      '',
      '> quoted **text**',
      '',
      '---',
      '',
      '```ts',
      'const x = "<b>";',
      '```',
      '',
      '| Tool | Does |',
      '| :--- | ---: |',
      '| `get` | reads \\| writes |',
    ].join('\n');
    expect(parseMarkdown(md, BASE)).toEqual([
      { t: 'h', level: 1, id: 'readme-weather-mcp', c: [text('Weather '), { t: 'em', c: [text('MCP')] }] },
      {
        t: 'p',
        c: [
          text('Forecasts for '),
          { t: 'strong', c: [text('sailors')] },
          text(' and '),
          { t: 'code', v: 'tides' },
          text(', '),
          { t: 'del', c: [text('not')] },
          text(' '),
          { t: 'em', c: [text('ever')] },
          text(' snake_case_name. Same paragraph.'),
          { t: 'br' },
          text('After a break.'),
        ],
      },
      {
        t: 'list',
        ordered: false,
        start: 1,
        items: [
          [{ t: 'p', c: [text('one')] }],
          [
            { t: 'p', c: [text('two')] },
            { t: 'list', ordered: false, start: 1, items: [[{ t: 'p', c: [text('nested')] }]] },
          ],
        ],
      },
      {
        t: 'list',
        ordered: true,
        start: 1,
        items: [[{ t: 'p', c: [text('first')] }], [{ t: 'p', c: [text('second')] }]],
      },
      { t: 'quote', c: [{ t: 'p', c: [text('quoted '), { t: 'strong', c: [text('text')] }] }] },
      { t: 'hr' },
      { t: 'pre', lang: 'ts', v: 'const x = "<b>";' },
      {
        t: 'table',
        align: ['left', 'right'],
        head: [[text('Tool')], [text('Does')]],
        rows: [[[{ t: 'code', v: 'get' }], [text('reads | writes')]]],
      },
    ]);
  });

  it('resolves relative links and images against the repository, reference links too, and anchors to the page', () => {
    const md =
      '[Setup](docs/setup.md) ![Logo](img/logo.png) [site][home] <https://example.com/x> see https://example.org/a. [top](#Weather-MCP)\n\n[home]: https://example.com "Home"';
    const [p] = parseMarkdown(md, BASE) as [Extract<Block, { t: 'p' }>];
    expect(p.c).toEqual([
      { t: 'link', href: 'https://github.com/acme/weather/blob/main/docs/setup.md', c: [text('Setup')] },
      text(' '),
      { t: 'img', src: 'https://raw.githubusercontent.com/acme/weather/main/img/logo.png', alt: 'Logo' },
      text(' '),
      { t: 'link', href: 'https://example.com/', c: [text('site')] },
      text(' '),
      { t: 'link', href: 'https://example.com/x', c: [text('https://example.com/x')] },
      text(' see '),
      { t: 'link', href: 'https://example.org/a', c: [text('https://example.org/a')] },
      text('. '),
      { t: 'link', href: '#readme-weather-mcp', c: [text('top')] },
    ]);
  });

  it('never yields a script, a raw HTML tag or a dangerous URL', () => {
    const md = [
      '<script>alert(1)</script>',
      '',
      '<p align="center"><b>Bold</b> <img src=x onerror=alert(1)></p>',
      '',
      '[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) [tab](java\tscript:alert(1)) [vb](VBScript:msgbox)',
      '![x](javascript:alert(1)) ![y](http://insecure.example/i.png) <javascript:alert(1)>',
      '<!-- a comment with <script>evil()</script> -->',
      '<style>body{display:none}</style>',
      'Inline <span onclick="x()">span</span> text',
    ].join('\n');
    const tree = parseMarkdown(md, BASE);
    // Nothing but text comes out (React escapes it): no link or image, no element from the HTML.
    expect(urls(tree)).toEqual([]);
    const all = JSON.stringify(tree);
    expect(all).not.toMatch(/alert\(1\)<\/script>|evil|onerror|onclick|display:none|<span|<img|<p|<b>/i);
    expect(all).toContain('"Bold "');
    expect(all).toContain('click');
    expect(all).toContain('Inline span text');
  });

  it('treats an unterminated fence, comment or script as running to the end, and reads hostile input in linear time', () => {
    // Code keeps what it shows, HTML examples included.
    expect(parseMarkdown('```html\n<script src="x.js"></script>\n<!-- note -->\n```', BASE)).toEqual([
      { t: 'pre', lang: 'html', v: '<script src="x.js"></script>\n<!-- note -->' },
    ]);
    expect(parseMarkdown('```\ncode <script>', BASE)).toEqual([{ t: 'pre', v: 'code <script>' }]);
    expect(parseMarkdown('before <script>alert(1)', BASE)).toEqual([{ t: 'p', c: [text('before ')] }]);
    expect(
      parseMarkdown('<script>\nlet a = 1;\n\nalert(a);\n</script>\nafter\n\n<!--\nhidden\n\n-->\nshown', BASE),
    ).toEqual([
      { t: 'p', c: [text('after')] },
      { t: 'p', c: [text('shown')] },
    ]);
    // A counter of work done, not a clock: these finish because every scan is bounded.
    for (const hostile of [
      '['.repeat(200_000),
      '*a '.repeat(50_000),
      '`'.repeat(100_000),
      '> '.repeat(10_000) + 'deep',
      `${'- '.repeat(5_000)}x`,
    ]) {
      expect(Array.isArray(parseMarkdown(hostile, BASE))).toBe(true);
    }
  });
});

describe('safe URLs', () => {
  it('keeps http(s) and mailto links, https images, and nothing else', () => {
    expect(safeLink('https://a.example/x', {})).toBe('https://a.example/x');
    expect(safeLink('mailto:a@b.example', {})).toBe('mailto:a@b.example');
    expect(safeLink('docs/x.md', {})).toBeUndefined();
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
    ]) {
      expect(safeLink(bad, BASE)).toBeUndefined();
    }
    expect(safeImage('https://img.example/a.png', {})).toBe('https://img.example/a.png');
    expect(safeImage('http://img.example/a.png', {})).toBeUndefined();
    expect(safeImage('https://user:pw@img.example/a.png', {})).toBeUndefined();
  });
});
