import type { ReactNode } from 'react';
import { type Block, type Inline, type MarkdownOptions, parseMarkdown } from '../_lib/markdown';

const LINK = 'text-blue-800 underline break-words dark:text-blue-300';
const HEADING: Record<number, string> = {
  3: 'mt-6 text-xl font-semibold first:mt-0',
  4: 'mt-5 text-lg font-semibold',
  5: 'mt-4 font-semibold',
  6: 'mt-4 text-sm font-semibold uppercase tracking-wide',
};

/**
 * Markdown shown as React elements from parseMarkdown's tree: every text is escaped by React,
 * no HTML string is ever injected, and URLs arrive already checked. Headings start at level 3
 * (the page has its h1 and the section its h2).
 */
export function MarkdownView({ markdown, options }: { markdown: string; options: MarkdownOptions }) {
  return (
    <div className="min-w-0 space-y-3 text-slate-900 [overflow-wrap:anywhere] dark:text-slate-100">
      {blocks(parseMarkdown(markdown, options))}
    </div>
  );
}

function blocks(list: Block[]): ReactNode[] {
  return list.map((b, i) => {
    switch (b.t) {
      case 'h': {
        const level = Math.min(b.level + 2, 6) as 3 | 4 | 5 | 6;
        const H = `h${level}` as const;
        return (
          <H key={i} id={b.id} className={HEADING[level]}>
            {inlines(b.c)}
          </H>
        );
      }
      case 'p':
        return <p key={i}>{inlines(b.c)}</p>;
      case 'pre':
        return (
          <pre
            key={i}
            className="overflow-x-auto rounded bg-slate-100 p-3 font-mono text-sm [overflow-wrap:normal] dark:bg-slate-900"
            data-lang={b.lang}
          >
            <code>{b.v}</code>
          </pre>
        );
      case 'quote':
        return (
          <blockquote
            key={i}
            className="space-y-3 border-l-4 border-slate-300 pl-4 text-slate-700 dark:border-slate-600 dark:text-slate-300"
          >
            {blocks(b.c)}
          </blockquote>
        );
      case 'list': {
        const items = b.items.map((item, k) => (
          <li key={k} className="space-y-2">
            {blocks(item)}
          </li>
        ));
        return b.ordered ? (
          <ol key={i} start={b.start === 1 ? undefined : b.start} className="list-decimal space-y-1 pl-6">
            {items}
          </ol>
        ) : (
          <ul key={i} className="list-disc space-y-1 pl-6">
            {items}
          </ul>
        );
      }
      case 'hr':
        return <hr key={i} className="border-slate-200 dark:border-slate-700" />;
      case 'table':
        return (
          <div key={i} className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  {b.head.map((c, k) => (
                    <th
                      key={k}
                      className="border-b border-slate-300 py-1 pr-4 dark:border-slate-600"
                      style={b.align[k] ? { textAlign: b.align[k]! } : undefined}
                    >
                      {inlines(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((row, r) => (
                  <tr key={r} className="border-t border-slate-200 dark:border-slate-700">
                    {row.map((c, k) => (
                      <td key={k} className="py-1 pr-4" style={b.align[k] ? { textAlign: b.align[k]! } : undefined}>
                        {inlines(c)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
    }
  });
}

function inlines(list: Inline[]): ReactNode[] {
  return list.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'code':
        return (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] dark:bg-slate-800">
            {n.v}
          </code>
        );
      case 'em':
        return <em key={i}>{inlines(n.c)}</em>;
      case 'strong':
        return <strong key={i}>{inlines(n.c)}</strong>;
      case 'del':
        return <del key={i}>{inlines(n.c)}</del>;
      case 'br':
        return <br key={i} />;
      case 'link':
        return (
          <a key={i} href={n.href} rel="nofollow noopener" className={LINK}>
            {inlines(n.c)}
          </a>
        );
      case 'img':
        // Images from the README's own sources: lazily, without telling them which page asked.
        return (
          <img
            key={i}
            src={n.src}
            alt={n.alt}
            loading="lazy"
            decoding="async"
            referrerPolicy="no-referrer"
            className="inline max-h-96 max-w-full align-middle"
          />
        );
    }
  });
}
