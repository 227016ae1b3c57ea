'use client';
import { useState } from 'react';
import type { HostSnippet, InstallInfo } from '../lib/snippets';
import { CopyButton } from './copy-button';
import { Tabs } from './tabs';

/**
 * A server page's install section: the mcpm line and the host snippets when there is something
 * to install, what it needs (Docker, mcpm for a bundle), or — when nothing can be installed —
 * that, said once, with the repository to read instead.
 */
export function InstallSection({ install }: { install: InstallInfo }) {
  if (install.none) {
    return (
      <p className="mt-3 text-sm text-slate-800 dark:text-slate-200" data-install-none>
        {install.none.reason}{' '}
        {install.none.link ? (
          <>
            See{' '}
            <a href={install.none.link} rel="noopener nofollow" className="text-blue-800 underline dark:text-blue-300">
              {install.none.linkText}
            </a>{' '}
            for how to run it.
          </>
        ) : (
          'Its publisher gave no repository or website to read instead.'
        )}
      </p>
    );
  }
  return (
    <>
      {install.mcpm && (
        <div className="mt-3 flex items-center gap-2">
          <code
            className="min-w-0 flex-1 rounded bg-slate-100 px-3 py-2 font-mono text-sm [overflow-wrap:anywhere] dark:bg-slate-900"
            data-mcpm
          >
            {install.mcpm}
          </code>
          <CopyButton text={install.mcpm} label="Copy mcpm command" />
        </div>
      )}
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        mcpm writes every host you have, pins the version and keeps secrets in your keychain.
        {install.snippets.length > 0 ? ' Or add it by hand:' : ''}
      </p>
      {install.requirement && (
        <div role="note" className="mt-3 text-sm text-slate-800 dark:text-slate-200" data-install-requirement>
          <p>{install.requirement.text}</p>
          {install.requirement.command && (
            <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-3 font-mono text-sm dark:bg-slate-900">
              <code>{install.requirement.command}</code>
            </pre>
          )}
        </div>
      )}
      {install.snippets.length > 0 && (
        <div className="mt-3">
          {install.target && (
            <p className="mb-2 text-sm break-words text-slate-600 dark:text-slate-400">Runs {install.target}</p>
          )}
          {install.unpinned && (
            <p role="note" className="mb-2 text-sm text-amber-800 dark:text-amber-300" data-unpinned>
              {install.unpinned}
            </p>
          )}
          <InstallTabs snippets={install.snippets} />
        </div>
      )}
    </>
  );
}

/** WAI-ARIA tabs: arrow keys move between hosts, each panel has its snippet and a copy button. */
export function InstallTabs({ snippets }: { snippets: HostSnippet[] }) {
  const [active, setActive] = useState(0);
  return (
    <Tabs
      items={snippets.map((s) => ({ id: s.host, label: s.title, panel: <SnippetPanel snippet={s} /> }))}
      active={active}
      select={setActive}
      label="Install in"
      size="sm"
      className="min-w-0"
      panelClassName="pt-3"
    />
  );
}

function SnippetPanel({ snippet: s }: { snippet: HostSnippet }) {
  return (
    <>
      <div className="mb-2 flex items-center justify-between gap-2 text-sm text-slate-700 dark:text-slate-300">
        <span className="min-w-0 break-words">
          {s.where === 'terminal' ? (
            'Run in a terminal'
          ) : (
            <>
              Add to <code className="font-mono">{s.where}</code>
            </>
          )}
        </span>
        <CopyButton text={s.code} label={`Copy ${s.title} snippet`} />
      </div>
      <pre
        className="overflow-x-auto rounded bg-slate-100 p-3 font-mono text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100"
        data-snippet={s.host}
      >
        <code>{s.code}</code>
      </pre>
      {s.note && <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{s.note}</p>}
    </>
  );
}
